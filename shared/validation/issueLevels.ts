/** Which issues reject a whole upload rather than one sheet. */
import type { ValidationIssue } from '../domain/validation.ts';
import { FILE_LEVEL_CODES } from './issues.ts';

export function isFileLevelIssue(issue: ValidationIssue): boolean {
  return FILE_LEVEL_CODES.has(issue.code);
}
