/**
 * Ports owned by the application. Use cases take these as parameters; the S3 and DynamoDB
 * adapters in `adapters/` implement them, and unit tests pass the in-memory fakes in
 * `test/support/`. How anything is stored (keys, chunks, compression) is the adapters' business:
 * the ports take and give domain values.
 */
import type { Readable } from 'node:stream';
import type { DataSheetKind } from './catalogue/sheets.ts';
import { StoreError } from './domain/errors.ts';
import type { Identity } from './domain/identity.ts';
import type { NotificationEntry, OutgoingMessage } from './domain/notification.ts';
import type { AnyRecord } from './domain/records.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from './domain/submission.ts';

// ── The bucket ──────────────────────────────────────────────────────────────────────────────

export interface StoredObject {
  body: Readable;
  size: number;
  etag?: string;
  versionId?: string;
  lastModified?: Date;
}

/** The key (or the version) does not exist. Every `ObjectStore` throws it for a missing object. */
export class ObjectNotFoundError extends StoreError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`对象不存在：${key}`, options);
    this.name = 'ObjectNotFoundError';
  }
}

/** The answer to `putIfUnchanged`. */
export type ConditionalPutResult =
  | { written: true }
  /**
   * The object is no longer the one the caller read (another writer got there first, or it was
   * deleted); nothing was written. `conflict` is the store's answer (on S3: the 412 / 409 error).
   */
  | { written: false; conflict: unknown };

/** The bucket: uploads in, results and reports out. */
export interface ObjectStore {
  /** Throws `ObjectNotFoundError` when the key (or version) does not exist. */
  get(key: string, versionId?: string): Promise<StoredObject>;
  /** The object as UTF-8 text; `ObjectNotFoundError` when absent. */
  getText(key: string): Promise<string>;
  /** The object parsed as JSON (a leading BOM ignored); `ObjectNotFoundError` when absent, `SyntaxError` when not JSON. */
  getJson(key: string): Promise<unknown>;
  put(key: string, body: Buffer | string | Readable, contentType: string): Promise<void>;
  /**
   * An optimistic write for read-modify-write: writes only if the object is still the one read —
   * its ETag is `expectedEtag` (as `get` returned it), or, with `undefined`, it does not exist.
   * Failures other than a lost condition throw.
   */
  putIfUnchanged(
    key: string,
    body: Buffer | string,
    contentType: string,
    expectedEtag: string | undefined,
  ): Promise<ConditionalPutResult>;
  list(prefix: string): Promise<string[]>;
}

/** `getText` and `getJson` over `get`: written once for every `ObjectStore` implementation. */
export function textReads(
  get: (key: string) => Promise<StoredObject>,
): Pick<ObjectStore, 'getText' | 'getJson'> {
  const getText = async (key: string) => bodyText((await get(key)).body);
  return { getText, getJson: async (key) => parseJsonText(await getText(key)) };
}

