/**
 * The rules about uploads and which one is current: what a save of an upload record keeps, and
 * whether an upload replaces the current one. Every `UploadLog` / `CurrentData` implementation
 * applies them, so that the in-memory fake and DynamoDB behave alike.
 */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import type { CurrentSheet, UploadRecord, UploadState } from './submission.ts';

const FINAL_STATES: ReadonlySet<UploadState> = new Set([
  'accepted',
  'accepted_with_warnings',
  'partially_accepted',
  'rejected',
  'superseded',
]);

/** A final upload is never processed again: a redelivered event for it is a duplicate. */
export function isFinalState(status: UploadState): boolean {
  return FINAL_STATES.has(status);
}

/**
 * The record to store when `incoming` is saved over `stored`. Two deliveries of one event, or an
 * upload and a later one marking it superseded, may save concurrently, so:
 * - superseded kinds only ever grow (a save never forgets a supersession);
 * - a final status is never replaced by `received` or `failed` (a late failure of a duplicate
 *   delivery does not undo the delivery that finished);
 * - an accepted upload whose every accepted kind is superseded is `superseded`.
 */
export function mergeUploadSave(stored: UploadRecord | undefined, incoming: UploadRecord): UploadRecord {
  if (!stored) return deriveSuperseded(incoming);
  const supersededKinds = union(stored.supersededKinds, incoming.supersededKinds);
  const keepsFinal = isFinalState(stored.status) && !isFinalState(incoming.status);
  const merged: UploadRecord = keepsFinal
    ? { ...stored, supersededKinds, updatedAt: incoming.updatedAt }
    : { ...incoming, supersededKinds };
  return deriveSuperseded(merged);
}

/** The record after a later upload became current for `kind`. */
export function markKindSuperseded(stored: UploadRecord, kind: DataSheetKind, at: string): UploadRecord {
  if (stored.supersededKinds.includes(kind)) return stored;
  return deriveSuperseded({ ...stored, supersededKinds: [...stored.supersededKinds, kind], updatedAt: at });
}

/**
 * Whether the upload made its 核心指标 current (now or before a later upload replaced it): what
 * makes a period reported for the city. A partially accepted upload counts only with its 核心指标.
 */
export function acceptedCore(upload: UploadRecord): boolean {
  return (
    upload.status !== 'rejected' &&
    upload.status !== 'failed' &&
    upload.status !== 'received' &&
    upload.acceptedKinds.includes('core')
  );
}

function deriveSuperseded(record: UploadRecord): UploadRecord {
  const accepted =
    record.status === 'accepted' ||
    record.status === 'accepted_with_warnings' ||
    record.status === 'partially_accepted';
  const allReplaced =
    record.acceptedKinds.length > 0 &&
    record.acceptedKinds.every((kind) => record.supersededKinds.includes(kind));
  return accepted && allReplaced ? { ...record, status: 'superseded' } : record;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

export type SwitchDecision =
  /** Write `item` (conditional on `existing` being unchanged). */
  | { action: 'switch'; item: CurrentSheet }
  | { action: 'already_current' }
  /** A later upload is current; `lowerFirstAcceptedAt` is set when the candidate was accepted earlier. */
  | { action: 'newer_is_current'; lowerFirstAcceptedAt?: string };

/**
 * Whether `candidate` replaces `existing`: the later upload in `uploadOrder` wins whatever the
 * processing order. `firstAcceptedAt` is the earliest accepted upload of the kind, whichever
 * upload is current (an older upload processed late still proves the city reported on time).
 */
export function decideSwitch(existing: CurrentSheet | undefined, candidate: CurrentSheet): SwitchDecision {
  if (!existing) return { action: 'switch', item: candidate };
  if (existing.uploadId === candidate.uploadId) return { action: 'already_current' };
  if (existing.order > candidate.order) {
    return candidate.firstAcceptedAt < existing.firstAcceptedAt
      ? { action: 'newer_is_current', lowerFirstAcceptedAt: candidate.firstAcceptedAt }
      : { action: 'newer_is_current' };
  }
  const firstAcceptedAt = earlierOf(existing.firstAcceptedAt, candidate.firstAcceptedAt);
  return { action: 'switch', item: { ...candidate, firstAcceptedAt } };
}

/** ISO-8601 UTC instants compare as text. */
function earlierOf(a: string, b: string): string {
  return b < a ? b : a;
}
