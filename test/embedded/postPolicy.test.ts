/**
 * Browser uploads to the local S3 (s3rver behind embedded/postPolicy.ts) are refused as S3 refuses
 * them: the status and the XML error code of S3's POST Object for an expired policy, a wrong
 * signature, a key outside the allowed prefix, a file over the content-length range and missing
 * fields. Policies are signed by the SDK's own createPresignedPost, as the API signs them; the
 * forms are sent by plain fetch + FormData, as a browser or `curl -F` sends them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3rver, startS3rver } from '#embedded/s3rver.ts';
import { createS3Client } from '#shared/adapters/clients.ts';

const BUCKET = 'policy-test';
const PREFIX = 'uploads/440300/2024Q4/';
const KEY = `${PREFIX}report.csv`;
const MAX_POST_BYTES = 64 * 1024;
const FILE = Buffer.from('城市代码,报告期\n440300,2024Q4\n');

let directory: string;
let s3rver: RunningS3rver;
let s3: S3Client;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ipstats-post-policy-'));
  s3rver = await startS3rver({ directory, buckets: [BUCKET], maxPostBytes: MAX_POST_BYTES });
  s3 = createS3Client({ s3Endpoint: s3rver.endpoint });
});

afterAll(async () => {
  s3?.destroy();
  await s3rver?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

type Fields = Record<string, string>;

/** A policy for KEY (exact key, 1 B … 1 KiB, 15 minutes) unless overridden, signed by the SDK. */
async function presign(options: Partial<Omit<PresignedPostOptions, 'Bucket'>> = {}) {
  return createPresignedPost(s3, {
    Bucket: BUCKET,
    Key: KEY,
    Conditions: [
      ['eq', '$key', KEY],
      ['content-length-range', 1, 1024],
    ],
    Expires: 900,
    ...options,
  });
}

/** The form as a browser sends it: the fields, then the file last. */
async function post(url: string, fields: Fields, file: Buffer | null = FILE) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([new Uint8Array(file)]), 'report.csv');
  const response = await fetch(url, { method: 'POST', body: form });
  const body = await response.text();
  return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(body)?.[1], body };
}

async function stored(key: string): Promise<boolean> {
  return s3
    .send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    .then(() => true)
    .catch(() => false);
}

function without(fields: Fields, name: string): Fields {
  const { [name]: _dropped, ...rest } = fields;
  return rest;
}

