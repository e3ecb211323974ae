/**
 * Browser uploads (S3 POST Object) for s3rver, checked as S3 checks them. s3rver 3.7 stores a form
 * POST without looking at its policy ("unimplemented"): no signature, no expiry, no key condition,
 * no content-length-range. With it, any page the user opens could post a file into any city's
 * `uploads/` through the browser (a form POST needs no CORS preflight). This Koa middleware,
 * inserted in front of s3rver's router like `conditionalWrites`, reads the form, and refuses it
 * unless:
 *
 * - the policy is signed with Signature Version 4 by a known key (`x-amz-signature` over the
 *   base64 policy with the key derived from the secret, date, region and `s3`);
 * - the policy has not expired;
 * - every condition holds (`{ field: value }`, `["eq", "$field", value]`,
 *   `["starts-with", "$field", prefix]`, `["content-length-range", min, max]` on the file size),
 *   the bucket condition included;
 * - every form field is covered by a condition (except `x-amz-signature`, `file`, `policy` and
 *   `x-ignore-*`), as S3 requires.
 *
 * Refusals are S3's error codes (AccessDenied, EntityTooLarge, EntityTooSmall,
 * SignatureDoesNotMatch, InvalidArgument). An accepted form is handed to s3rver unchanged (the
 * body is replayed), which stores it and emits the ObjectCreated event the ingest listens to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { KoaMiddleware } from './conditionalWrites.ts';

const S3Error = createRequire(import.meta.url)('s3rver/lib/models/error') as new (
  code: string,
  message: string,
  detail?: Record<string, string>,
) => Error;

/** The part of Koa's context this middleware needs (besides KoaContext's). */
interface PostContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  get(field: string): string;
  req: IncomingMessage;
  request: { req: IncomingMessage };
}

export interface PostPolicyOptions {
  /** Secret access keys by access key id (s3rver's account: S3RVER / S3RVER). */
  credentials: Readonly<Record<string, string>>;
  /** Requests with a larger body are refused before being read to the end. */
  maxBodyBytes: number;
  now?: () => Date;
}

const UNCHECKED_FIELDS = new Set(['x-amz-signature', 'file', 'policy']);

export function postPolicy(options: PostPolicyOptions): KoaMiddleware {
  const now = options.now ?? (() => new Date());
  return async (context, next) => {
    const ctx = context as unknown as PostContext;
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    if (ctx.method !== 'POST' || !bucket || Object.keys(ctx.query).length > 0) return next();
    if (!/^multipart\/form-data/i.test(ctx.get('content-type'))) return next();

    const body = await readBody(ctx.req, options.maxBodyBytes);
    const form = await new Request('http://s3rver.local/', {
      method: 'POST',
      headers: { 'content-type': ctx.get('content-type') },
      body,
    })
      .formData()
      .catch(() => {
        throw new S3Error(
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
        );
      });
    checkForm(form, decodeURIComponent(bucket), options, now());

    const replay = Readable.from([body]) as unknown as IncomingMessage;
    Object.assign(replay, {
      headers: ctx.req.headers,
      method: ctx.req.method,
      url: ctx.req.url,
      socket: ctx.req.socket,
    });
    ctx.req = replay;
    ctx.request.req = replay;
    return next();
  };
}

function checkForm(form: FormData, bucket: string, options: PostPolicyOptions, now: Date): void {
  const fields = new Map<string, string>();
  let file: Blob | undefined;
  for (const [name, value] of form.entries()) {
    const lower = name.toLowerCase();
    if (lower === 'file') {
      if (typeof value !== 'string') file ??= value;
      continue;
    }
    if (typeof value === 'string' && !fields.has(lower)) fields.set(lower, value);
  }
  const policyText = fields.get('policy');
  if (!policyText)
    throw new S3Error(
      'AccessDenied',
      'Bucket POST must contain a field named policy (anonymous uploads are not allowed).',
    );
  verifySignature(fields, policyText, options.credentials);

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8'));
  } catch {
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? new Date(policy.expiration) : undefined;
  if (!expiration || Number.isNaN(expiration.getTime()))
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  if (expiration.getTime() <= now.getTime())
    throw new S3Error('AccessDenied', 'Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions))
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.');
  if (!file)
    throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', {
      ArgumentName: 'file',
    });

  const fieldValue = (field: string) => (field === 'bucket' ? bucket : fields.get(field));
  const covered = new Set<string>();
  for (const condition of policy.conditions as unknown[]) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      const [, min, max] = condition as [string, number, number];
      if (file.size > Number(max))
        throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
          ProposedSize: String(file.size),
          MaxSizeAllowed: String(max),
        });
      if (file.size < Number(min))
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          ProposedSize: String(file.size),
          MinSizeAllowed: String(min),
        });
      continue;
    }
    const [operator, field, expected] = Array.isArray(condition)
      ? [
          String(condition[0]).toLowerCase(),
          String(condition[1]).replace(/^\$/, '').toLowerCase(),
          String(condition[2]),
        ]
      : typeof condition === 'object' && condition !== null
        ? ['eq', ...(Object.entries(condition)[0] ?? ['', ''])].map((part, index) =>
            index === 1 ? String(part).toLowerCase() : String(part),
          )
        : ['', '', ''];
    const actual = fieldValue(field ?? '');
    const holds =
      actual !== undefined &&
      ((operator === 'eq' && actual === expected) ||
        (operator === 'starts-with' && actual.startsWith(expected ?? '\u0000')));
    if (!holds)
      throw new S3Error(
        'AccessDenied',
        `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
      );
    covered.add(field ?? '');
  }
  for (const field of fields.keys()) {
    if (UNCHECKED_FIELDS.has(field) || field.startsWith('x-ignore-') || covered.has(field)) continue;
    throw new S3Error('AccessDenied', `Invalid according to Policy: Extra input fields: ${field}`);
  }
  if (!covered.has('key'))
    throw new S3Error('AccessDenied', 'Invalid according to Policy: Policy Condition failed: key');
}

function verifySignature(
  fields: Map<string, string>,
  policy: string,
  credentials: PostPolicyOptions['credentials'],
): void {
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    throw new S3Error(
      'AccessDenied',
      'Only Signature Version 4 (AWS4-HMAC-SHA256) POST policies are accepted.',
    );
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = (
    fields.get('x-amz-credential') ?? ''
  ).split('/');
  const secret = credentials[accessKeyId];
  if (!secret)
    throw new S3Error(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      {
        AWSAccessKeyId: accessKeyId,
      },
    );
  if (!/^\d{8}$/.test(date) || service !== 's3' || terminator !== 'aws4_request' || !region)
    throw new S3Error('AccessDenied', 'Invalid according to Policy: malformed X-Amz-Credential.');
  const hmac = (key: string | Buffer, text: string) =>
    createHmac('sha256', key).update(text, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), terminator);
  const expected = createHmac('sha256', signingKey).update(policy, 'utf8').digest();
  const provided = Buffer.from(fields.get('x-amz-signature') ?? '', 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected))
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      MaxSizeAllowed: String(limit),
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      request.resume();
      throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        MaxSizeAllowed: String(limit),
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
