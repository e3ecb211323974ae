/**
 * CLI start-up: `ipstats --help` and `ipstats validate` of a 1,000-row CSV, each run as a user
 * runs it (`node bin/ipstats.js …`, the bundle that `npm install` builds, rebuilt first so that it
 * is fresh), in a new process. Wall time end to end, and the process's CPU time from
 * `/usr/bin/time` when it is there.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEnterpriseSheet } from '#demo/index.ts';
import { writeUploadCsv } from '#demo/uploadFiles/writeUpload.ts';
import { median } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

export interface CliRunFigures {
  wallSeconds: number;
  /** null when /usr/bin/time is not available. */
  cpuSeconds: number | null;
  runs: number;
}

export interface CliFigures {
  help: CliRunFigures;
  validate1kCsv: CliRunFigures;
}

export async function benchCli(dir: string, runs: number): Promise<CliFigures> {
  const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'build-cli.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build:cli failed');
  const csv = join(dir, 'enterprises-1000.csv');
  await writeFile(csv, writeUploadCsv('enterprises', generateEnterpriseSheet({ count: 1000 })));
  const cli = join(ROOT, 'bin', 'ipstats.js');
  return {
    help: await timeRuns([cli, '--help'], runs),
    validate1kCsv: await timeRuns([cli, 'validate', csv, '--city', '440300', '--period', '2024Q3'], runs),
  };
}

async function timeRuns(args: readonly string[], runs: number): Promise<CliRunFigures> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < runs; run++) {
    const measured = await timeOnce(args);
    walls.push(measured.wall);
    if (measured.cpu !== null) cpus.push(measured.cpu);
  }
  return { wallSeconds: median(walls), cpuSeconds: cpus.length > 0 ? median(cpus) : null, runs };
}

function timeOnce(args: readonly string[]): Promise<{ wall: number; cpu: number | null }> {
  const timed = existsSync(TIME);
  const [command, argv] = timed
    ? [TIME, ['-f', '@cpu %U %S', process.execPath, ...args]]
    : [process.execPath, [...args]];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, argv, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const wall = (performance.now() - started) / 1000;
      // validate exits 1 for a rejected file; anything else than 0/1 is a failure of the run.
      if (error && typeof error.code === 'number' && error.code > 1) return reject(error);
      if (error && typeof error.code !== 'number') return reject(error);
      const match = /@cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({ wall, cpu: match ? Number(match[1]) + Number(match[2]) : null });
    });
  });
}
