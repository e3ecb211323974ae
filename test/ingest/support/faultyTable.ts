/**
 * The dynalite table of a test file whose tests inject faults into its client: started before
 * the file's tests, closed after them, and each test's faults removed when the test ends.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type DynaliteTable, startDynaliteTable } from '../../support/dynaliteTable.ts';
import { type FaultPlan, type InjectedFaults, injectFaults } from './faults.ts';

export interface FaultyTable {
  /** The table (available once the file's tests run). */
  readonly table: DynaliteTable;
  /** Injects faults into the table's client until the end of the current test. */
  inject(plan: FaultPlan): InjectedFaults;
}

export function useFaultyTable(): FaultyTable {
  let table: DynaliteTable | undefined;
  let faults: InjectedFaults | undefined;
  beforeAll(async () => {
    table = await startDynaliteTable();
  });
  afterEach(() => {
    faults?.remove();
    faults = undefined;
  });
  afterAll(async () => {
    await table?.close();
  });
  const started = (): DynaliteTable => {
    if (!table) throw new Error('the dynalite table is started in beforeAll');
    return table;
  };
  return {
    get table() {
      return started();
    },
    inject(plan) {
      faults = injectFaults(started().client, plan);
      return faults;
    },
  };
}
