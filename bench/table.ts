/** The human-readable form of a benchmark result: one table per part, then the targets. */
import type { BenchResult, BurstCase } from './result.ts';

function table(
  title: string,
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i] ?? ''))));
  // Columns of numbers right-aligned (their header too), columns of labels left-aligned.
  const numeric = header.map((_, i) => cells.slice(1).every((row) => /^-?[\d.,]+$/.test(row[i] ?? '')));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => pad(cell, widths[i] ?? 0, numeric[i] ?? false)).join('  ');
  return [
    `\n${title}`,
    line(cells[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

const thousands = (value: number) => value.toLocaleString('en-US');

export function renderTable(result: BenchResult): string {
  const parts: string[] = [];
  const m = result.machine;
  parts.push(
    `ipstats benchmark — ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}${m.pinnedToOneCore ? ', measured on one core (taskset -c 0)' : ''}`,
    'Times are CPU seconds of the measured step in a fresh process (the wall time on an idle core); wall times beside them.',
  );
  if (result.parse) {
    parts.push(
      'Parse: each process reads a 1,000-row warm-up file, then the measured file n times; the figures are the steady state (median of reads 2…n), "1st" the first read.',
    );
    parts.push(
      table(
        'Parse + validate (重点企业, 15 columns)',
        [
          'case',
          'rows',
          'MB',
          'CPU s',
          'wall s',
          'rows/s',
          'MB/s',
          'n',
          'bare CPU s',
          '× bare',
          'floor × bare',
          '× floor',
          '1st read rows/s',
          '1st × bare',
          'peak RSS MB',
          'bare RSS MB',
        ],
        Object.entries(result.parse).map(([name, f]) => [
          name,
          thousands(f.rows),
          (f.bytes / 1024 / 1024).toFixed(1),
          f.seconds,
          f.wallSeconds,
          thousands(f.rowsPerSec),
          f.mbPerSec,
          f.readsPerRun,
          f.bareSeconds,
          f.ratioToBareParser,
          f.floorRatioToBareParser ?? '–',
          f.ratioToFloor ?? '–',
          thousands(f.firstReadRowsPerSec),
          f.firstReadRatioToBareParser,
          f.peakRssMb,
          f.bareRssMb,
        ]),
      ),
    );
  }
  if (result.parse && Object.values(result.parse).some((f) => f.peers)) {
    const peer = (f: NonNullable<BenchResult['parse']>[string], name: 'sheetjs' | 'exceljsLoad') =>
      f.peers?.[name] ? [f.peers[name].seconds, f.peers[name].oursRatio] : ['–', '–'];
    parts.push(
      table(
        'Peers reading the same files to rows (SheetJS xlsx 0.18.5 XLSX.read + sheet_to_json; exceljs workbook.xlsx.load)',
        [
          'case',
          'ours CPU s',
          'SheetJS CPU s',
          'ours × SheetJS',
          'exceljs load CPU s',
          'ours × exceljs load',
        ],
        Object.entries(result.parse).map(([name, f]) => [
          name,
          f.seconds,
          ...peer(f, 'sheetjs'),
          ...peer(f, 'exceljsLoad'),
        ]),
      ),
    );
  }
  if (result.ingest) {
    const f = result.ingest;
    parts.push(
      table(
        'Ingest through the embedded stack (s3rver + dynalite)',
        ['rows', 'wall s', 'CPU s', 'status', 'write req', 'write units', 'req / 1k rows', 'units / 1k rows'],
        [
          [
            thousands(f.rows),
            f.seconds,
            f.cpuSeconds,
            f.status,
            f.writeRequests,
            f.writeUnits,
            f.writeRequestsPer1000Rows,
            f.writeUnitsPer1000Rows,
          ],
        ],
      ),
    );
  }
  if (result.rollup) {
    const f = result.rollup;
    parts.push(
      table(
        `Roll-up (${f.cities} cities × ${f.quarters} quarters × ${f.enterprisesPerCity} enterprises)`,
        [
          'compute CPU s',
          'charts CPU s',
          'workbook CPU s',
          'bare write CPU s',
          '× bare',
          'wall s',
          'workbook MB',
          'peak RSS MB',
        ],
        [
          [
            f.computeSeconds,
            f.chartSeconds,
            f.workbookSeconds,
            f.bareWriteSeconds,
            f.ratioToBareWrite,
            f.wallSeconds,
            f.workbookMb,
            f.peakRssMb,
          ],
        ],
      ),
    );
  }
  if (result.rollupStack) {
    const f = result.rollupStack;
    parts.push(
      table(
        `Roll-up of ${f.period} through the embedded stack (dynalite load, every report put to s3rver; ${f.quarters} quarters seeded${f.seedSeconds === null ? ', cached' : `, seeded in ${f.seedSeconds} s`}; wall times, both cores)`,
        [
          'cities',
          'reports',
          'MB',
          'wall s',
          'CPU s',
          'ms / city',
          'load s',
          'compute s',
          'publish s',
          'national indexed s',
          'peak RSS MB',
          'base RSS MB',
          'RSS after load MB',
          'chart threads',
          'load avg',
        ],
        f.runs.map((run) => [
          thousands(run.cities),
          thousands(run.reports),
          run.reportMb,
          run.seconds,
          run.cpuSeconds,
          run.msPerCity,
          run.loadSeconds,
          run.computeSeconds,
          run.publishSeconds,
          run.nationalSeconds,
          run.peakRssMb,
          run.baseRssMb,
          run.loadPeakRssMb,
          run.chartThreads,
          run.loadAverage.join('→'),
        ]),
      ),
    );
  }
  if (result.bundles) {
    parts.push(
      table(
        'Lambda bundles (esbuild, minified ESM, node22)',
        ['function', 'bytes', 'MB', 'cold import CPU ms', 'wall ms'],
        Object.entries(result.bundles).map(([name, f]) => [
          name,
          thousands(f.bytes),
          (f.bytes / 1024 / 1024).toFixed(2),
          f.loadMs,
          f.loadWallMs,
        ]),
      ),
    );
  }
  if (result.cli) {
    const { help, validate1kCsv } = result.cli;
    parts.push(
      table(
        'CLI start (node bin/ipstats.js, built bundle)',
        ['command', 'wall s', 'CPU s', 'runs'],
        [
          ['ipstats --help', help.wallSeconds.toFixed(3), help.cpuSeconds?.toFixed(3) ?? '—', help.runs],
          [
            'ipstats validate (1,000-row CSV)',
            validate1kCsv.wallSeconds.toFixed(3),
            validate1kCsv.cpuSeconds?.toFixed(3) ?? '—',
            validate1kCsv.runs,
          ],
        ],
      ),
    );
  }
  if (result.burst) {
    const b = result.burst;
    const row = (name: string, figures: BurstCase) => [
      name,
      figures.p50Seconds.toFixed(2),
      figures.p95Seconds.toFixed(2),
      figures.totalSeconds.toFixed(1),
      figures.cpuSeconds,
      Math.round((figures.cpuSeconds / b.uploads) * 1000),
      Math.round(figures.peakRssMb),
    ];
    parts.push(
      table(
        `Upload → result on the embedded stack (${b.uploads} demo uploads, wall s; CPU of every thread)`,
        ['case', 'p50', 'p95', 'all done', 'CPU s', 'CPU ms / upload', 'peak RSS MB'],
        [
          [
            'one at a time (1 core)',
            b.single.p50Seconds.toFixed(2),
            b.single.p95Seconds.toFixed(2),
            '—',
            b.single.cpuSeconds,
            Math.round((b.single.cpuSeconds / b.uploads) * 1000),
            '—',
          ],
          row(`all at once, ${b.concurrency} in flight (1 core)`, b.burst),
          ...(b.threadedBurst
            ? [
                row(
                  `all at once, ${b.concurrency} in flight, ${b.threadedBurst.threads} ingest thread${b.threadedBurst.threads === 1 ? '' : 's'} (all cores, not pinned)`,
                  b.threadedBurst,
                ),
              ]
            : []),
          row('all at once, 1 in flight (1 core)', b.serialBurst),
        ],
      ),
    );
  }
  if (result.targets) {
    parts.push(
      table(
        'Targets',
        ['target', 'value', 'limit', 'result'],
        result.targets.map((t) => [
          t.description,
          t.value === null ? '—' : `${Number(t.value.toFixed(2))} ${t.unit}`,
          `${t.comparison} ${t.limit} ${t.unit}`,
          t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL',
        ]),
      ),
    );
  }
  for (const [part, reason] of Object.entries(result.failures ?? {}))
    parts.push(`\n${part} FAILED: ${reason}`);
  parts.push(`\nTotal ${result.durationSeconds} s\n`);
  return parts.join('\n');
}
