import { describe, expect, it } from 'vitest';
import { UploadKeyError } from '#shared/domain/errors.ts';
import { decodeS3EventKey, deriveUploadId, parseUploadKey } from '#shared/domain/uploadKey.ts';

describe('upload keys', () => {
  it('reads city, period and file name from a key', () => {
    expect(parseUploadKey('uploads/440300/2024q3/深圳 2024Q3.xlsx')).toEqual({
      city: '440300',
      period: '2024Q3',
      fileName: '深圳 2024Q3.xlsx',
    });
  });

  it.each([
    'uploads/4403/2024Q3/a.xlsx',
    'uploads/440300/2024/a.xlsx',
    'uploads/440300/2024Q3/',
    'incoming/440300/2024Q3/a.xlsx',
    'uploads/440300/2024Q3/sub/a.xlsx',
  ])('rejects the key %j', (key) => {
    expect(() => parseUploadKey(key)).toThrow(UploadKeyError);
  });

  it('decodes S3 event keys with + for spaces and percent-encoded Chinese', () => {
    const encoded = `uploads/440300/2024Q3/${encodeURIComponent('深圳 数据+1.xlsx').replace(/%20/g, '+')}`;
    expect(decodeS3EventKey(encoded)).toBe('uploads/440300/2024Q3/深圳 数据+1.xlsx');
  });

  it('derives the same upload id for a redelivered event and a new one for a new version', () => {
    const event = {
      key: 'uploads/440300/2024Q3/a.xlsx',
      eventTime: '2024-10-08T02:00:00.123Z',
      sequencer: '0065A',
    };
    expect(deriveUploadId(event)).toBe(deriveUploadId({ ...event }));
    expect(deriveUploadId(event)).not.toBe(deriveUploadId({ ...event, sequencer: '0065B' }));
    expect(deriveUploadId(event)).toMatch(/^20241008T020000Z-[0-9a-f]{12}$/);
  });
});
