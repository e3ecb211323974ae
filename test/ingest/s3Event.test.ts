import type { S3Event, S3EventRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { uploadEventsFromS3Event } from '#shared/ingest/s3Event.ts';

function record(overrides: {
  eventName?: string;
  key: string;
  versionId?: string;
  eTag?: string;
}): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'cn-north-1',
    eventTime: '2024-10-05T02:03:04.567Z',
    eventName: overrides.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDACITY440300' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'I' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'ingest',
      bucket: {
        name: 'ipstats-data',
        ownerIdentity: { principalId: 'OWNER' },
        arn: 'arn:aws-cn:s3:::ipstats-data',
      },
      object: {
        key: overrides.key,
        size: 2048,
        eTag: overrides.eTag ?? 'd41d8cd98f00b204e9800998ecf8427e',
        ...(overrides.versionId ? { versionId: overrides.versionId } : {}),
        sequencer: '0062E99A88DC407460',
      },
    },
  };
}

describe('S3 notifications to upload events', () => {
  it('decodes a key with Chinese characters, spaces and a plus sign', () => {
    const event: S3Event = {
      Records: [
        record({
          key: 'uploads/440300/2024Q3/%E6%B7%B1%E5%9C%B3+2024Q3%2B%E4%BF%AE%E6%AD%A3.xlsx',
          versionId: 'v1',
        }),
      ],
    };

    const [upload] = uploadEventsFromS3Event(event);

    expect(upload).toEqual({
      bucket: 'ipstats-data',
      key: 'uploads/440300/2024Q3/深圳 2024Q3+修正.xlsx',
      size: 2048,
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
      versionId: 'v1',
      sequencer: '0062E99A88DC407460',
      eventTime: '2024-10-05T02:03:04.567Z',
      principalId: 'AWS:AIDACITY440300',
    });
  });

  it('keeps every object-created record of a batch and skips removals', () => {
    const event: S3Event = {
      Records: [
        record({ key: 'uploads/440300/2024Q3/a.xlsx', eventName: 'ObjectCreated:CompleteMultipartUpload' }),
        record({ key: 'uploads/440300/2024Q3/b.xlsx', eventName: 'ObjectRemoved:Delete' }),
        record({ key: 'uploads/440300/2024Q3/c.csv', eventName: 'ObjectCreated:Copy' }),
      ],
    };

    const keys = uploadEventsFromS3Event(event).map((upload) => upload.key);

    expect(keys).toEqual(['uploads/440300/2024Q3/a.xlsx', 'uploads/440300/2024Q3/c.csv']);
  });

  it('drops the quotes of an ETag and the "null" version of an unversioned bucket', () => {
    const [upload] = uploadEventsFromS3Event({
      Records: [record({ key: 'uploads/x', eTag: '"abc"', versionId: 'null' })],
    });

    expect(upload?.etag).toBe('abc');
    expect(upload && 'versionId' in upload).toBe(false);
  });

  it('ignores the test event S3 sends when a notification is configured', () => {
    const testEvent = {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2024-10-05T02:03:04.567Z',
      Bucket: 'ipstats-data',
    };

    expect(uploadEventsFromS3Event(testEvent as unknown as S3Event)).toEqual([]);
  });

  it('keeps a key that is not validly percent-encoded as it came, so that it gets recorded', () => {
    const [upload] = uploadEventsFromS3Event({
      Records: [record({ key: 'uploads/440300/2024Q3/100%.xlsx' })],
    });

    expect(upload?.key).toBe('uploads/440300/2024Q3/100%.xlsx');
  });
});
