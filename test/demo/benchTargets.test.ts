import { describe, expect, it } from 'vitest';
import type { BenchResult, ParseFigures } from '#bench/result.ts';
import { median } from '#bench/stats.ts';
import { checkTargets } from '#bench/targets.ts';

const machine = { cpu: 'test', cores: 1, memoryGb: 1, node: 'v20', platform: 'linux', pinnedToOneCore: true };

function parseFigures(values: Partial<ParseFigures>): ParseFigures {
  return {
    rows: 100_000,
    rowsPerSec: 300_000,
    mbPerSec: 30,
    ratioToBareParser: 1.2,
    peakRssMb: 150,
    bareRssMb: 100,
    seconds: 0.33,
    wallSeconds: 0.35,
    bareSeconds: 0.3,
    bareRowsPerSec: 330_000,
    firstReadSeconds: 0.4,
    firstReadRowsPerSec: 250_000,
    firstReadRatioToBareParser: 1.25,
    bareFirstReadSeconds: 0.32,
    bytes: 12_000_000,
    runs: 3,
    readsPerRun: 4,
    ...values,
  };
}

const aResult = (extra: Partial<BenchResult>): BenchResult => ({
  command: 'npm run bench',
  machine,
  startedAt: '2024-10-16T00:00:00.000Z',
  durationSeconds: 100,
  ...extra,
});

const verdict = (result: BenchResult, id: string) => checkTargets(result).find((t) => t.id === id)?.pass;

describe('benchmark targets', () => {
  it('passes a CSV case at 250k rows/s and fails it just below', () => {
    const fast = aResult({ parse: { csv_100k: parseFigures({ rowsPerSec: 250_000 }) } });
    const slow = aResult({ parse: { csv_100k: parseFigures({ rowsPerSec: 249_999 }) } });

    expect(verdict(fast, 'parse.csv_100k.throughput')).toBe(true);
    expect(verdict(slow, 'parse.csv_100k.throughput')).toBe(false);
  });

  it('holds CSV to 1.5× the floor and xlsx to 1.3× the bare reader', () => {
    const result = aResult({
      parse: {
        csv_10k: parseFigures({ rows: 10_000, ratioToBareParser: 2, ratioToFloor: 1.5 }),
        csv_100k: parseFigures({ ratioToBareParser: 1.2, ratioToFloor: 1.51 }),
        xlsx_10k: parseFigures({ rows: 10_000, ratioToBareParser: 1.3, rowsPerSec: 30_000 }),
        xlsx_100k: parseFigures({ ratioToBareParser: 1.31, rowsPerSec: 30_000 }),
      },
    });

    expect(
      ['csv_10k', 'csv_100k', 'xlsx_10k', 'xlsx_100k'].map((name) => verdict(result, `parse.${name}.ratio`)),
    ).toEqual([true, false, true, false]);
  });

  it('holds xlsx to 25k rows/s rather than the CSV figure', () => {
    const result = aResult({ parse: { xlsx_10k: parseFigures({ rowsPerSec: 30_000 }) } });

    expect(verdict(result, 'parse.xlsx_10k.throughput')).toBe(true);
  });

  it('compares the peak RSS at 100k rows with the one at 10k rows of the same format', () => {
    const result = aResult({
      parse: {
        csv_10k: parseFigures({ rows: 10_000, peakRssMb: 100 }),
        csv_100k: parseFigures({ peakRssMb: 160 }),
      },
    });

    const growth = checkTargets(result).find((t) => t.id === 'parse.csv.rssGrowth');
    expect(growth?.value).toBeCloseTo(1.6);
    expect(growth?.pass).toBe(false);
  });

  it('measures bundle sizes in MiB and load times strictly below 300 ms', () => {
    const result = aResult({
      bundles: { ingest: { bytes: 1.5 * 1024 * 1024, loadMs: 300, loadWallMs: 310 } },
    });

    expect(verdict(result, 'bundles.ingest.size')).toBe(true);
    expect(verdict(result, 'bundles.ingest.load')).toBe(false);
  });

  it('leaves the targets of a part that did not run out of the list', () => {
    const ids = checkTargets(aResult({})).map((t) => t.id);

    expect(ids).toEqual(['total.seconds']);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
