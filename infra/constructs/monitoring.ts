/**
 * Where alarms go: one SNS topic (optionally with an e-mail subscription) that every alarm of the
 * stack notifies when it fires and when it recovers. The topic is encrypted with its own KMS key
 * because CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './deadLetterQueue.ts';

export interface MonitoringProps {
  /** Subscribed to the alarm topic when given (the recipient must confirm the subscription). */
  alarmEmail?: string;
}

/** The usual alarm period: long enough to smooth single data points, short enough to page quickly. */
export const ALARM_PERIOD = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  private readonly action: cloudwatchActions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'ipstats alarm topic encryption',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'ipstats alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.action = new cloudwatchActions.SnsAction(this.alarmTopic);

    if (props.alarmEmail) {
      const undelivered = new DeadLetterQueue(this, 'AlarmEmailDeadLetters', {
        purpose: 'the alarm e-mail subscription',
      });
      this.alarmTopic.addSubscription(
        new subscriptions.EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered.queue }),
      );
    }
  }

  /** Sends the alarm's state changes (into and out of ALARM) to the topic. */
  notify(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
  }
}
