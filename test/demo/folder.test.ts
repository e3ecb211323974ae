import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoUpload, writeDemoFolder } from '#demo/index.ts';

const upload = (fileName: string, uploadedAt: string, body = fileName): DemoUpload => ({
  city: '510100',
  period: '2024Q3',
  fileName,
  body: Buffer.from(body),
  uploadedAt: new Date(uploadedAt),
  kinds: ['enterprises'],
  expectedStatus: 'accepted',
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeDemoFolder', () => {
  it('numbers the files of a city and period in upload order and stamps each with its upload time', async () => {
    // Prepare: given out of order, the correction after the rejected file
    dir = await mkdtemp(join(tmpdir(), 'ipstats-demo-'));
    const uploads = [
      upload('enterprises-v2.csv', '2024-10-09T02:00:00Z', 'corrected'),
      upload('indicators.csv', '2024-10-08T02:00:00Z'),
      upload('enterprises.csv', '2024-10-08T02:05:00Z', 'spoiled'),
    ];

    // Act
    await writeDemoFolder(uploads, dir);

    // Assess
    const folder = join(dir, '510100', '2024Q3');
    const names = (await readdir(folder)).sort();
    expect(names).toEqual(['01-indicators.csv', '02-enterprises.csv', '03-enterprises-v2.csv']);
    expect((await stat(join(folder, '03-enterprises-v2.csv'))).mtime.toISOString()).toBe(
      '2024-10-09T02:00:00.000Z',
    );
    expect(await readFile(join(folder, '02-enterprises.csv'), 'utf8')).toBe('spoiled');
  });
});
