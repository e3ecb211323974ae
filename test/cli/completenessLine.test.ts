import { describe, expect, it } from 'vitest';
import { completenessLine } from '#cli/commands/rollup.ts';
import { quarterPeriod } from '#shared/domain/period.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { aCity, aCityInput, anInput } from '../rollup/builders.ts';
import { nationalFixture } from '../rollup/fixture.ts';

/** The terms after `=` and the total before it. */
function terms(line: string): { total: number; parts: number[] } {
  const [left = '', right = ''] = line.split('=');
  const numbers = (text: string) => [...text.replace(/（.*）/, '').matchAll(/\d+/g)].map(Number);
  return { total: numbers(left)[0] ?? Number.NaN, parts: numbers(right) };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe("the roll-up's completeness line", () => {
  it('adds up: 应报 = 按时 + 迟报 + 未报 + 仅有被退回, with the reported cities beside', () => {
    // The fixture's 2024Q2: 甲乙 on time, 丙 late, 丁 rejected only.
    const line = completenessLine(computeRollup(nationalFixture()).completeness);

    expect(line).toBe('应报 4 = 按时 2 + 迟报 1 + 未报 0 + 仅有被退回 1（已报 3）');
    const { total, parts } = terms(line);
    expect(sum(parts)).toBe(total);
  });

  it('names the cities not yet due as a term of their own, before the deadline', () => {
    // 2024Q3 rolled up on 2024-10-10 (deadline 2024-10-15): nothing was uploaded yet.
    const rollup: NationalRollup = computeRollup(
      anInput(
        quarterPeriod(2024, 3),
        [aCity('110101', '甲市'), aCity('220202', '乙市')],
        [aCityInput('110101')],
        {
          generatedAt: '2024-10-10T02:00:00.000Z',
        },
      ),
    );

    const line = completenessLine(rollup.completeness);

    expect(line).toBe('应报 2 = 按时 0 + 迟报 0 + 未报 0 + 仅有被退回 0 + 未到期 2（已报 0）');
    const { total, parts } = terms(line);
    expect(sum(parts)).toBe(total);
  });
});
