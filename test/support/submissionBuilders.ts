/** Typed fixture builders for upload records and current pointers. */
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import type { AnyRecord } from '#shared/domain/records.ts';
import type { CurrentSheet, UploadRecord } from '#shared/domain/submission.ts';
import { receivedOutcome, uploadOrder } from '#shared/domain/submission.ts';
import type { RecordSink } from '#shared/ports.ts';

export function anUploadRecord(overrides: Partial<UploadRecord> = {}): UploadRecord {
  const city = overrides.city ?? '440300';
  const period = overrides.period ?? '2024Q3';
  const fileName = overrides.fileName ?? 'report.xlsx';
  return {
    uploadId: '20241005T020304Z-aaaaaaaaaaaa',
    city,
    period,
    key: `uploads/${city}/${period}/${fileName}`,
    fileName,
    bucket: 'data',
    eventTime: '2024-10-05T02:03:04.000Z',
    ...receivedOutcome(),
    updatedAt: '2024-10-05T02:03:05.000Z',
    ...overrides,
  };
}

/** A pointer whose `order` follows its event time and id unless given. */
export function aCurrentSheet(
  overrides: Partial<CurrentSheet> & { kind?: DataSheetKind } = {},
): CurrentSheet {
  const uploadId = overrides.uploadId ?? '20241005T020304Z-aaaaaaaaaaaa';
  const eventTime = overrides.eventTime ?? '2024-10-05T02:03:04.000Z';
  return {
    city: '440300',
    period: '2024Q3',
    kind: 'core',
    uploadId,
    eventTime,
    order: uploadOrder(eventTime, undefined, uploadId),
    sha256: 'a'.repeat(64),
    aggregates: { rows: 1, indicators: { A01: 10 } },
    warnings: 0,
    firstAcceptedAt: eventTime,
    ...overrides,
  };
}

/** Stages `records` through the store's sink, as ingest does, and returns the saved sink. */
export async function stageAll<Sink extends RecordSink>(
  store: { stageRecords(uploadId: string, kind: DataSheetKind): Sink },
  uploadId: string,
  kind: DataSheetKind,
  records: readonly AnyRecord[],
): Promise<Sink> {
  const sink = store.stageRecords(uploadId, kind);
  for (const record of records) sink.add(record);
  await sink.save();
  return sink;
}

/** The part of a current pointer `readRecords` reads: whose records, and how many. */
export function stagedSheet(
  uploadId: string,
  kind: DataSheetKind,
  rows: number,
): Pick<CurrentSheet, 'uploadId' | 'kind' | 'aggregates'> {
  return { uploadId, kind, aggregates: { rows } };
}
