/**
 * One temporary directory per test run: the workers' TMPDIR points into it, so whatever a test or
 * a library leaves in the system temp directory (CDK's `cdk.out*` assembly folders, esbuild's
 * bundles, a test's own mkdtemp) is removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const directory = mkdtempSync(join(tmpdir(), 'ipstats-test-run-'));
  process.env.TMPDIR = directory;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(directory, { recursive: true, force: true });
  };
}
