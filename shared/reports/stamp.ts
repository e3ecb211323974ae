import type { NationalRollup } from '../rollup/types.ts';
import type { ReportStamp } from './xlsx/reportSheet.ts';

/** The data-as-of and generated times every sheet states. */
export function rollupStamp(rollup: NationalRollup): ReportStamp {
  return { dataAsOf: rollup.lineage.dataAsOf, generatedAt: rollup.generatedAt };
}
