/** Which issues reject a whole upload rather than one sheet. */
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsingIssueCode } from '../parsing/issues.ts';
import { FILE_LEVEL_CODES } from './issues.ts';

/** The file could not be read as a workbook or text at all (or the zip guard refused to unpack it). */
const UNREADABLE_FILE_CODES: readonly ParsingIssueCode[] = [
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_ENCRYPTED',
  'FILE_LEGACY_XLS',
  'FILE_XLSB',
  'FILE_UNREADABLE',
  'FILE_CORRUPT',
  'ZIP_BOMB',
];
const UNREADABLE: ReadonlySet<string> = new Set(UNREADABLE_FILE_CODES);

/** The reader's file-level codes (grouped as such in its table; their `sheet` is the file name). */
const PARSING_FILE_LEVEL_CODES: ReadonlySet<string> = new Set<ParsingIssueCode>([
  ...UNREADABLE_FILE_CODES,
  'ENCODING_INVALID',
  'NO_KNOWN_SHEET',
  'CSV_SHEET_UNKNOWN',
]);

/** Whether the issue says the file is no readable workbook: nothing in it is to be opened again. */
export function isUnreadableFileIssue(issue: ValidationIssue): boolean {
  return UNREADABLE.has(issue.code);
}

export function isFileLevelCode(code: string): boolean {
  return FILE_LEVEL_CODES.has(code) || PARSING_FILE_LEVEL_CODES.has(code);
}

export function isFileLevelIssue(issue: ValidationIssue): boolean {
  return isFileLevelCode(issue.code);
}
