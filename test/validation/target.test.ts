import { describe, expect, it } from 'vitest';
import { UploadKeyError } from '#shared/domain/errors.ts';
import { parseUploadKey } from '#shared/domain/uploadKey.ts';
import { checkUploadTarget, uploadKeyIssue } from '#shared/validation/target.ts';
import { context, FILE_NAME, lock } from './builders.ts';

describe('checkUploadTarget', () => {
  it('finds nothing wrong with a registered city, a started quarter and no lock', () => {
    expect(checkUploadTarget(context())).toEqual([]);
  });

  it('rejects a city that is not in the registry', () => {
    expect(checkUploadTarget(context({ city: '440399' }))).toEqual([
      {
        severity: 'error',
        code: 'CITY_UNKNOWN',
        sheet: FILE_NAME,
        message: '城市代码 440399 不在城市名录中，请核对上传路径中的城市代码',
      },
    ]);
  });

  it('rejects a quarter that has not started in China time', () => {
    // 2024Q4 starts at 2024-10-01 00:00 +08:00 = 2024-09-30T16:00Z.
    const issues = checkUploadTarget(
      context({ period: '2024Q4', receivedAt: new Date('2024-09-30T15:59:59Z') }),
    );

    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'PERIOD_FUTURE',
        sheet: FILE_NAME,
        message: '报告期 2024Q4 尚未开始（2024-10-01 起方可报送）',
      },
    ]);
  });

  it('accepts the first minute of the quarter in China time', () => {
    expect(
      checkUploadTarget(context({ period: '2024Q4', receivedAt: new Date('2024-09-30T16:00:00Z') })),
    ).toEqual([]);
  });

  it('rejects a period that is not a quarter', () => {
    expect(checkUploadTarget(context({ period: '2024' }))).toMatchObject([
      { code: 'PERIOD_INVALID', value: '2024' },
    ]);
  });

  it('rejects a period locked for the city', () => {
    expect(checkUploadTarget(context({ locks: [lock('2024Q3', '440300')] }))).toEqual([
      {
        severity: 'error',
        code: 'PERIOD_LOCKED',
        sheet: FILE_NAME,
        message: '报告期 2024Q3 已于 2024-11-01 10:00 锁定，不再接受报送（年度考核）',
      },
    ]);
  });

  it('rejects a period locked for every city', () => {
    expect(checkUploadTarget(context({ locks: [lock('2024Q3', '*')] })).map((issue) => issue.code)).toEqual([
      'PERIOD_LOCKED',
    ]);
  });

  it('ignores locks of other cities and other periods', () => {
    expect(
      checkUploadTarget(context({ locks: [lock('2024Q3', '330100'), lock('2024Q2', '440300')] })),
    ).toEqual([]);
  });
});

describe('uploadKeyIssue', () => {
  it('turns a malformed S3 key into a file-level error with the key error message', () => {
    let error: unknown;
    try {
      parseUploadKey('uploads/440300/深圳.xlsx');
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(UploadKeyError);
    expect(uploadKeyIssue(error as UploadKeyError)).toEqual({
      severity: 'error',
      code: 'KEY_INVALID',
      sheet: '深圳.xlsx',
      value: 'uploads/440300/深圳.xlsx',
      message:
        '上传路径错误：上传路径应为 uploads/{城市代码}/{报告期}/{文件名}，实际为 uploads/440300/深圳.xlsx',
    });
  });
});
