import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BasicInfo } from '#shared/domain/records.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { UploadTargetUnknownError, uploadTargetOf } from '#shared/validation/uploadTarget.ts';

const target = (given: { city?: string; period?: string }, path: string, info?: BasicInfo) =>
  uploadTargetOf(given, path, info, DEFAULT_REGISTRY);

describe('the city and quarter of an offline validation', () => {
  it('keeps the city and period given, whatever the path and 基本信息 say', () => {
    const found = target(
      { city: '440300', period: '2024Q3' },
      join('uploads', '330100', '2024Q2', 'a.xlsx'),
      {
        cityCode: '510100',
        period: '2023Q1',
      },
    );

    expect(found).toEqual({ city: '440300', period: '2024Q3' });
  });

  it('takes them from the folders of an upload path', () => {
    const found = target({}, join('work', 'uploads', '330100', '2024q2', 'indicators.csv'));

    expect(found).toEqual({ city: '330100', period: '2024Q2', from: 'path' });
  });

  it('fills only what was not given from the path', () => {
    const found = target({ period: '2024Q1' }, join('uploads', '330100', '2024Q2', 'indicators.csv'));

    expect(found).toEqual({ city: '330100', period: '2024Q1', from: 'path' });
  });

  it('takes them from 基本信息 when the path is not an upload path', () => {
    const found = target({}, '深圳2024Q3.xlsx', { cityCode: ' 440300 ', period: '2024年第三季度' });

    expect(found).toEqual({ city: '440300', period: '2024Q3', from: 'basicInfo' });
  });

  it('finds the city by the name 基本信息 gives when it has no code', () => {
    const found = target({}, '报表.xlsx', { cityName: '深圳', period: '2024Q3' });

    expect(found).toEqual({ city: '440300', period: '2024Q3', from: 'basicInfo' });
  });

  it('says what is missing when neither the path nor the file tells', () => {
    const attempt = () => target({ period: '2024Q3' }, 'indicators.csv');

    expect(attempt).toThrow(UploadTargetUnknownError);
    expect(attempt).toThrow('无法确定城市代码：请用 --city 与 --period 指定');
  });
});
