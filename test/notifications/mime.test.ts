/**
 * Messages as a mail client receives them: composed by the MIME adapter and parsed back with
 * mailparser, headers, encoded Chinese subject, text and HTML parts.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '#shared/adapters/mime.ts';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import { anIssue, anUploadResult, aReport } from './builders.ts';

const sender = { address: 'ipstats@example.org', name: '统计报送系统' };

describe('an upload result as MIME', () => {
  it('carries a deterministic Message-ID, the recipients and an RFC 2047 encoded Chinese subject', async () => {
    const message = anUploadResult();

    const raw = (await composeMime(message, sender)).toString('utf8');
    const parsed = await simpleParser(raw);

    expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(raw).not.toMatch(/^Subject:.*退回/m);
    expect(parsed.subject).toBe('【退回】深圳市 2024Q3 报送校验结果：深圳市2024Q3.xlsx');
    expect(parsed.messageId).toBe(
      '<upload-result.440300.2024Q3.20241005T020304Z-aaaaaaaaaaaa@ipstats.notifications>',
    );
    expect(parsed.from?.value).toEqual([{ name: '统计报送系统', address: 'ipstats@example.org' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ name: '深圳市统计联络员', address: 'stats-440300@example.org' }]);
    expect(parsed.date?.toISOString()).toBe('2024-10-05T02:03:04.000Z');
    expect(parsed.headers.get('x-ipstats-message')).toBe(message.id);
  });

  it('lists the first issues with sheet, row, column and cell in the text and the HTML', async () => {
    const report = aReport({
      issues: [
        anIssue(),
        anIssue({
          severity: 'warning',
          code: 'OUTLIER',
          row: 9,
          cell: 'C9',
          column: '本期值',
          value: '99999',
          message: '与上季度相比异常',
        }),
      ],
      counts: { errors: 1, warnings: 1 },
    });

    const parsed = await simpleParser(await composeMime(anUploadResult(report), sender));

    expect(parsed.text).toContain('校验结果：退回');
    expect(parsed.text).toContain('1. [错误] 核心指标 第 7 行 列「本期值」（C7）：数值不能为负数（值：-5）');
    expect(parsed.text).toContain(
      '2. [警告] 核心指标 第 9 行 列「本期值」（C9）：与上季度相比异常（值：99999）',
    );
    expect(parsed.text).toContain('results/440300/2024Q3/20241005T020304Z-aaaaaaaaaaaa.xlsx');
    expect(parsed.html).toContain(
      '<li>[错误] 核心指标 第 7 行 列「本期值」（C7）：数值不能为负数（值：-5）</li>',
    );
  });

  it('says which verification warnings are explained (已说明) and which wait (待说明), and where to explain them', async () => {
    const warning = (row: number, overrides: Partial<ValidationIssue> = {}) =>
      anIssue({
        severity: 'warning',
        code: 'TOTAL_MISMATCH',
        row,
        cell: `C${row}`,
        value: '12500',
        message: '合计行与各行合计不一致',
        ...overrides,
      });
    const report = aReport({
      status: 'accepted_with_warnings',
      sheets: [{ kind: 'core', name: '核心指标', status: 'accepted_with_warnings', rows: 31 }],
      issues: [
        warning(9, { explanationStatus: 'explained', explanation: '含两家新注册机构' }),
        warning(12, { explanationStatus: 'pending' }),
      ],
      counts: { errors: 0, warnings: 2 },
      explanations: { explained: 1, pending: 1 },
      format: 'xlsx',
    });

    const parsed = await simpleParser(await composeMime(anUploadResult(report), sender));

    expect(parsed.text).toContain('错误 0 个，警告 2 个（需核实的警告：已说明 1 个，待说明 1 个）');
    expect(parsed.text).toContain('（C9）：合计行与各行合计不一致（值：12500）（已说明：含两家新注册机构）');
    expect(parsed.text).toContain('（C12）：合计行与各行合计不一致（值：12500）（待说明）');
    expect(parsed.text).toContain(
      '有 1 个需核实的警告待说明：数值无误时不必修改，请在本行备注栏或“填报说明”表中说明原因，然后重新上传。',
    );
  });

  it('says nothing of explanations when no warning asks for one', async () => {
    const parsed = await simpleParser(await composeMime(anUploadResult(), sender));

    expect(parsed.text).toContain('错误 1 个，警告 0 个\n');
    expect(parsed.text).not.toMatch(/已说明|待说明/);
  });

  it('never reads text from the upload as markup', async () => {
    const report = aReport({
      file: '<img src=x onerror=alert(1)>.xlsx',
      issues: [anIssue({ value: '<script>alert("x")</script>' })],
    });

    const parsed = await simpleParser(await composeMime(anUploadResult(report), sender));

    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).not.toContain('<img');
    expect(parsed.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(parsed.html).toContain('&lt;img src=x onerror=alert(1)&gt;.xlsx');
    expect(parsed.text).toContain('<script>alert("x")</script>');
  });
});
