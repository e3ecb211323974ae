/**
 * The table's ports in memory — upload log, current data, locks, audit trail — with the DynamoDB
 * adapter's semantics (the same merge and switch rules from domain/uploadState.ts), for unit
 * tests. Records are kept as plain arrays; values are copied in and out, as a database would.
 */
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import { StoreError } from '#shared/domain/errors.ts';
import type { AnyRecord } from '#shared/domain/records.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from '#shared/domain/submission.ts';
import { decideSwitch, markKindSuperseded, mergeUploadSave } from '#shared/domain/uploadState.ts';
import type {
  AuditEntry,
  AuditQuery,
  AuditTrail,
  CurrentData,
  Locks,
  RecordSink,
  SwitchOutcome,
  UploadLog,
} from '#shared/ports.ts';

export class MemorySubmissionStore implements UploadLog, CurrentData, Locks, AuditTrail {
  private readonly uploads = new Map<string, UploadRecord>();
  private readonly staged = new Map<string, AnyRecord[]>();
  private readonly current = new Map<string, CurrentSheet>();
  private readonly locks = new Map<string, PeriodLock>();
  private readonly audit: AuditEntry[] = [];

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

  stageRecords(uploadId: string, kind: DataSheetKind): RecordSink {
    const records: AnyRecord[] = [];
    return {
      add: (record) => records.push(copy(record)),
      save: async () => void this.staged.set(stagedKey(uploadId, kind), records),
    };
  }

  async saveSinks(sinks: readonly RecordSink[]): Promise<void> {
    for (const sink of sinks) await sink.save();
  }

  async readRecords(sheet: Pick<CurrentSheet, 'uploadId' | 'kind' | 'aggregates'>): Promise<AnyRecord[]> {
    if (sheet.aggregates.rows === 0) return [];
    // A save here is atomic: the records are all there or were never staged.
    const records = this.staged.get(stagedKey(sheet.uploadId, sheet.kind));
    if (!records) throw new StoreError(`暂存数据不完整：${sheet.uploadId} ${sheet.kind} 没有暂存的数据`);
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

  async append(entry: AuditEntry): Promise<void> {
    this.audit.push(copy({ ...entry, at: new Date(entry.at).toISOString() }));
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    return this.audit
      .filter(
        (entry) =>
          entry.at >= from &&
          entry.at < to &&
          (query.action === undefined || entry.action === query.action) &&
          (query.actor === undefined || entry.actor === query.actor),
      )
      .sort((a, b) => compare(a.at, b.at))
      .map(copy);
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
