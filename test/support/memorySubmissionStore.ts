/**
 * An in-memory `SubmissionStore` with the DynamoDB adapter's semantics (same merge and switch
 * rules from ingest/uploadState.ts), for unit tests. Values are copied in and out, as a
 * database would.
 */
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import { StoreError } from '#shared/domain/errors.ts';
import type { AnyRecord } from '#shared/domain/records.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from '#shared/domain/submission.ts';
import { decodeRecordChunk, RecordChunkEncoder } from '#shared/ingest/recordChunks.ts';
import { decideSwitch, markKindSuperseded, mergeUploadSave } from '#shared/ingest/uploadState.ts';
import type { RecordChunk, RecordChunker, SubmissionStore, SwitchOutcome } from '#shared/ports.ts';

export class MemorySubmissionStore implements SubmissionStore {
  private readonly uploads = new Map<string, UploadRecord>();
  private readonly staged = new Map<string, AnyRecord[]>();
  private readonly current = new Map<string, CurrentSheet>();
  private readonly locks = new Map<string, PeriodLock>();
  private readonly summaries = new Map<string, unknown>();

  async createUpload(
    upload: UploadRecord,
  ): Promise<{ created: true } | { created: false; existing: UploadRecord }> {
    const key = uploadKey(upload.city, upload.period, upload.uploadId);
    const existing = this.uploads.get(key);
    if (existing) return { created: false, existing: copy(existing) };
    this.uploads.set(key, copy(upload));
    return { created: true };
  }

  async saveUpload(upload: UploadRecord): Promise<void> {
    const key = uploadKey(upload.city, upload.period, upload.uploadId);
    this.uploads.set(key, mergeUploadSave(this.uploads.get(key), copy(upload)));
  }

  async getUpload(city: string, period: string, uploadId: string): Promise<UploadRecord | undefined> {
    const found = this.uploads.get(uploadKey(city, period, uploadId));
    return found && copy(found);
  }

  async listUploads(city: string, period?: string): Promise<UploadRecord[]> {
    return [...this.uploads.values()]
      .filter((upload) => upload.city === city && (period === undefined || upload.period === period))
      .sort((a, b) => compare(`${a.period}#${a.uploadId}`, `${b.period}#${b.uploadId}`))
      .map(copy);
  }

  async markSuperseded(city: string, period: string, uploadId: string, kind: DataSheetKind): Promise<void> {
    const key = uploadKey(city, period, uploadId);
    const stored = this.uploads.get(key);
    if (!stored) throw new StoreError(`上传记录不存在：${city}/${period}/${uploadId}`);
    this.uploads.set(key, markKindSuperseded(stored, kind, new Date().toISOString()));
  }

  async stageRecords(uploadId: string, kind: DataSheetKind, records: readonly AnyRecord[]): Promise<number> {
    this.staged.set(stagedKey(uploadId, kind), copy([...records]));
    return records.length === 0 ? 0 : 1;
  }

  recordChunker(): RecordChunker {
    return new RecordChunkEncoder();
  }

  async stageChunks(uploadId: string, kind: DataSheetKind, chunks: readonly RecordChunk[]): Promise<number> {
    const records: AnyRecord[] = [];
    for (const chunk of chunks)
      for (const record of await decodeRecordChunk(chunk.data)) records.push(record);
    return this.stageRecords(uploadId, kind, records);
  }

  async readRecords(uploadId: string, kind: DataSheetKind, chunks: number): Promise<AnyRecord[]> {
    if (chunks === 0) return [];
    const records = this.staged.get(stagedKey(uploadId, kind));
    if (!records) throw new StoreError(`暂存数据不完整：${uploadId} ${kind}`);
    return copy(records);
  }

  async switchCurrent(candidate: CurrentSheet): Promise<SwitchOutcome> {
    const key = currentKey(candidate.city, candidate.period, candidate.kind);
    const existing = this.current.get(key);
    const decision = decideSwitch(existing, candidate);
    if (decision.action === 'switch') {
      this.current.set(key, copy(decision.item));
      return existing ? { switched: true, previous: copy(existing) } : { switched: true };
    }
    // decideSwitch only keeps an existing pointer.
    const kept = existing as CurrentSheet;
    if (decision.action === 'newer_is_current' && decision.lowerFirstAcceptedAt)
      kept.firstAcceptedAt = decision.lowerFirstAcceptedAt;
    return { switched: false, reason: decision.action, current: copy(kept) };
  }

  async getCurrent(city: string, period: string, kind: DataSheetKind): Promise<CurrentSheet | undefined> {
    const found = this.current.get(currentKey(city, period, kind));
    return found && copy(found);
  }

  async listCurrent(city: string): Promise<CurrentSheet[]> {
    return [...this.current.entries()]
      .filter(([, sheet]) => sheet.city === city)
      .sort(([a], [b]) => compare(a, b))
      .map(([, sheet]) => copy(sheet));
  }

  async putLock(lock: PeriodLock): Promise<void> {
    this.locks.set(`${lock.period}#${lock.city}`, copy(lock));
  }

  async deleteLock(period: string, city: string): Promise<boolean> {
    return this.locks.delete(`${period}#${city}`);
  }

  async listLocks(period?: string): Promise<PeriodLock[]> {
    return [...this.locks.entries()]
      .filter(([, lock]) => period === undefined || lock.period === period)
      .sort(([a], [b]) => compare(a, b))
      .map(([, lock]) => copy(lock));
  }

  async putReportSummary(period: string, summary: unknown): Promise<void> {
    this.summaries.set(period, copy(summary));
  }

  async getReportSummary(period: string): Promise<unknown | undefined> {
    return this.summaries.has(period) ? copy(this.summaries.get(period)) : undefined;
  }
}

const uploadKey = (city: string, period: string, uploadId: string) => `${city}#${period}#${uploadId}`;
const stagedKey = (uploadId: string, kind: DataSheetKind) => `${uploadId}#${kind}`;
const currentKey = (city: string, period: string, kind: DataSheetKind) => `${city}#${period}#${kind}`;

function copy<T>(value: T): T {
  return structuredClone(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
