/**
 * A folder of uploads laid out like the bucket: `{DIR}/{cityCode}/{period}/{file}`. Files are
 * taken in the lexicographic order of their path below DIR (how a city numbers its files decides
 * the order they are sent in), and a file's modification time is when it counts as uploaded.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UploadKeyError } from '#shared/domain/errors.ts';
import { parseUploadKey } from '#shared/domain/uploadKey.ts';
import { UsageError } from './errors.ts';
import type { PipelineUpload } from './pipeline.ts';

export interface FolderUpload extends PipelineUpload {
  /** Path below the folder, `/`-separated. */
  path: string;
  /** The quarter from the key, when the key is well formed. */
  period?: string;
  /** Why the key will be rejected (the same key rule ingest applies), when it will be. */
  keyProblem?: string;
}

export interface FolderScan {
  uploads: FolderUpload[];
  /** Files not uploaded: hidden files and office lock files. */
  skipped: string[];
}

/** Hidden files (.DS_Store …) and the `~$name.xlsx` lock files Excel and WPS leave behind. */
function isIgnorable(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name === 'Thumbs.db' || name === 'desktop.ini';
}

export async function scanUploadFolder(directory: string): Promise<FolderScan> {
  const info = await stat(directory).catch((cause: unknown) => {
    throw new UsageError(`找不到上传目录 ${directory}`, { cause });
  });
  if (!info.isDirectory()) throw new UsageError(`${directory} 不是目录`);

  const files: string[] = [];
  const skipped: string[] = [];
  await walk(directory, directory, files, skipped);
  // Code-unit order, not locale order: the same on every machine.
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const uploads: FolderUpload[] = [];
  for (const path of files) {
    const absolute = join(directory, ...path.split('/'));
    const [body, fileStat] = await Promise.all([readFile(absolute), stat(absolute)]);
    const key = `uploads/${path}`;
    uploads.push({ path, key, body, eventTime: fileStat.mtime, ...keyCheck(key) });
  }
  return { uploads, skipped: skipped.sort() };
}

async function walk(root: string, directory: string, files: string[], skipped: string[]): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const absolute = join(directory, entry.name);
    const path = relative(root, absolute).split(sep).join('/');
    if (isIgnorable(entry.name)) skipped.push(path);
    else if (entry.isDirectory()) await walk(root, absolute, files, skipped);
    else if (entry.isFile()) files.push(path);
  }
}

function keyCheck(key: string): { period?: string; keyProblem?: string } {
  try {
    return { period: parseUploadKey(key).period };
  } catch (error) {
    if (error instanceof UploadKeyError) return { keyProblem: error.message };
    throw error;
  }
}
