/**
 * The report-job queue on SQS: each job one message (a job names its units and the stored roll-up,
 * a few kilobytes), sent ten at a time with `SendMessageBatch`; entries SQS refuses are sent again.
 * Only the rollup function sends jobs: `runtime.ts` imports this module when the first jobs are
 * sent, functions/rollup.ts at init, so that no other function loads the SQS client.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ReportJob, ReportJobQueue } from '../ports.ts';

const BATCH = 10;
const ATTEMPTS = 3;

export class ReportQueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportQueueError';
  }
}

export function createSqsReportJobQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): ReportJobQueue {
  return {
    async send(jobs) {
      for (let start = 0; start < jobs.length; start += BATCH) {
        let pending = jobs.slice(start, start + BATCH).map((job, i) => ({ id: String(start + i), job }));
        for (let attempt = 1; pending.length > 0; attempt++) {
          const result = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: pending.map(({ id, job }) => ({ Id: id, MessageBody: JSON.stringify(job) })),
            }),
          );
          const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
          pending = pending.filter(({ id }) => failed.has(id));
          if (pending.length > 0 && attempt >= ATTEMPTS)
            throw new ReportQueueError(
              `${pending.length} 个报告任务未能送入队列 ${queueUrl}：${(result.Failed ?? []).map((entry) => entry.Message ?? entry.Code).join('；')}`,
            );
        }
      }
    },
  } satisfies { send(jobs: readonly ReportJob[]): Promise<void> };
}

/** The queue with its own SQS client in `region`, and how to close that client. */
export function sqsReportJobQueueInRegion(
  queueUrl: string,
  region: string | undefined,
): { queue: ReportJobQueue; close(): void } {
  const client = new SQSClient(region ? { region } : {});
  return { queue: createSqsReportJobQueue(client, queueUrl), close: () => client.destroy() };
}
