/**
 * Lambda: S3 object-created notifications for `uploads/` → one ingest per record, in order.
 * Bad files are not errors (they are rejected and reported); a system failure throws so that
 * Lambda retries the event, which ingest handles idempotently.
 */
import type { Context, S3Event } from 'aws-lambda';
import { runtime } from '#shared/adapters/runtime.ts';
// Loaded at init (full CPU), not with the first message: this function sends mail on its common
// path (runtime.ts imports the SES mailer on first use, for the functions that never mail).
import '#shared/adapters/sesMailer.ts';
import type { UploadState } from '#shared/domain/submission.ts';
import { ingestUpload } from '#shared/ingest/ingestUpload.ts';
import { uploadEventsFromS3Event } from '#shared/ingest/s3Event.ts';
import { notifyUploadResult } from '#shared/notifications/notify.ts';
import { notifyDeps } from './notifications.ts';

export interface IngestedUpload {
  key: string;
  uploadId: string;
  city: string;
  period: string;
  status: UploadState;
  errors: number;
  warnings: number;
  rowsIngested: number;
  /** The same event had been processed before: nothing was done. */
  duplicate: boolean;
}

export async function handler(event: S3Event, context?: Context): Promise<{ uploads: IngestedUpload[] }> {
  const rt = runtime();
  const { config, objects, telemetry, ...table } = rt;
  telemetry.startInvocation(context);
  const uploads: IngestedUpload[] = [];
  try {
    const registry = await rt.registry();
    const notify = await notifyDeps(rt, registry, { withRecipients: false });
    for (const upload of uploadEventsFromS3Event(event)) {
      const summary = await ingestUpload(upload, {
        objects,
        uploads: table.uploads,
        current: table.current,
        locks: table.locks,
        registry,
        deadlineDays: config.deadlineDays,
        limits: { maxBytes: config.maxUploadBytes },
        log: telemetry.logger,
      });
      telemetry.uploadProcessed(summary.status, summary.rowsIngested);
      // After the upload is recorded; a failed send is recorded and never fails the ingest.
      if (notify) await notifyUploadResult(summary, notify);
      uploads.push({
        key: upload.key,
        uploadId: summary.uploadId,
        city: summary.city,
        period: summary.period,
        status: summary.status,
        errors: summary.report?.counts.errors ?? 0,
        warnings: summary.report?.counts.warnings ?? 0,
        rowsIngested: summary.rowsIngested,
        duplicate: summary.duplicate === true,
      });
    }
  } finally {
    telemetry.flush();
  }
  return { uploads };
}
