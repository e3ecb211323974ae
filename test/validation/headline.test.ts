import { describe, expect, it } from 'vitest';
import type { SheetSummary } from '#shared/domain/validation.ts';
import { reportHeadline } from '#shared/validation/headline.ts';

const sheet = (kind: SheetSummary['kind'], name: string, status: SheetSummary['status']): SheetSummary => ({
  kind,
  name,
  status,
  rows: 3,
});

describe('reportHeadline', () => {
  it('says that a period does not count as reported while its 核心指标 is rejected', () => {
    const headline = reportHeadline(
      'partially_accepted',
      [sheet('core', '核心指标', 'rejected'), sheet('agencies', '运营机构', 'accepted')],
      '2024Q3',
    );

    expect(headline).toBe(
      '部分通过：核心指标被退回，2024Q3 尚不计为本市已报送（此前已通过的核心指标仍然有效）；请改正核心指标中的错误后重新上传，已通过的“运营机构”不必重报。',
    );
  });

  it('says that a file without 核心指标 does not make the period reported', () => {
    const headline = reportHeadline('accepted', [sheet('enterprises', '重点企业', 'accepted')], '2024Q3');

    expect(headline).toContain('本文件没有核心指标表，2024Q3 须在核心指标通过后才计为本市已报送');
  });

  it('names the rejected detail sheets when 核心指标 passed', () => {
    const headline = reportHeadline(
      'partially_accepted',
      [sheet('core', '核心指标', 'accepted'), sheet('enterprises', '重点企业', 'rejected')],
      '2024Q3',
    );

    expect(headline).toBe(
      '部分通过：核心指标已通过，2024Q3 计为本市已报送；被退回的“重点企业”请按下列错误修改后重新上传。',
    );
  });

  it('keeps an accepted upload short', () => {
    expect(reportHeadline('accepted', [sheet('core', '核心指标', 'accepted')], '2024Q3')).toBe(
      '通过：数据已接受。',
    );
  });
});
