import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARSING_ISSUES } from '#shared/parsing/issues.ts';
import { SUBMISSION_LABELS } from '#shared/reports/labels.ts';
import { renderValidationCodesDoc } from '#shared/validation/codesDoc.ts';
import { VALIDATION_ISSUES } from '#shared/validation/issues.ts';

const REGENERATE = 'regenerate with `npm run codes-doc`';
const doc = readFileSync(new URL('../../docs/validation-codes.md', import.meta.url), 'utf8');
const tables = { ...PARSING_ISSUES, ...VALIDATION_ISSUES };

/** The rows of the doc's tables by code: the cells after the code (the formatter pads them). */
function documentedRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const [code, ...cells] = line
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((text) => text.trim());
    const match = /^`([A-Z_]+)`$/.exec(code ?? '');
    if (line.startsWith('|') && match?.[1]) rows.set(match[1], cells);
  }
  return rows;
}

describe('docs/validation-codes.md', () => {
  const rows = documentedRows(doc);

  it('lists every code of the reading and validation tables with its severity', () => {
    for (const [code, definition] of Object.entries(tables)) {
      expect(rows.get(code)?.[0], `${code} missing: ${REGENERATE}`).toBe(
        `${definition.severity}（${definition.severity === 'error' ? '错误' : '警告'}）`,
      );
    }
  });

  it('lists no code that is not in a table', () => {
    expect(
      [...rows.keys()].filter((code) => !(code in tables)),
      REGENERATE,
    ).toEqual([]);
  });

  it('gives every code a meaning, a Chinese message and an example', () => {
    for (const [code, cells] of documentedRows(renderValidationCodesDoc())) {
      const [, , meaning, message, example] = cells;
      expect(meaning, code).toMatch(/\p{Script=Han}/u);
      expect(message, code).toMatch(/\p{Script=Han}/u);
      expect(example, code).not.toBe('—');
    }
  });

  it('is the document the tables render now', () => {
    expect(doc, REGENERATE).toBe(renderValidationCodesDoc());
  });

  it('lists every submission state with its Chinese word and the completeness field counting it', () => {
    for (const [state, label] of Object.entries(SUBMISSION_LABELS)) {
      expect(doc).toMatch(new RegExp(`\\| \`${state}\` \\| ${label} \\| [^|]+ \\| \`\\w+\``));
    }
    expect(doc).toContain('`onTime` + `late` + `notReported` + `rejectedOnly` + `notDue`');
  });

  it('renders a validation message pattern with its parameters in braces', () => {
    expect(rows.get('CITY_UNKNOWN')?.[3]).toBe('城市代码 {city} 不在城市名录中，请核对上传路径中的城市代码');
    expect(rows.get('CITY_UNKNOWN')?.[4]).toBe('城市代码 440399 不在城市名录中，请核对上传路径中的城市代码');
  });
});
