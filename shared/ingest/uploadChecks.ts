/** What ingest asks of parsing and validation; the real functions by default, replaceable in tests. */
import { parseUpload } from '../parsing/parseUpload.ts';
import type { ParsedUpload, ParseInput } from '../parsing/types.ts';
import { writeAnnotatedWorkbook } from '../validation/annotate.ts';
import type { ValidationContext } from '../validation/contract.ts';
import { buildValidationReport } from '../validation/report.ts';
import { checkUploadTarget, uploadKeyIssue } from '../validation/target.ts';
import { UploadValidation } from '../validation/validateUpload.ts';

export interface UploadChecks {
  parseUpload(input: ParseInput): Promise<ParsedUpload>;
  checkUploadTarget: typeof checkUploadTarget;
  uploadKeyIssue: typeof uploadKeyIssue;
  /** Validation fed with the rows while the upload is read. */
  startValidation(ctx: ValidationContext): UploadValidation;
  buildValidationReport: typeof buildValidationReport;
  writeAnnotatedWorkbook: typeof writeAnnotatedWorkbook;
}

export const DEFAULT_UPLOAD_CHECKS: UploadChecks = {
  parseUpload,
  checkUploadTarget,
  uploadKeyIssue,
  startValidation: (ctx) => new UploadValidation(ctx),
  buildValidationReport,
  writeAnnotatedWorkbook,
};
