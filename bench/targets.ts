/** The performance targets of issues 7 and 18 and their check against a benchmark result. */
import type { BenchResult } from './result.ts';

export interface TargetCheck {
  id: string;
  /** What is required, in words. */
  description: string;
  value: number | null;
  limit: number;
  comparison: '<=' | '>=' | '<';
  unit: string;
  /** null when the figure was not measured (part skipped or failed). */
  pass: boolean | null;
}

const MIB = 1024 * 1024;

function check(
  id: string,
  description: string,
  value: number | undefined | null,
  comparison: TargetCheck['comparison'],
  limit: number,
  unit: string,
): TargetCheck {
  const known = value === undefined || value === null || Number.isNaN(value) ? null : value;
  const pass =
    known === null
      ? null
      : comparison === '<='
        ? known <= limit
        : comparison === '>='
          ? known >= limit
          : known < limit;
  return { id, description, value: known, limit, comparison, unit, pass };
}

export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { parse, ingest, rollup, bundles } = result;
  for (const [name, figures] of Object.entries(parse ?? {})) {
    const csv = name.startsWith('csv');
    // Issue 18: CSV against the floor (papaparse plus the cheapest record building), xlsx against
    // the bare exceljs reader.
    checks.push(
      csv
        ? check(
            `parse.${name}.ratio`,
            `${name}: parse+validate ≤ 1.5× floor`,
            figures.ratioToFloor,
            '<=',
            1.5,
            '×',
          )
        : check(
            `parse.${name}.ratio`,
            `${name}: parse+validate ≤ 1.3× bare exceljs reader`,
            figures.ratioToBareParser,
            '<=',
            1.3,
            '×',
          ),
    );
    checks.push(
      check(
        `parse.${name}.throughput`,
        `${name}: ≥ ${csv ? '250k' : '25k'} rows/s`,
        figures.rowsPerSec,
        '>=',
        csv ? 250_000 : 25_000,
        'rows/s',
      ),
    );
    if (name.endsWith('100k'))
      checks.push(
        check(`parse.${name}.rss`, `${name}: peak RSS < 300 MB`, figures.peakRssMb, '<', 300, 'MB'),
      );
  }
  for (const format of ['csv', 'xlsx']) {
    const small = parse?.[`${format}_10k`];
    const large = parse?.[`${format}_100k`];
    if (small && large) {
      checks.push(
        check(
          `parse.${format}.rssGrowth`,
          `${format}: peak RSS at 100k ≤ 1.5× at 10k`,
          large.peakRssMb / small.peakRssMb,
          '<=',
          1.5,
          '×',
        ),
      );
    }
  }
  if (ingest) {
    checks.push(
      check(
        'ingest.writeRequests',
        '≤ 10 write requests per 1,000 rows',
        ingest.writeRequestsPer1000Rows,
        '<=',
        10,
        'req',
      ),
    );
    checks.push(
      check(
        'ingest.writeUnits',
        '≤ 200 write units per 1,000 rows',
        ingest.writeUnitsPer1000Rows,
        '<=',
        200,
        'WCU',
      ),
    );
  }
  if (rollup) {
    checks.push(
      check(
        'rollup.seconds',
        'roll-up (compute + charts + workbook) < 60 s',
        rollup.computeSeconds + rollup.chartSeconds + rollup.workbookSeconds,
        '<',
        60,
        's',
      ),
    );
    checks.push(check('rollup.rss', 'roll-up peak RSS < 1 GB', rollup.peakRssMb, '<', 1024, 'MB'));
    checks.push(
      check(
        'rollup.ratio',
        'workbook (charts drawn apart) ≤ 1.5× bare exceljs write of its cells and pictures',
        rollup.ratioToBareWrite,
        '<=',
        1.5,
        '×',
      ),
    );
  }
  checks.push(...rollupStackTargets(result));
  for (const [name, figures] of Object.entries(bundles ?? {})) {
    checks.push(
      check(`bundles.${name}.size`, `${name}: bundle ≤ 1.5 MB`, figures.bytes / MIB, '<=', 1.5, 'MB'),
    );
    checks.push(check(`bundles.${name}.load`, `${name}: cold load < 300 ms`, figures.loadMs, '<', 300, 'ms'));
  }
  if (result.cli) {
    // CPU seconds when /usr/bin/time measured them (the wall time of an idle machine), else wall.
    const { help, validate1kCsv } = result.cli;
    checks.push(
      check('cli.help', 'ipstats --help ≤ 0.3 s', help.cpuSeconds ?? help.wallSeconds, '<=', 0.3, 's'),
    );
    checks.push(
      check(
        'cli.validate',
        'ipstats validate of a 1,000-row CSV ≤ 0.6 s',
        validate1kCsv.cpuSeconds ?? validate1kCsv.wallSeconds,
        '<=',
        0.6,
        's',
      ),
    );
  }
  if (result.burst) {
    checks.push(
      check(
        'burst.p95',
        `${result.burst.uploads} uploads at once: p95 upload → result ≤ 2 s`,
        (result.burst.threadedBurst ?? result.burst.burst).p95Seconds,
        '<=',
        2,
        's',
      ),
    );
  }
  checks.push(check('total.seconds', 'whole benchmark < 10 minutes', result.durationSeconds, '<', 600, 's'));
  return checks;
}

/** Issue 18: the roll-up through the real path at national scale. */
function rollupStackTargets(result: BenchResult): TargetCheck[] {
  const runs = result.rollupStack?.runs;
  if (!runs) return [];
  const of = (cities: number) => runs.find((run) => run.cities === cities);
  const [at300, at1000] = [of(300), of(1000)];
  return [
    check('rollupStack.seconds', 'real-path roll-up of 1,000 cities ≤ 15 s', at1000?.seconds, '<=', 15, 's'),
    check(
      'rollupStack.rss',
      'real-path roll-up peak RSS ≤ 600 MB',
      Math.max(...runs.map((run) => run.peakRssMb)),
      '<=',
      600,
      'MB',
    ),
    check(
      'rollupStack.rssGrowth',
      'real-path peak RSS at 1,000 cities ≤ 1.3× at 300',
      at300 && at1000 ? at1000.peakRssMb / at300.peakRssMb : null,
      '<=',
      1.3,
      '×',
    ),
  ];
}
