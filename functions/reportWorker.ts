/**
 * Lambda: the report worker. Consumes the report-job queue (SQS, one job per message): builds and
 * puts the province and city reports of the job's units from the roll-up the roll-up function
 * stored under `work/rollups/…`, then merges them into `reports/index.json`. A failed job is
 * reported as a batch item failure, so SQS retries only it (and moves it to the dead-letter queue
 * after the last attempt); a job is idempotent (the same reports, the same index entries).
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runtime } from '#shared/adapters/runtime.ts';
import { parseReportJob, runReportJob } from '#shared/reports/reportJobs.ts';

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  const { objects, telemetry } = runtime();
  telemetry.startInvocation(context);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  try {
    for (const record of event.Records) {
      try {
        const job = parseReportJob(record.body);
        const published = await runReportJob(job, { objects });
        telemetry.logger.info('report job done', {
          period: job.period,
          units: job.units.length,
          reports: published.length,
          bytes: published.reduce((total, report) => total + report.bytes, 0),
        });
      } catch (error) {
        telemetry.logger.error('report job failed', { messageId: record.messageId, error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
  } finally {
    telemetry.flush();
  }
  return { batchItemFailures };
}
