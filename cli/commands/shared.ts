import type { Backend } from '../backend.ts';
import { displayWidth } from '../io.ts';
import type { TargetOptions } from '../options.ts';

/** Opens the chosen stack, runs `work` against it and always closes it. */
export async function withBackend<T>(
  target: TargetOptions,
  work: (backend: Backend) => Promise<T>,
): Promise<T> {
  // Loaded here: the SDK clients and the embedded stack are for the commands that open a stack.
  const { openBackend } = await import('../backend.ts');
  const backend = await openBackend(target);
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** Left-aligns columns of a small text table (CJK characters count as two columns). */
export function formatTable(rows: ReadonlyArray<readonly string[]>): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries())
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell));
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - displayWidth(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
