export {};

/**
 * Entry point of a measurement child process: `child.ts <task> <json args>`; prints the result as
 * one JSON line on stdout. Only the task's own module is loaded, so that the peak RSS of a parse
 * measurement does not include the embedded stack or the report writers.
 */

const tasks: Record<string, () => Promise<(args: never) => Promise<unknown>>> = {
  parse: async () => (await import('./parseBench.ts')).runParse,
  ingest: async () => (await import('./ingestBench.ts')).runIngest,
  rollup: async () => (await import('./rollupBench.ts')).runRollup,
  bareWrite: async () => (await import('./rollupBench.ts')).runBareWrite,
  stackSeed: async () => (await import('./rollupStackBench.ts')).runStackSeed,
  stackRollup: async () => (await import('./rollupStackBench.ts')).runStackRollup,
  burst: async () => (await import('./burstBench.ts')).runBurst,
};

const [task = '', json = '{}'] = process.argv.slice(2);
const load = tasks[task];
if (!load) {
  process.stderr.write(`unknown benchmark task ${task}\n`);
  process.exit(2);
}
const run = await load();
const result = await run(JSON.parse(json) as never);
process.stdout.write(`${JSON.stringify(result)}\n`);
// Handles left open by a library (sockets of the embedded stack) must not keep the child alive.
process.exit(0);
