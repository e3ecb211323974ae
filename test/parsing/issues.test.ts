import { describe, expect, it } from 'vitest';
import { PARSING_ISSUES, parsingIssue } from '#shared/parsing/issues.ts';

describe('the parsing issue table', () => {
  it('gives every code a severity and a Chinese title and description', () => {
    for (const [code, definition] of Object.entries(PARSING_ISSUES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['error', 'warning']).toContain(definition.severity);
      expect(definition.title).toMatch(/[\u4e00-\u9fff]/);
      expect(definition.description).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('builds an issue with the table severity, the title as default message and only the location given', () => {
    const issue = parsingIssue('COLUMN_UNKNOWN', { sheet: '运营机构', row: 3, column: '联系人', cell: 'G3' });

    expect(issue).toEqual({
      severity: 'warning',
      code: 'COLUMN_UNKNOWN',
      sheet: '运营机构',
      row: 3,
      column: '联系人',
      cell: 'G3',
      message: '未识别的列（已忽略）',
    });
  });
});