describe('a POST Object to the local S3', () => {
  it('stores a file sent with a valid signed policy (204, as S3 answers by default)', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, fields);

    expect(answer.status).toBe(204);
    expect(await stored(KEY)).toBe(true);
  });

  it('refuses an expired policy: 403 AccessDenied, nothing stored', async () => {
    const key = `${PREFIX}expired.csv`;
    const { url, fields } = await presign({ Key: key, Conditions: [['eq', '$key', key]], Expires: -60 });

    const answer = await post(url, fields);

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
    expect(answer.body).toContain('Policy expired');
    expect(await stored(key)).toBe(false);
  });

  it('refuses a policy whose signature does not match: 403 SignatureDoesNotMatch', async () => {
    const key = `${PREFIX}forged.csv`;
    const { url, fields } = await presign({ Key: key, Conditions: [['eq', '$key', key]] });
    const signature = fields['X-Amz-Signature'] ?? '';
    const forged = `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}`;

    const answer = await post(url, { ...fields, 'X-Amz-Signature': forged });

    expect([answer.status, answer.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await stored(key)).toBe(false);
  });

  it('refuses a policy changed after signing (a wider content-length range): SignatureDoesNotMatch', async () => {
    const { url, fields } = await presign();
    const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8')) as {
      conditions: unknown[];
    };
    policy.conditions = policy.conditions.map((condition) =>
      Array.isArray(condition) && condition[0] === 'content-length-range'
        ? ['content-length-range', 1, 10 ** 9]
        : condition,
    );

    const answer = await post(url, {
      ...fields,
      Policy: Buffer.from(JSON.stringify(policy)).toString('base64'),
    });

    expect([answer.status, answer.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it("refuses a key outside the policy's prefix (another city's folder): 403 AccessDenied", async () => {
    const { url, fields } = await presign({
      // The SDK turns a key ending in ${filename} into a starts-with condition on the prefix.
      Key: `${PREFIX}\${filename}`,
      Conditions: [],
    });
    const foreign = 'uploads/330100/2024Q4/theirs.csv';

    const answer = await post(url, { ...fields, key: foreign });

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
    expect(answer.body).toContain('Policy Condition failed');
    expect(await stored(foreign)).toBe(false);
  });

  it('accepts any key inside the prefix the policy allows', async () => {
    const { url, fields } = await presign({
      // The SDK turns a key ending in ${filename} into a starts-with condition on the prefix.
      Key: `${PREFIX}\${filename}`,
      Conditions: [],
    });

    const answer = await post(url, { ...fields, key: `${PREFIX}renamed.csv` });

    expect(answer.status).toBe(204);
    expect(await stored(`${PREFIX}renamed.csv`)).toBe(true);
  });

  it("refuses a different exact key than the policy's: 403 AccessDenied", async () => {
    const { url, fields } = await presign();

    const answer = await post(url, { ...fields, key: `${PREFIX}other.csv` });

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
    expect(await stored(`${PREFIX}other.csv`)).toBe(false);
  });

  it('refuses a file over the content-length range: 400 EntityTooLarge with the limit', async () => {
    const key = `${PREFIX}large.csv`;
    const { url, fields } = await presign({
      Key: key,
      Conditions: [
        ['eq', '$key', key],
        ['content-length-range', 1, 16],
      ],
    });

    const answer = await post(url, fields, Buffer.alloc(17, 'a'));

    expect([answer.status, answer.code]).toEqual([400, 'EntityTooLarge']);
    expect(answer.body).toContain('<MaxSizeAllowed>16</MaxSizeAllowed>');
    expect(await stored(key)).toBe(false);
  });

  it('refuses an empty file under a range starting at 1 byte: 400 EntityTooSmall', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, fields, Buffer.alloc(0));

    expect([answer.status, answer.code]).toEqual([400, 'EntityTooSmall']);
  });

  it('stops reading a body larger than the server reads for a policy check: 400 EntityTooLarge', async () => {
    const key = `${PREFIX}huge.csv`;
    const { url, fields } = await presign({ Key: key, Conditions: [['eq', '$key', key]] });

    const answer = await post(url, fields, Buffer.alloc(MAX_POST_BYTES + 1, 'a'));

    expect([answer.status, answer.code]).toEqual([400, 'EntityTooLarge']);
    expect(await stored(key)).toBe(false);
  });

  it('refuses a form without a policy (anonymous upload): 403 AccessDenied', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, without(fields, 'Policy'));

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
    expect(answer.body).toContain('field named policy');
  });

  it('refuses a form without its signature: 403 SignatureDoesNotMatch', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, without(fields, 'X-Amz-Signature'));

    expect([answer.status, answer.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses a form without its credential: 403 InvalidAccessKeyId', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, without(fields, 'X-Amz-Credential'));

    expect([answer.status, answer.code]).toEqual([403, 'InvalidAccessKeyId']);
  });

  it('refuses a form without a file: 400 InvalidArgument', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, fields, null);

    expect([answer.status, answer.code]).toEqual([400, 'InvalidArgument']);
  });

  it('refuses a form without the key its policy names: 403 AccessDenied', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, without(fields, 'key'));

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
  });

  it('refuses a field no condition covers (a Content-Type the policy did not sign): 403 AccessDenied', async () => {
    const { url, fields } = await presign();

    const answer = await post(url, { ...fields, 'Content-Type': 'text/html' });

    expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
    expect(answer.body).toContain('Extra input fields: content-type');
  });
});