/** A body read to the end. */
export async function bodyBytes(body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A body read to the end as UTF-8 text. */
export async function bodyText(body: AsyncIterable<unknown>): Promise<string> {
  return (await bodyBytes(body)).toString('utf8');
}

/** JSON text as written by hand or by Excel/WPS tools: a leading BOM is ignored. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}

// ── The upload log ──────────────────────────────────────────────────────────────────────────

/** Every upload of every city with its outcome: what ingest records and the audit of uploads reads. */
export interface UploadLog {
  /** Creates the upload record unless one exists; returns the existing one otherwise. */
  createUpload(upload: UploadRecord): Promise<{ created: true } | { created: false; existing: UploadRecord }>;
  /**
   * Saves the upload record's state fields (status, sheets, counts, keys …), merged with the
   * stored record by `mergeUploadSave` (domain/submission.ts).
   */
  saveUpload(upload: UploadRecord): Promise<void>;
  getUpload(city: string, period: string, uploadId: string): Promise<UploadRecord | undefined>;
  /** Every upload of a city, optionally for one period, oldest first. */
  listUploads(city: string, period?: string): Promise<UploadRecord[]>;
  /** Records that a later upload replaced `kind` of this upload (`markKindSuperseded`). */
  markSuperseded(city: string, period: string, uploadId: string, kind: DataSheetKind): Promise<void>;
}

// ── Current data ────────────────────────────────────────────────────────────────────────────

export type SwitchOutcome =
  /** This upload is now current. `previous` is the upload it replaced. */
  | { switched: true; previous?: CurrentSheet }
  /** This upload was already current (a retry after the switch). */
  | { switched: false; reason: 'already_current'; current: CurrentSheet }
  /** A later upload is current: this one is superseded on arrival. */
  | { switched: false; reason: 'newer_is_current'; current: CurrentSheet };

/**
 * One sheet's records on their way into the store, handed over one at a time while the upload is
 * read (so that a sheet of 100 000 rows is never held as records). Nothing is stored until
 * `save`; a sink that is dropped (its sheet rejected) stores nothing.
 */
export interface RecordSink {
  add(record: AnyRecord): void;
  /** Stores the records added, in order, under the upload id and kind (not yet current); idempotent. Call once. */
  save(): Promise<void>;
}

/** Which accepted upload is current per city, period and sheet kind, and its records. */
export interface CurrentData {
  /** A sink for the records of one sheet of an upload; see `RecordSink`. */
  stageRecords(uploadId: string, kind: DataSheetKind): RecordSink;
  /**
   * Saves sinks of this store together (the accepted sheets of one upload): what `save` of each
   * does, in as few requests as the store can (DynamoDB: one BatchWriteItem for all their chunks
   * instead of one per sheet). A sink of another store is saved on its own.
   */
  saveSinks(sinks: readonly RecordSink[]): Promise<void>;
  /**
   * The records staged for a current sheet, in order. Throws a `StoreError` when fewer than the
   * sheet's `aggregates.rows` are stored (never staged, or staging cut short).
   */
  readRecords(sheet: Pick<CurrentSheet, 'uploadId' | 'kind' | 'aggregates'>): Promise<AnyRecord[]>;
  /** The single conditional write that makes an upload current for one sheet kind (`decideSwitch`). */
  switchCurrent(candidate: CurrentSheet): Promise<SwitchOutcome>;
  getCurrent(city: string, period: string, kind: DataSheetKind): Promise<CurrentSheet | undefined>;
  /** Every current sheet of a city over all periods (its history). */
  listCurrent(city: string): Promise<CurrentSheet[]>;
}

// ── Locks ───────────────────────────────────────────────────────────────────────────────────

/** Period locks (报告期锁定). */
export interface Locks {
  putLock(lock: PeriodLock): Promise<void>;
  deleteLock(period: string, city: string): Promise<boolean>;
  listLocks(period?: string): Promise<PeriodLock[]>;
}

// ── The audit trail ─────────────────────────────────────────────────────────────────────────

/** One thing someone did (or tried): sign-ins, roll-ups, locks … */
export interface AuditEntry {
  /** ISO-8601 UTC instant. */
  at: string;
  /** Who: a user name, a city session, `system` for scheduled work. */
  actor: string;
  /** What, as a stable code: `sign_in_failed`, `rollup`, `lock`, `unlock` … */
  action: string;
  /** What it was done to: a period, `440300/2024Q3`, a report key … */
  target: string;
  /** Anything else worth keeping (JSON-clean). */
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  /** Entries at or after this instant (ISO-8601). */
  from: string;
  /** Entries before this instant (ISO-8601). */
  to: string;
  action?: string;
  actor?: string;
}

/** An append-only log of who did what when. */
export interface AuditTrail {
  append(entry: AuditEntry): Promise<void>;
  /** The entries in `[from, to)`, oldest first, optionally of one action or actor. */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
}

// ── Logging ─────────────────────────────────────────────────────────────────────────────

/** Structured logs: a message and JSON-clean context. Powertools' Logger satisfies it, so do test fakes. */
export interface Logger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/** A logger that drops everything, for use cases called without one. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

// ── Wiring ──────────────────────────────────────────────────────────────────────────────────

/** The ports kept in the table, by the names use cases take them under. */
export interface TablePorts {
  uploads: UploadLog;
  current: CurrentData;
  locks: Locks;
  audit: AuditTrail;
}

/** An adapter that implements every table port (DynamoDB, or the in-memory fake). */
export type TableStore = UploadLog & CurrentData & Locks & AuditTrail;

/** One `TableStore` as the `TablePorts` use cases take. */
export function tablePorts(store: TableStore): TablePorts {
  return { uploads: store, current: store, locks: store, audit: store };
}

// ── Report jobs ─────────────────────────────────────────────────────────────────────────────

/** A province or a city: one workbook and one JSON document each. */
export interface ReportUnit {
  scope: 'province' | 'city';
  code: string;
}

/** The reports of some units of a roll-up, built from the roll-up stored at `rollupKey`. */
export interface ReportJob {
  period: string;
  generatedAt: string;
  rollupKey: string;
  units: ReportUnit[];
}

/** Report jobs handed to other invocations (on AWS an SQS queue the report worker consumes). */
export interface ReportJobQueue {
  send(jobs: readonly ReportJob[]): Promise<void>;
}

// ── The API's presigned requests ────────────────────────────────────────────────────────────

/** A browser form upload straight to the bucket (S3 POST Object with a signed policy). */
export interface PresignedPost {
  url: string;
  /** Form fields to send before the file field (`file`). */
  fields: Record<string, string>;
  expiresAt: string;
}

export interface UploadPresigner {
  presign(request: { key: string; maxBytes: number; expiresSeconds: number }): Promise<PresignedPost>;
}

/** How files (reports, annotated workbooks) are handed out. */
export interface DownloadLinks {
  /**
   * `inline`: the API answers with the bytes (`ipstats serve`); `redirect`: it answers 303 to a
   * short-lived presigned GET (AWS: Lambda responses are limited to 6 MB).
   */
  mode: 'inline' | 'redirect';
  url(request: { key: string; fileName: string; expiresSeconds: number }): Promise<string>;
}

/** Sends one message; throws when the transport refused it (the caller retries and records). */
export interface Mailer {
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
}

export type NotificationClaim = { claimed: true } | { claimed: false; existing: NotificationEntry };

/**
 * Which messages were sent: the conditional write that makes each message go out once.
 * `claim` writes the entry only if no entry has its id, or the one there is a `sending` claim
 * older than `staleBefore` (an attempt that died before it could record its outcome).
 */
export interface NotificationLog {
  claim(entry: NotificationEntry, staleBefore: string): Promise<NotificationClaim>;
  /** Records the outcome of a claimed message (status `sent` or `failed`). */
  settle(entry: NotificationEntry): Promise<void>;
  /** Every message of a scope (a city code, a province code or `analysts`), oldest first. */
  list(scope: string): Promise<NotificationEntry[]>;
}

/**
 * Signing a user in: local users (`auth/localSignIn.ts`) or Cognito (`adapters/cognito.ts`).
 * `new_password_required`: the password is an initial one (set by an administrator); the user
 * chooses a new one with `completeNewPassword`, passing `session` back. `challenge`: the identity
 * provider asks for another step the portal does not offer (such as an MFA code); `no_role`: the
 * account has no role, city or province assigned.
 */
export type SignInResult =
  | { ok: true; token: string; expiresAt: string; identity: Identity }
  | { ok: false; reason: 'invalid_credentials' | 'challenge' | 'no_role' }
  | { ok: false; reason: 'new_password_required'; session: string }
  /** `completeNewPassword` only: the new password breaks the password policy (`message` says how). */
  | { ok: false; reason: 'password_rejected'; message: string }
  /** `completeNewPassword` only: the session of the initial sign-in has expired or is unknown. */
  | { ok: false; reason: 'session_expired' }
  | { ok: false; reason: 'too_many_attempts'; retryAfterSeconds: number };

/** Writes a sign-in's audit entry; one shape for every `SignInService`. */
export function sessionAudit(audit: AuditTrail, now: () => Date) {
  return (action: 'sign_in_failed' | 'password_changed', actor: string, reason: string, source: string) =>
    audit.append({ at: now().toISOString(), action, actor, target: 'session', details: { reason, source } });
}

export interface SignInService {
  signIn(username: string, password: string, source: string): Promise<SignInResult>;
  /** Answers `new_password_required`: sets the user's own password and signs them in. */
  completeNewPassword(
    username: string,
    session: string,
    newPassword: string,
    source: string,
  ): Promise<SignInResult>;
}
