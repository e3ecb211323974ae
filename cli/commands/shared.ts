/** Helpers the command modules share. */
import type { ObjectStore } from '#shared/ports.ts';
import { type Backend, openBackend } from '../backend.ts';
import type { TargetOptions } from '../options.ts';

/** Opens the chosen stack, runs `work` against it and always closes it. */
export async function withBackend<T>(
  target: TargetOptions & { stack?: boolean },
  work: (backend: Backend) => Promise<T>,
): Promise<T> {
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

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

export async function readJson(objects: ObjectStore, key: string): Promise<unknown> {
  const stored = await objects.get(key);
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
