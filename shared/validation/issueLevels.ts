/** Which issues reject a whole upload rather than one sheet. */
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsingIssueCode } from '../parsing/issues.ts';
import { FILE_LEVEL_CODES } from './issues.ts';

/** The reader's file-level codes (grouped as such in its table; their `sheet` is the file name). */
const PARSING_FILE_LEVEL_CODES: ReadonlySet<string> = new Set<ParsingIssueCode>([
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_ENCRYPTED',
  'FILE_UNREADABLE',
  'FILE_CORRUPT',
  'ZIP_BOMB',
  'ENCODING_INVALID',
  'NO_KNOWN_SHEET',
  'CSV_SHEET_UNKNOWN',
]);

export function isFileLevelCode(code: string): boolean {
  return FILE_LEVEL_CODES.has(code) || PARSING_FILE_LEVEL_CODES.has(code);
}

export function isFileLevelIssue(issue: ValidationIssue): boolean {
  return isFileLevelCode(issue.code);
}
