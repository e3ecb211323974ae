/**
 * S3 event notifications exactly as AWS delivers them to Lambda. s3rver emits its own variant
 * (event version 2.0, raw keys, a millisecond "sequencer" that repeats, a malformed ARN); the
 * embedded stack rebuilds each record here so that the ingest handler sees on one machine what
 * it sees on AWS.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';

export interface ObjectCreated {
  bucket: string;
  /** The key as stored (not encoded). */
  key: string;
  size: number;
  eTag: string;
  versionId?: string;
  eventTime: Date;
  sequencer: string;
  sourceIp?: string;
}

export interface EventSource {
  region: string;
  /** The account that owns the bucket and uploads to it (one on a local machine). */
  principalId: string;
  configurationId: string;
}

/** URL-encodes a key the way S3 notifications do: `/` kept, spaces as `+`, UTF-8 percent-escapes. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export function objectCreatedEvent(created: ObjectCreated, source: EventSource): S3Event {
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: source.region,
    eventTime: created.eventTime.toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: `AWS:${source.principalId}` },
    requestParameters: { sourceIPAddress: created.sourceIp ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': createHash('sha256').update(created.sequencer).digest('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: source.configurationId,
      bucket: {
        name: created.bucket,
        ownerIdentity: { principalId: source.principalId },
        arn: `arn:aws:s3:::${created.bucket}`,
      },
      object: {
        key: encodeS3EventKey(created.key),
        size: created.size,
        eTag: created.eTag,
        ...(created.versionId ? { versionId: created.versionId } : {}),
        sequencer: created.sequencer,
      },
    },
  };
  return { Records: [record] };
}

/**
 * S3 sequencers: uppercase hex that grows with every write. Derived from the event time, so
 * that replaying the same uploads at the same times gives the same sequencers (and upload ids),
 * and never repeated or decreasing within a stack.
 */
export function createSequencer(): (eventTime: Date) => string {
  let last = 0n;
  return (eventTime) => {
    const fromTime = BigInt(eventTime.getTime()) << 16n;
    last = fromTime > last ? fromTime : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, '0');
  };
}
