/**
 * The ingest use case: one stored object version in, one upload record, one validation report,
 * and, for what is accepted, the current data of the city, period and sheet kind switched to it.
 *
 * Whatever the delivery (twice, concurrently, out of order, retried after a crash at any step),
 * the current data of a city, period and kind is exactly one accepted upload's: rows are staged
 * under the upload id first, then one conditional write per kind moves the pointer, and every
 * step is idempotent so a retry finishes the job. Bad input never throws; system failures are
 * recorded as `failed` where possible and thrown so that Lambda retries.
 */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { UploadKeyError } from '../domain/errors.ts';
import { parseQuarter, previousQuarter, quarterContaining } from '../domain/period.ts';
import type { AnyRecord } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import {
  type CurrentSheet,
  receivedOutcome,
  type UploadRecord,
  type UploadState,
  uploadOrder,
} from '../domain/submission.ts';
import { deriveUploadId, parseUploadKey, resultKeys } from '../domain/uploadKey.ts';
import { isFinalState } from '../domain/uploadState.ts';
import type { ValidationIssue, ValidationReport } from '../domain/validation.ts';
import type { SheetHead, UploadLimits } from '../parsing/types.ts';
import {
  type CurrentData,
  type Locks,
  type Logger,
  type ObjectStore,
  type RecordSink,
  type SwitchOutcome,
  silentLogger,
  type UploadLog,
} from '../ports.ts';
import { checkUpload, reportOutcome } from '../validation/checkUpload.ts';
import type { SheetAcceptance, ValidationContext, ValidationOutcome } from '../validation/contract.ts';
import type { ReportMeta } from '../validation/report.ts';
import { checkUploadTarget, uploadKeyIssue } from '../validation/target.ts';
import type { UploadEvent } from './s3Event.ts';

export interface IngestDeps {
  objects: ObjectStore;
  uploads: UploadLog;
  current: CurrentData;
  locks: Locks;
  registry: readonly City[];
  deadlineDays: number;
  limits?: Partial<UploadLimits>;
  now?: () => Date;
  log?: Logger;
}

export interface IngestSummary {
  uploadId: string;
  city: string;
  period: string;
  status: UploadState;
  /** The validation report (absent only for a duplicate whose report cannot be read). */
  report?: ValidationReport;
  /** The event was seen before and its upload had already finished: nothing was done. */
  duplicate?: true;
  /** Data rows made current (0 when rejected, superseded on arrival or a duplicate). */
  rowsIngested: number;
}

/** Where uploads whose key is not `uploads/{city}/{period}/{file}` are recorded. */
export const INVALID_KEY_CITY = '_invalid';

export const SAME_CONTENT_NOTE = '与上次报送内容相同';

export async function ingestUpload(event: UploadEvent, deps: IngestDeps): Promise<IngestSummary> {
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const eventTime = new Date(event.eventTime).toISOString();
  const uploadId = deriveUploadId({ ...event, eventTime });

  let target: { city: string; period: string; fileName: string; keyIssue?: ValidationIssue };
  try {
    target = parseUploadKey(event.key);
  } catch (error) {
    if (!(error instanceof UploadKeyError)) throw error;
    target = {
      city: INVALID_KEY_CITY,
      // Filed under the quarter of arrival so that the audit trail of bad keys stays browsable.
      period: quarterContaining(new Date(eventTime)).code,
      fileName: event.key.split('/').pop() || event.key,
      keyIssue: uploadKeyIssue(error),
    };
  }

  const received: UploadRecord = {
    uploadId,
    city: target.city,
    period: target.period,
    key: event.key,
    fileName: target.fileName,
    bucket: event.bucket,
    ...(event.versionId ? { versionId: event.versionId } : {}),
    ...(event.etag ? { etag: event.etag } : {}),
    ...(event.size === undefined ? {} : { size: event.size }),
    ...(event.principalId ? { uploader: event.principalId } : {}),
    eventTime,
    ...(event.sequencer ? { sequencer: event.sequencer } : {}),
    ...receivedOutcome(),
    updatedAt: now().toISOString(),
  };
  const context = { uploadId, key: event.key, city: target.city, period: target.period };

  const created = await deps.uploads.createUpload(received);
  if (!created.created && isFinalState(created.existing.status)) {
    log.info('duplicate upload event ignored', { ...context, status: created.existing.status });
    return duplicateSummary(created.existing, deps.objects, log);
  }

  const run = new IngestRun(event, received, target.keyIssue, deps, now, log);
  try {
    return await run.execute();
  } catch (error) {
    log.error('upload ingest failed', { ...context, error });
    await deps.uploads
      .saveUpload({
        ...run.record,
        status: 'failed',
        failure: describe(error),
        updatedAt: now().toISOString(),
      })
      .catch((saveError: unknown) =>
        log.error('could not record the failure', { ...context, error: saveError }),
      );
    throw error;
  }
}

