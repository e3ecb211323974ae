/**
 * Explanations of verification warnings (核实性审核说明). China's online direct reporting asks the
 * reporting unit to explain a verification warning rather than change a value it knows to be
 * right; so does this. A warning whose code asks for it (`asksForExplanation` in issues.ts) is
 * 已说明 when the city wrote why
 * - in the 备注 / 说明 cell of the warning's row (a 核心指标 row, a detail sheet's 合计 row; for an
 *   amount with a zero count, the count's row too), or
 * - in a 填报说明 sheet, on a row naming the indicator (code or name) or, for a 合计 row, the sheet;
 * and 待说明 otherwise (a blank cell explains nothing). Pure: the reader gathers the cells.
 */
import { findIndicator } from '../catalogue/indicators.ts';
import { type DataSheetKind, sheetDefinition } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import { indicatorByName, kindFromName } from '../parsing/schema.ts';
import type { ExplanationEntry } from '../parsing/types.ts';
import { asksForExplanation, validationIssue } from './issues.ts';

/** A 备注 / 说明 cell of a row. */
export interface RowNote {
  text: string;
  /** A1 reference. */
  cell: string;
}

/** What the upload holds that may explain its warnings. */
export interface ExplanationSources {
  /** The data sheets by name: their kind, and per row the 备注 and (核心指标) the indicator. */
  sheets: ReadonlyMap<string, SheetNotes>;
  /** Rows of 填报说明 sheets. */
  entries: readonly ExplanationEntry[];
}

export interface SheetNotes {
  kind: DataSheetKind;
  /** The 备注 of each row that has one, by row number. */
  notes: ReadonlyMap<number, RowNote>;
  /** 核心指标: the indicator code of each row, by row number. */
  indicators?: ReadonlyMap<number, string>;
}

/** What a 填报说明 row names: an indicator, or a detail sheet (its 合计 row). */
type Subject = { indicator: string } | { sheet: DataSheetKind };

const CODE_AT_START = /^([A-Za-z]\d{2})(?![0-9A-Za-z])/;

/** The indicator or sheet a 填报说明 subject names (`A04`, `D01 知识产权质押融资金额`, `专利申请量`, `运营机构`). */
export function explanationSubject(text: string): Subject | undefined {
  const plain = text.normalize('NFKC').trim();
  const code = CODE_AT_START.exec(plain)?.[1]?.toUpperCase();
  const byCode = code ? findIndicator(code) : undefined;
  if (byCode) return { indicator: byCode.code };
  const byName = indicatorByName(plain);
  if (byName) return { indicator: byName.code };
  const kind = kindFromName(plain);
  if (kind && kind !== 'info' && sheetDefinition(kind).totalFields) return { sheet: kind };
  // `知识产权质押融资金额（D01）`: a code in brackets after the name.
  const bracketed = /[(（]([A-Za-z]\d{2})[)）]/.exec(plain)?.[1]?.toUpperCase();
  const byBracket = bracketed ? findIndicator(bracketed) : undefined;
  return byBracket ? { indicator: byBracket.code } : undefined;
}

/** The rows of a sheet whose 备注 may explain an issue: its own row and, for an amount with a zero count, the count's. */
function explainingRows(issue: ValidationIssue, sheet: SheetNotes): number[] {
  if (issue.row === undefined) return [];
  const rows = [issue.row];
  const code = sheet.indicators?.get(issue.row);
  const companion = code ? findIndicator(code)?.countCompanion : undefined;
  if (issue.code === 'COUNT_COMPANION_ZERO' && companion && sheet.indicators) {
    for (const [row, other] of sheet.indicators) if (other === companion) rows.push(row);
  }
  return rows;
}

/** The indicators an issue is about (核心指标 rows), for 填报说明 rows naming them. */
function issueIndicators(issue: ValidationIssue, sheet: SheetNotes): string[] {
  const code = issue.row === undefined ? undefined : sheet.indicators?.get(issue.row);
  if (!code) return [];
  const companion = findIndicator(code)?.countCompanion;
  return issue.code === 'COUNT_COMPANION_ZERO' && companion ? [code, companion] : [code];
}

interface ResolvedEntry {
  entry: ExplanationEntry;
  subject: Subject;
}

function matches(subject: Subject, issue: ValidationIssue, sheet: SheetNotes): boolean {
  if ('indicator' in subject) return issueIndicators(issue, sheet).includes(subject.indicator);
  return issue.code === 'TOTAL_MISMATCH' && subject.sheet === sheet.kind;
}

/**
 * Marks every verification warning of `issues` 已说明 (with the explanation and where it was
 * written) or 待说明, and adds a warning for each 填报说明 row whose subject names no indicator
 * or sheet, so that an explanation is never dropped without a word.
 */
export function explainIssues(
  issues: readonly ValidationIssue[],
  sources: ExplanationSources,
): ValidationIssue[] {
  const resolved: ResolvedEntry[] = [];
  const unresolved: ValidationIssue[] = [];
  for (const entry of sources.entries) {
    const subject = explanationSubject(entry.subject);
    if (subject) resolved.push({ entry, subject });
    else
      unresolved.push(
        validationIssue(
          'EXPLANATION_SUBJECT_UNKNOWN',
          { sheet: entry.sheet, row: entry.row, value: entry.subject },
          { subject: entry.subject, row: entry.row },
        ),
      );
  }
  const explained = issues.map((issue) => {
    if (!asksForExplanation(issue)) return issue;
    const sheet = sources.sheets.get(issue.sheet);
    const found = sheet ? explanationOf(issue, sheet, resolved) : undefined;
    return found
      ? { ...issue, explanationStatus: 'explained' as const, ...found }
      : { ...issue, explanationStatus: 'pending' as const };
  });
  return [...explained, ...unresolved];
}

function explanationOf(
  issue: ValidationIssue,
  sheet: SheetNotes,
  entries: readonly ResolvedEntry[],
): { explanation: string; explanationSource: string } | undefined {
  for (const row of explainingRows(issue, sheet)) {
    const note = sheet.notes.get(row);
    if (note && note.text.trim() !== '')
      return { explanation: note.text, explanationSource: `${issue.sheet}!${note.cell}` };
  }
  const named = entries.filter(({ subject }) => matches(subject, issue, sheet));
  if (named.length === 0) return undefined;
  return {
    explanation: named.map(({ entry }) => entry.text).join('；'),
    explanationSource: named.map(({ entry }) => `${entry.sheet}!${entry.cell}`).join('、'),
  };
}
