/** A batch or year that cannot be assessed (the CLI answers it as a usage error); its own module so the CLI can tell it apart without loading the workbook writers. */
export class AssessmentRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AssessmentRequestError';
  }
}
