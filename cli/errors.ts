/** Exit codes of `ipstats` and the errors that map to them. */
export const EXIT = {
  ok: 0,
  /** `validate` / `upload`: the file was rejected. */
  rejected: 1,
  /** Bad arguments or options. */
  usage: 2,
  /** The system failed (a store, the stack, a handler) — nothing to do with the user's files. */
  failure: 3,
} as const;

/** A mistake in how the command was called; printed without a stack trace, exit 2. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
