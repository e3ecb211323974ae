/**
 * Entry point of a measurement child process: `child.ts <task> <json args>`; prints the result as
 * one JSON line on stdout (anything else the task prints goes to stderr).
 */
import { runIngest } from './ingestBench.ts';
import { runParse } from './parseBench.ts';
import { runBareWrite, runRollup } from './rollupBench.ts';

const tasks: Record<string, (args: never) => Promise<unknown>> = {
  parse: runParse,
  ingest: runIngest,
  rollup: runRollup,
  bareWrite: runBareWrite,
};

const [task = '', json = '{}'] = process.argv.slice(2);
const run = tasks[task];
if (!run) {
  process.stderr.write(`unknown benchmark task ${task}\n`);
  process.exit(2);
}
const result = await run(JSON.parse(json) as never);
process.stdout.write(`${JSON.stringify(result)}\n`);
// Handles left open by a library (sockets of the embedded stack) must not keep the child alive.
process.exit(0);
