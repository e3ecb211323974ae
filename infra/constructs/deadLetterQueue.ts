/**
 * An SQS queue that is the end of the line for events nobody could process: Lambda on-failure
 * destinations, EventBridge target dead-letter queues and SNS subscription redrive. Messages stay
 * 14 days (the SQS maximum) so an operator has two weeks to inspect and replay them.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What sends its failures here, for the acknowledgements below. */
  purpose: string;
}

export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const terminal = `This queue is itself the dead-letter queue of ${props.purpose}; a queue behind it would only move the same messages again.`;
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: terminal });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: terminal });
  }
}

/** An alarm as soon as a message waits in a queue of failures (the maximum over five minutes > 0). */
export function failuresWaitingAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  alarmDescription: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
