import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3rver, startS3rver } from '#embedded/s3rver.ts';
import { createS3Client } from '#shared/adapters/clients.ts';
import { readConfig } from '#shared/adapters/config.ts';
import { loadRegistry, saveRegistry } from '#shared/adapters/registryStore.ts';
import { createS3ObjectStore } from '#shared/adapters/s3ObjectStore.ts';
import { ConfigError } from '#shared/domain/errors.ts';
import { DEFAULT_REGISTRY, RegistryError } from '#shared/domain/registry.ts';
import { ObjectNotFoundError, type ObjectStore } from '#shared/ports.ts';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('configuration from the environment', () => {
  const required = { DATA_BUCKET: 'data', TABLE_NAME: 'table' };

  it('fails fast naming the missing variable', () => {
    expect(() => readConfig({ TABLE_NAME: 'table' })).toThrow(ConfigError);
    expect(() => readConfig({ TABLE_NAME: 'table' })).toThrow('DATA_BUCKET');
    expect(() => readConfig({ DATA_BUCKET: 'data', TABLE_NAME: '  ' })).toThrow('TABLE_NAME');
  });

  it('applies the documented defaults', () => {
    expect(readConfig(required)).toMatchObject({
      dataBucket: 'data',
      tableName: 'table',
      deadlineDays: 15,
      registryKey: 'config/registry.json',
      maxUploadBytes: 20_971_520,
      metricsNamespace: 'ipstats',
    });
  });

  it('rejects a deadline or size limit that is not a whole number, naming the variable', () => {
    expect(() => readConfig({ ...required, DEADLINE_DAYS: 'fifteen' })).toThrow('DEADLINE_DAYS');
    expect(() => readConfig({ ...required, MAX_UPLOAD_BYTES: '0' })).toThrow('MAX_UPLOAD_BYTES');
  });

  it('keeps the local endpoints only when they are set', () => {
    expect(readConfig(required)).not.toHaveProperty('s3Endpoint');
    expect(readConfig({ ...required, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568' }).s3Endpoint).toBe(
      'http://127.0.0.1:4568',
    );
  });
});

describe('the S3 object store and the registry in the bucket, over s3rver', () => {
  let directory: string;
  let server: RunningS3rver;
  let s3: S3Client;
  let objects: ObjectStore;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ipstats-s3-'));
    server = await startS3rver({ directory, buckets: ['bucket'] });
    s3 = createS3Client({ s3Endpoint: server.endpoint });
    objects = createS3ObjectStore(s3, 'bucket');
  });

  afterAll(async () => {
    s3?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('stores a string, a buffer and a stream, and reads each back as a stream with its size', async () => {
    await objects.put('results/a.json', '{"城市":"深圳"}', 'application/json');
    await objects.put('results/b.bin', Buffer.from([1, 2, 3]), 'application/octet-stream');
    await objects.put(
      'results/c.txt',
      Readable.from([Buffer.from('第一段'), Buffer.from('第二段')]),
      'text/plain',
    );

    const a = await objects.get('results/a.json');
    expect(await text(a.body)).toBe('{"城市":"深圳"}');
    expect(a.size).toBe(Buffer.byteLength('{"城市":"深圳"}'));
    expect(a.etag).toMatch(/^[0-9a-f]{32}$/);
    expect((await objects.get('results/b.bin')).size).toBe(3);
    expect(await text((await objects.get('results/c.txt')).body)).toBe('第一段第二段');
  });

  it('lists the keys under a prefix in order', async () => {
    await objects.put('reports/x/2.json', '2', 'application/json');
    await objects.put('reports/x/1.json', '1', 'application/json');
    await objects.put('reports/y/1.json', '1', 'application/json');

    expect(await objects.list('reports/x/')).toEqual(['reports/x/1.json', 'reports/x/2.json']);
  });

  it('reports a missing key as ObjectNotFoundError', async () => {
    await expect(objects.get('results/none.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('uses the built-in registry while none is stored, and the stored one afterwards', async () => {
    expect(await loadRegistry(objects, 'config/registry.json')).toBe(DEFAULT_REGISTRY);

    const twoCities = DEFAULT_REGISTRY.slice(0, 2);
    await saveRegistry(objects, 'config/registry.json', twoCities);

    expect(await loadRegistry(objects, 'config/registry.json')).toEqual(twoCities);
  });

  it('refuses a stored registry that is not valid JSON', async () => {
    await objects.put('config/broken.json', '[{"code": "440300",', 'application/json');

    await expect(loadRegistry(objects, 'config/broken.json')).rejects.toThrow(RegistryError);
  });

  it('refuses a stored registry with an invalid entry, naming it', async () => {
    await objects.put(
      'config/bad.json',
      JSON.stringify([{ code: '4403', name: '深圳市', batchYear: 2022 }]),
      'application/json',
    );

    await expect(loadRegistry(objects, 'config/bad.json')).rejects.toThrow(
      'config/bad.json[0]: code 应为 6 位行政区划代码',
    );
  });
});