/** One processing attempt of one upload; `record` is what is known so far. */
class IngestRun {
  record: UploadRecord;

  constructor(
    private readonly event: UploadEvent,
    received: UploadRecord,
    private readonly keyIssue: ValidationIssue | undefined,
    private readonly deps: IngestDeps,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {
    this.record = received;
  }

  async execute(): Promise<IngestSummary> {
    const { city, period, fileName, eventTime } = this.record;
    if (this.keyIssue) return this.reject(rejection([this.keyIssue]));

    const receivedAt = new Date(eventTime);
    const locks = await this.deps.locks.listLocks(period);
    const targetIssues = checkUploadTarget({
      city,
      period,
      fileName,
      registry: this.deps.registry,
      receivedAt,
      locks,
    });
    // Unknown city, future or locked period: rejected, but the file is still read and checked as
    // `ipstats validate` checks it, so that the city learns every problem at once and both give
    // the same report. Nothing of it is staged.
    const targetRejected = targetIssues.some((issue) => issue.severity === 'error');

    const currents = targetRejected ? [] : await this.deps.current.listCurrent(city);
    const context: ValidationContext = {
      city,
      period,
      fileName,
      registry: this.deps.registry,
      receivedAt,
      deadlineDays: this.deps.deadlineDays,
      locks,
      previous: previousSheets(currents, period),
    };
    // Each row is validated and compressed as it is read: the records are never held together.
    const records = new SheetRecords((kind) => this.deps.current.stageRecords(this.record.uploadId, kind));
    const stored = await this.deps.objects.get(this.event.key, this.event.versionId);
    let same: CurrentSheet | undefined;
    const checked = await checkUpload({
      body: stored.body,
      fileName,
      size: this.event.size ?? stored.size,
      ...(this.deps.limits ? { limits: this.deps.limits } : {}),
      ...(targetRejected
        ? {}
        : { onRecord: (sheet: SheetHead, record: AnyRecord) => records.add(sheet, record) }),
      annotate: 'withIssues',
      settle: ({ digest }) => {
        if (digest) this.record = { ...this.record, sha256: digest.sha256, size: digest.size };
        same =
          digest &&
          currents.find(
            (sheet) =>
              sheet.period === period &&
              sheet.sha256 === digest.sha256 &&
              sheet.uploadId !== this.record.uploadId,
          );
        return {
          context,
          report: (outcome) =>
            this.reportMeta(outcome.accepted.length > 0 && same ? [SAME_CONTENT_NOTE] : []),
        };
      },
    });
    const { outcome } = checked;
    if (targetRejected || outcome.accepted.length === 0) return this.reject(checked);
    const report = await this.writeResults(checked);
    return this.accept(outcome, records, report, checked.digest?.sha256 ?? '', same?.uploadId);
  }

  /** Rejected before reading (`outcome` of the key or target issues) or after (`checked`). */
  private async reject(
    result: ValidationOutcome<SheetAcceptance> | { report: ValidationReport; annotated?: Buffer },
  ): Promise<IngestSummary> {
    const report = await this.writeResults(
      'report' in result
        ? result
        : await reportOutcome(result, this.reportMeta([]), { annotate: 'withIssues' }),
    );
    await this.save({ status: 'rejected' });
    this.log.info('upload rejected', {
      ...this.logContext(),
      errors: report.counts.errors,
      codes: report.countsByCode,
    });
    return this.summary(report, 0);
  }

  /** Stage every accepted sheet (together), then switch each kind, then settle who is superseded. */
  private async accept(
    outcome: ValidationOutcome<SheetAcceptance>,
    records: SheetRecords,
    report: ValidationReport,
    sha256: string,
    sameAsUploadId?: string,
  ): Promise<IngestSummary> {
    const { city, period, uploadId, eventTime, sequencer } = this.record;
    await this.deps.current.saveSinks(outcome.accepted.map((sheet) => records.sink(sheet.name, sheet.kind)));
    const staged: CurrentSheet[] = [];
    for (const sheet of outcome.accepted) {
      staged.push({
        city,
        period,
        kind: sheet.kind,
        uploadId,
        eventTime,
        order: uploadOrder(eventTime, sequencer, uploadId),
        sha256,
        aggregates: sheet.aggregates,
        warnings: sheet.warnings,
        firstAcceptedAt: eventTime,
      });
    }
    // Recorded before switching, so that a later upload can tell this one is replaced.
    await this.save({
      acceptedKinds: staged.map((sheet) => sheet.kind),
      ...(sameAsUploadId ? { sameAsUploadId } : {}),
    });

    const outcomes: Array<{ kind: DataSheetKind; outcome: SwitchOutcome }> = [];
    for (const sheet of staged)
      outcomes.push({ kind: sheet.kind, outcome: await this.deps.current.switchCurrent(sheet) });
    await this.settleSupersession(staged, outcomes);

    const replacedOnArrival = outcomes.filter(
      ({ outcome }) => !outcome.switched && outcome.reason === 'newer_is_current',
    );
    const status: UploadState = replacedOnArrival.length === staged.length ? 'superseded' : outcome.status;
    await this.save({ status: outcome.status });
    const rows = outcome.accepted
      .filter((sheet) => !replacedOnArrival.some((replaced) => replaced.kind === sheet.kind))
      .reduce((sum, sheet) => sum + sheet.aggregates.rows, 0);
    this.log.info('upload accepted', {
      ...this.logContext(),
      status,
      kinds: staged.map((sheet) => sheet.kind),
      supersededOnArrival: replacedOnArrival.map(({ kind }) => kind),
      warnings: report.counts.warnings,
      rows,
      ...(sameAsUploadId ? { sameAsUploadId } : {}),
    });
    return { ...this.summary(report, rows), status };
  }

  /**
   * Marks every upload of the city-period whose kind is older than the current one as
   * superseded for that kind (this one included, when a later upload was already current).
   * Worked out from the pointers rather than from `previous`, so a retry after a crash between
   * the switch and this step still marks the replaced upload.
   */
  private async settleSupersession(
    staged: readonly CurrentSheet[],
    outcomes: Array<{ kind: DataSheetKind; outcome: SwitchOutcome }>,
  ) {
    const { city, period } = this.record;
    const uploads = await this.deps.uploads.listUploads(city, period);
    for (const { kind, outcome } of outcomes) {
      const current = outcome.switched ? staged.find((sheet) => sheet.kind === kind) : outcome.current;
      if (!current) continue;
      for (const upload of uploads) {
        if (
          !upload.acceptedKinds.includes(kind) ||
          upload.uploadId === current.uploadId ||
          upload.supersededKinds.includes(kind)
        )
          continue;
        if (uploadOrder(upload.eventTime, upload.sequencer, upload.uploadId) < current.order) {
          await this.deps.uploads.markSuperseded(city, period, upload.uploadId, kind);
        }
      }
    }
  }

  private reportMeta(notes: string[]): ReportMeta {
    const { uploadId, city, period, fileName, eventTime } = this.record;
    return { uploadId, city, period, file: fileName, receivedAt: eventTime, notes };
  }

  /** Writes the report JSON and, when there is something to show, the annotated workbook. */
  private async writeResults({
    report,
    annotated,
  }: {
    report: ValidationReport;
    annotated?: Buffer;
  }): Promise<ValidationReport> {
    const { uploadId, city, period } = this.record;
    const reportKey = resultKeys.report(city, period, uploadId);
    await this.deps.objects.put(
      reportKey,
      `${JSON.stringify(report, null, 2)}\n`,
      'application/json; charset=utf-8',
    );
    let annotatedKey: string | undefined;
    if (annotated) {
      annotatedKey = resultKeys.annotated(city, period, uploadId);
      await this.deps.objects.put(
        annotatedKey,
        annotated,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    }
    this.record = {
      ...this.record,
      sheets: report.sheets.map((sheet) => ({
        kind: sheet.kind,
        name: sheet.name,
        status: sheet.status,
        rows: sheet.rows,
      })),
      counts: report.counts,
      late: report.late ?? false,
      reportKey,
      ...(annotatedKey ? { annotatedKey } : {}),
    };
    return report;
  }

  private async save(change: Partial<UploadRecord>): Promise<void> {
    this.record = { ...this.record, ...change, updatedAt: this.now().toISOString() };
    await this.deps.uploads.saveUpload(this.record);
  }

  private summary(report: ValidationReport, rowsIngested: number): IngestSummary {
    const { uploadId, city, period, status } = this.record;
    return { uploadId, city, period, status, report, rowsIngested };
  }

  private logContext() {
    const { uploadId, key, city, period, sha256, size } = this.record;
    return { uploadId, key, city, period, sha256, size };
  }
}

function rejection(issues: ValidationIssue[]): ValidationOutcome<SheetAcceptance> {
  return { status: 'rejected', sheets: [], issues, accepted: [], late: false };
}

/** Each sheet's records, by sheet name, handed to the store as they are read; a rejected sheet's are dropped. */
class SheetRecords {
  private readonly sinks = new Map<string, RecordSink>();

  constructor(private readonly newSink: (kind: DataSheetKind) => RecordSink) {}

  add(sheet: SheetHead, record: AnyRecord): void {
    this.sink(sheet.name, sheet.kind).add(record);
  }

  /** The sink of a sheet (an empty one when no row of it was kept). */
  sink(sheet: string, kind: DataSheetKind): RecordSink {
    let sink = this.sinks.get(sheet);
    if (!sink) {
      sink = this.newSink(kind);
      this.sinks.set(sheet, sink);
    }
    return sink;
  }
}

/** The city's current aggregates of the quarter before `period`, for the cross-period rules. */
function previousSheets(currents: readonly CurrentSheet[], period: string): ValidationContext['previous'] {
  const previous = previousQuarter(parseQuarter(period)).code;
  const sheets: NonNullable<ValidationContext['previous']>['sheets'] = {};
  for (const sheet of currents) if (sheet.period === previous) sheets[sheet.kind] = sheet.aggregates;
  return Object.keys(sheets).length > 0 ? { period: previous, sheets } : undefined;
}

/** The finished upload's outcome; its report is informative only, so failing to read it is not an error. */
async function duplicateSummary(
  existing: UploadRecord,
  objects: ObjectStore,
  log: Logger,
): Promise<IngestSummary> {
  const { uploadId, city, period, status, reportKey } = existing;
  const report = reportKey
    ? await (objects.getJson(reportKey) as Promise<ValidationReport>).catch((error: unknown) => {
        log.warn('report of a finished upload could not be read', { uploadId, reportKey, error });
        return undefined;
      })
    : undefined;
  return { uploadId, city, period, status, ...(report ? { report } : {}), duplicate: true, rowsIngested: 0 };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
