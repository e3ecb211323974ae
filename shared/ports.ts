/**
 * Ports owned by the domain. Use cases take these as parameters; the S3 and DynamoDB adapters in
 * `adapters/` implement them, and unit tests pass the in-memory fakes in `test/support/`.
 */
import type { Readable } from 'node:stream';
import type { DataSheetKind } from './catalogue/sheets.ts';
import type { AnyRecord } from './domain/records.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from './domain/submission.ts';

export interface StoredObject {
  body: Readable;
  size: number;
  etag?: string;
  versionId?: string;
  lastModified?: Date;
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
  get(key: string, versionId?: string): Promise<StoredObject>;
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

export type SwitchOutcome =
  /** This upload is now current. `previous` is the upload it replaced. */
  | { switched: true; previous?: CurrentSheet }
  /** This upload was already current (a retry after the switch). */
  | { switched: false; reason: 'already_current'; current: CurrentSheet }
  /** A later upload is current: this one is superseded on arrival. */
  | { switched: false; reason: 'newer_is_current'; current: CurrentSheet };

/** Records of one sheet, compressed as the store stages them (`ingest/recordChunks.ts`). */
export interface RecordChunk {
  data: Buffer;
  rows: number;
}

/** Gathers one sheet's records into chunks while they are read, so that they are never held as records. */
export interface RecordChunker {
  add(record: AnyRecord): void;
  /** The chunks in record order; call once, after the last record. */
  finish(): Promise<RecordChunk[]>;
}

export interface SubmissionStore {
  /** Creates the upload record unless one exists; returns the existing one otherwise. */
  createUpload(upload: UploadRecord): Promise<{ created: true } | { created: false; existing: UploadRecord }>;
  /** Overwrites the upload record's state fields (status, sheets, counts, keys …). */
  saveUpload(upload: UploadRecord): Promise<void>;
  getUpload(city: string, period: string, uploadId: string): Promise<UploadRecord | undefined>;
  /** Every upload of a city, optionally for one period, oldest first (the audit trail). */
  listUploads(city: string, period?: string): Promise<UploadRecord[]>;
  /** Records that a later upload replaced `kind` of this upload. */
  markSuperseded(city: string, period: string, uploadId: string, kind: DataSheetKind): Promise<void>;

  /** Stores records under the upload id (not yet visible); idempotent. Returns the chunk count. */
  stageRecords(uploadId: string, kind: DataSheetKind, records: readonly AnyRecord[]): Promise<number>;
  /** A chunker with this store's chunk size, for records that are staged later with `stageChunks`. */
  recordChunker(): RecordChunker;
  /** Stores chunks made by `recordChunker` under the upload id, like `stageRecords`. Returns the chunk count. */
  stageChunks(uploadId: string, kind: DataSheetKind, chunks: readonly RecordChunk[]): Promise<number>;
  readRecords(uploadId: string, kind: DataSheetKind, chunks: number): Promise<AnyRecord[]>;

  /** The single conditional write that makes an upload current for one sheet kind. */
  switchCurrent(candidate: CurrentSheet): Promise<SwitchOutcome>;
  getCurrent(city: string, period: string, kind: DataSheetKind): Promise<CurrentSheet | undefined>;
  /** Every current sheet of a city over all periods (its history). */
  listCurrent(city: string): Promise<CurrentSheet[]>;

  putLock(lock: PeriodLock): Promise<void>;
  deleteLock(period: string, city: string): Promise<boolean>;
  listLocks(period?: string): Promise<PeriodLock[]>;

  /** Stores the national summary JSON of a roll-up run for fast reads. */
  putReportSummary(period: string, summary: unknown): Promise<void>;
  getReportSummary(period: string): Promise<unknown | undefined>;
}
