/** Writes demo uploads as a folder tree for `ipstats run`: `{dir}/{city}/{period}/{NN}-{fileName}`. */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoUpload } from './uploads.ts';

export interface WrittenDemoFile {
  path: string;
  upload: DemoUpload;
}

/**
 * Each file's modification time is its upload time, and the `NN-` prefix numbers the uploads of
 * one city and period in upload order, so that sorting a folder's names gives the order in
 * which the city sent them. Returns the files written, in upload order.
 */
export async function writeDemoFolder(
  uploads: readonly DemoUpload[],
  dir: string,
): Promise<WrittenDemoFile[]> {
  const ordered = [...uploads].sort((a, b) => a.uploadedAt.getTime() - b.uploadedAt.getTime());
  const counters = new Map<string, number>();
  const written: WrittenDemoFile[] = [];
  for (const upload of ordered) {
    const folder = join(dir, upload.city, upload.period);
    const number = (counters.get(folder) ?? 0) + 1;
    counters.set(folder, number);
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${String(number).padStart(2, '0')}-${upload.fileName}`);
    await writeFile(path, upload.body);
    await utimes(path, upload.uploadedAt, upload.uploadedAt);
    written.push({ path, upload });
  }
  return written;
}
