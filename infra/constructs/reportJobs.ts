/**
 * Report jobs (issue 18): the queue through which a roll-up of many reporting units hands its
 * province and city reports to the report-worker function, so that 3,000 units stay well inside
 * Lambda's limits (a job of 50 units takes well under a minute; the roll-up itself only loads,
 * computes, publishes the national pair and sends the jobs). Jobs that fail three receives go to
 * a dead-letter queue with an alarm. The roll-up function is given the queue's URL.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue, failuresWaitingAlarm } from './deadLetterQueue.ts';
import { IpstatsFunction } from './ipstatsFunction.ts';
import type { Monitoring } from './monitoring.ts';

/** A job's reports take seconds per unit; five minutes bound a pathological one. */
export const REPORT_WORKER_SIZING = { memorySize: 2048, timeout: Duration.minutes(5) } as const;
/** Receives of a job before it is moved to the dead-letter queue. */
export const REPORT_JOB_RECEIVES = 3;
/** Workers at once: enough for a national roll-up in minutes, few enough for the bucket and index. */
export const REPORT_WORKER_CONCURRENCY = 10;

export interface ReportJobsProps {
  entry: string;
  projectRoot: string;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  monitoring: Monitoring;
  /** The function that sends the jobs (the roll-up): it gets the queue URL and may send. */
  producer: IpstatsFunction;
}

export class ReportJobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: IpstatsFunction;

  constructor(scope: Construct, id: string, props: ReportJobsProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, 'Failed', { purpose: 'the report jobs' }).queue;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda event source: six times the function's timeout.
      visibilityTimeout: Duration.seconds(REPORT_WORKER_SIZING.timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: REPORT_JOB_RECEIVES },
    });
    this.worker = new IpstatsFunction(this, 'Worker', {
      entry: props.entry,
      projectRoot: props.projectRoot,
      description: 'ipstats report worker: builds the province and city reports of a roll-up job',
      ...REPORT_WORKER_SIZING,
      environment: { ...props.environment, POWERTOOLS_SERVICE_NAME: 'ipstats-report-worker' },
      logRetention: props.logRetention,
      // Invoked by the SQS event source (synchronously), never asynchronously.
      asyncRetries: { retryAttempts: 0, maxEventAge: Duration.minutes(1) },
      monitoring: props.monitoring,
    });
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: REPORT_WORKER_CONCURRENCY,
      }),
    );
    Validations.of(this.worker.function).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "SQS event sources take no on-failure destination: a job that fails is retried by SQS and, after three receives, moved to the queue's dead-letter queue (deadLetterQueue), which has its own alarm.",
    });
    props.producer.function.addEnvironment('REPORT_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(props.producer.role);
    props.monitoring.notify(
      failuresWaitingAlarm(
        this,
        'FailedJobsAlarm',
        this.deadLetterQueue,
        'ipstats 报告任务：死信队列中有失败的报告任务（三次尝试均失败），相关城市或省份报告未生成',
      ),
    );
  }
}
