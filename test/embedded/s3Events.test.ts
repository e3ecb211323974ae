import { describe, expect, it } from 'vitest';
import { createSequencer, encodeS3EventKey, objectCreatedEvent } from '#embedded/s3Events.ts';
import { decodeS3EventKey } from '#shared/domain/uploadKey.ts';

describe('S3 event notifications', () => {
  it('encodes keys as S3 does: spaces as +, a literal + escaped, UTF-8 escapes, slashes kept', () => {
    expect(encodeS3EventKey('uploads/440300/2024Q3/深圳 Q3+补报.xlsx')).toBe(
      'uploads/440300/2024Q3/%E6%B7%B1%E5%9C%B3+Q3%2B%E8%A1%A5%E6%8A%A5.xlsx',
    );
  });

  it('encodes keys so that the ingest decoder gets the original key back', () => {
    const key = 'uploads/120116/2024Q1/滨海新区 (修订) 100%+1.csv';

    expect(decodeS3EventKey(encodeS3EventKey(key))).toBe(key);
  });

  it('builds the record AWS sends for a PutObject', () => {
    const eventTime = new Date('2024-10-10T03:04:05.678Z');

    const event = objectCreatedEvent(
      {
        bucket: 'data',
        key: 'uploads/440300/2024Q3/a b.xlsx',
        size: 1234,
        eTag: 'abc123',
        eventTime,
        sequencer: '0062E99A88DC407460',
        sourceIp: '10.0.0.1',
      },
      { region: 'cn-north-1', principalId: 'AIDAEXAMPLE', configurationId: 'ingest' },
    );

    expect(event.Records).toHaveLength(1);
    const [record] = event.Records;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'cn-north-1',
      eventTime: '2024-10-10T03:04:05.678Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'ingest',
        bucket: { name: 'data', ownerIdentity: { principalId: 'AIDAEXAMPLE' }, arn: 'arn:aws:s3:::data' },
        object: {
          key: 'uploads/440300/2024Q3/a+b.xlsx',
          size: 1234,
          eTag: 'abc123',
          sequencer: '0062E99A88DC407460',
        },
      },
    });
    expect(record?.responseElements['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(record?.s3.object).not.toHaveProperty('versionId');
  });

  it('issues uppercase hex sequencers that strictly increase, even for equal or earlier event times', () => {
    const next = createSequencer();
    const times = [
      ...Array.from({ length: 500 }, () => new Date('2024-10-10T00:00:00Z')),
      new Date('2024-10-11T00:00:00Z'),
      new Date('2024-10-01T00:00:00Z'),
    ];

    const sequencers = times.map((time) => next(time));

    for (const sequencer of sequencers) expect(sequencer).toMatch(/^[0-9A-F]{16,}$/);
    const sorted = [...sequencers].sort();
    expect(sorted).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(sequencers.length);
  });

  it('gives the same sequencers when the same event times are replayed', () => {
    const times = ['2024-10-10T00:00:00Z', '2024-10-10T00:00:00Z', '2024-10-12T08:00:00Z'].map(
      (text) => new Date(text),
    );

    const first = times.map(createSequencer());
    const second = times.map(createSequencer());

    expect(second).toEqual(first);
  });
});
