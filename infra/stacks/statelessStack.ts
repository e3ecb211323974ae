/**
 * `IpstatsStateless`: the code and everything around it — the ingest and roll-up functions, the
 * upload notifications, the roll-up schedule, the roles of cities and analysts, alarms, and the
 * registry object. Reaches the bucket and table of `IpstatsStateful` by their fixed names.
 *
 * Sizing (revisit with the measurements in docs/benchmarks.md):
 * - ingest: 1769 MB, the size at which Lambda gives one full vCPU. Parsing and validating a
 *   workbook is single-threaded CPU work, so below that it runs proportionally slower, and above it
 *   the extra vCPU sits idle; the memory also covers an upload at the 20 MB limit being read and an
 *   annotated copy written. 5 minutes: a full workbook takes seconds, so the timeout only bounds a
 *   pathological file, while staying well inside Lambda's 6-hour retry window for S3 events.
 * - rollup: 2048 MB and the 15-minute maximum. A run reads every current sheet of every city for
 *   the period and its comparison periods, holds them in memory, and writes the national and per-city
 *   workbooks with charts; it runs a few times a quarter, so generous sizing costs little. Above
 *   REPORT_INLINE_UNITS provinces and cities (200) it builds only the national pair and hands the
 *   rest to the report worker (`ReportJobs`, 50 units a job, 2048 MB and 5 minutes each).
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import type { InfraConfig } from '../config.ts';
import { Access } from '../constructs/access.ts';
import { Api } from '../constructs/api.ts';
import { ConfigFileDeployment } from '../constructs/configFileDeployment.ts';
import { PREFIXES } from '../constructs/dataStore.ts';
import { IpstatsFunction } from '../constructs/ipstatsFunction.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { Portal } from '../constructs/portal.ts';
import { ReportJobs } from '../constructs/reportJobs.ts';
import { NotifySchedule, RollupSchedules } from '../constructs/schedules.ts';
import { dataBucketName, STACK_NAMES, TABLE_NAME } from '../names.ts';

export const FUNCTION_SIZING = {
  ingest: { memorySize: 1769, timeout: Duration.minutes(5) },
  rollup: { memorySize: 2048, timeout: Duration.minutes(15) },
  notify: { memorySize: 512, timeout: Duration.minutes(5) },
  /** API Gateway waits 30 s at most; a request reads a few items and objects. */
  api: { memorySize: 1024, timeout: Duration.seconds(29) },
} as const;

/**
 * Lambda's own retries of a failed asynchronous invocation. Ingest is idempotent per object
 * version, so two retries are safe, and an event may wait out a burst of throttling for six hours.
 * A roll-up rebuilds its reports from scratch, so one retry covers a transient failure; a
 * deterministic failure would only fail again, 15 minutes at a time.
 */
export const ASYNC_RETRIES = {
  ingest: { retryAttempts: 2, maxEventAge: Duration.hours(6) },
  rollup: { retryAttempts: 1, maxEventAge: Duration.hours(2) },
  notify: { retryAttempts: 2, maxEventAge: Duration.hours(6) },
  // No entry for the API: API Gateway invokes it synchronously, Lambda never retries it and the
  // caller sees the error, so it has neither retries nor a failure queue.
} as const;

/** Upload files the ingest function is told about (one S3 notification per suffix). */
export const UPLOAD_SUFFIXES = ['.xlsx', '.csv'] as const;

export const METRICS_NAMESPACE = 'ipstats';

export interface StatelessStackProps extends StackProps {
  config: InfraConfig;
  /** Handler modules (absolute paths). */
  entries: { ingest: string; rollup: string; notify: string; api: string; reportWorker: string };
  projectRoot: string;
}

export class StatelessStack extends Stack {
  readonly ingest: IpstatsFunction;
  readonly rollup: IpstatsFunction;
  readonly notify: IpstatsFunction;
  readonly api: IpstatsFunction;
  readonly reportJobs: ReportJobs;
  readonly httpApi: Api;
  readonly portal: Portal;
  readonly access: Access;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const bucket = s3.Bucket.fromBucketName(this, 'DataBucket', dataBucketName());
    const table = dynamodb.Table.fromTableName(this, 'Table', TABLE_NAME);
    this.monitoring = new Monitoring(
      this,
      'Monitoring',
      config.alarmEmail ? { alarmEmail: config.alarmEmail } : {},
    );

    const appEnvironment = {
      DATA_BUCKET: bucket.bucketName,
      TABLE_NAME: table.tableName,
      DEADLINE_DAYS: String(config.deadlineDays),
      REGISTRY_KEY: config.registryKey,
      RECIPIENTS_KEY: config.recipientsKey,
      MAX_UPLOAD_BYTES: String(config.maxUploadBytes),
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      LOG_LEVEL: config.logLevel,
      ...mailEnvironment(this, config),
    };
    const common = {
      projectRoot: props.projectRoot,
      logRetention: config.logRetention,
      monitoring: this.monitoring,
    };

    this.ingest = new IpstatsFunction(this, 'Ingest', {
      ...common,
      entry: props.entries.ingest,
      description: 'ipstats ingest: validates an uploaded workbook and stores its data',
      ...FUNCTION_SIZING.ingest,
      environment: { ...appEnvironment, POWERTOOLS_SERVICE_NAME: 'ipstats-ingest' },
      reservedConcurrentExecutions: config.reservedConcurrency.ingest,
      asyncRetries: ASYNC_RETRIES.ingest,
    });
    this.rollup = new IpstatsFunction(this, 'Rollup', {
      ...common,
      entry: props.entries.rollup,
      description: 'ipstats roll-up: builds the national and per-city reports of a period',
      ...FUNCTION_SIZING.rollup,
      environment: { ...appEnvironment, POWERTOOLS_SERVICE_NAME: 'ipstats-rollup' },
      reservedConcurrentExecutions: config.reservedConcurrency.rollup,
      asyncRetries: ASYNC_RETRIES.rollup,
    });
    this.reportJobs = new ReportJobs(this, 'ReportJobs', {
      ...common,
      entry: props.entries.reportWorker,
      environment: appEnvironment,
      producer: this.rollup,
    });

    this.notify = new IpstatsFunction(this, 'Notify', {
      ...common,
      entry: props.entries.notify,
      description: 'ipstats notifications: reminders before each deadline and the digest after it',
      ...FUNCTION_SIZING.notify,
      environment: { ...appEnvironment, POWERTOOLS_SERVICE_NAME: 'ipstats-notify' },
      reservedConcurrentExecutions: 1,
      asyncRetries: ASYNC_RETRIES.notify,
    });
    if (config.mail) {
      new NotifySchedule(this, 'NotifySchedule', {
        notify: this.notify,
        chinaTime: config.mail.notifyTimeChina,
        reminderDays: config.mail.reminderDays,
      });
    }

    this.api = new IpstatsFunction(this, 'Api', {
      ...common,
      entry: props.entries.api,
      description: 'ipstats API: the portal back end (sign-in, uploads, reports, roll-ups, locks, audit)',
      ...FUNCTION_SIZING.api,
      environment: {
        ...appEnvironment,
        POWERTOOLS_SERVICE_NAME: 'ipstats-api',
        ROLLUP_FUNCTION_NAME: this.rollup.function.functionName,
      },
    });
    this.httpApi = new Api(this, 'HttpApi', { function: this.api, logRetention: config.logRetention });
    this.api.function.addEnvironment('USER_POOL_CLIENT_ID', this.httpApi.client.userPoolClientId);
    this.portal = new Portal(this, 'Portal', {
      apiDomain: this.httpApi.endpointDomain,
      logRetention: config.logRetention,
    });

    for (const suffix of UPLOAD_SUFFIXES) {
      bucket.addEventNotification(
        s3.EventType.OBJECT_CREATED,
        new s3n.LambdaDestination(this.ingest.function),
        {
          prefix: PREFIXES.uploads,
          suffix,
        },
      );
    }
    acknowledgeNotificationsHandler(this);
    if (config.scheduledRollups) {
      new RollupSchedules(this, 'RollupSchedules', {
        rollup: this.rollup,
        deadlineDays: config.deadlineDays,
        chinaTime: config.rollupTimeChina,
      });
    }
    this.access = new Access(this, 'Access', {
      bucket,
      table,
      ingestRole: this.ingest.role,
      rollupRole: this.rollup.role,
      rollupFunction: this.rollup.function,
      reportWorkerRole: this.reportJobs.worker.role,
      notifyRole: this.notify.role,
      ...(config.mail
        ? { mail: { identityArn: sesIdentityArn(this, config.mail.identity), from: config.mail.from } }
        : {}),
      apiRole: this.api.role,
      uploaderTrust: config.uploaderTrust,
      analystTrust: config.analystTrust,
      stackNames: [STACK_NAMES.stateful, STACK_NAMES.stateless],
    });
    if (config.registry) {
      new ConfigFileDeployment(this, 'Registry', {
        bucket,
        key: config.registryKey,
        file: config.registry,
        logRetention: config.logRetention,
      });
    }
    if (config.recipients) {
      new ConfigFileDeployment(this, 'Recipients', {
        bucket,
        key: config.recipientsKey,
        file: config.recipients,
        logRetention: config.logRetention,
      });
    }

    new CfnOutput(this, 'IngestFunctionName', { value: this.ingest.function.functionName });
    new CfnOutput(this, 'RollupFunctionName', { value: this.rollup.function.functionName });
    new CfnOutput(this, 'ReportQueueUrl', { value: this.reportJobs.queue.queueUrl });
    new CfnOutput(this, 'NotifyFunctionName', { value: this.notify.function.functionName });
    new CfnOutput(this, 'CityUploaderRoleArn', { value: this.access.uploaderRole.roleArn });
    new CfnOutput(this, 'AnalystRoleArn', { value: this.access.analystRole.roleArn });
    new CfnOutput(this, 'PortalUrl', { value: `https://${this.portal.distribution.distributionDomainName}` });
    new CfnOutput(this, 'SiteBucketName', { value: this.portal.siteBucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.portal.distribution.distributionId });
    new CfnOutput(this, 'ApiUrl', { value: `https://${this.httpApi.endpointDomain}` });
    new CfnOutput(this, 'UserPoolId', { value: this.httpApi.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.httpApi.client.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}

/**
 * The bucket belongs to the other stack, so CDK configures its notifications through a custom
 * resource whose singleton handler lives at the stack root under this fixed id.
 */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.findChild(NOTIFICATIONS_HANDLER_ID);
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own handler that writes the bucket notification configuration during deployment; it only writes its logs with this managed policy and has no other role option.",
  });
}

/** `arn:{partition}:ses:{region}:{account}:identity/{identity}`. */
export function sesIdentityArn(stack: Stack, identity: string): string {
  return stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
}

/** The functions' mail settings (shared/adapters/config.ts reads them): SES from the identity, or off. */
function mailEnvironment(stack: Stack, config: InfraConfig): Record<string, string> {
  if (!config.mail) return { MAIL_TRANSPORT: 'none' };
  return {
    MAIL_TRANSPORT: 'ses',
    MAIL_FROM: config.mail.from,
    SES_IDENTITY_ARN: sesIdentityArn(stack, config.mail.identity),
    REMINDER_DAYS: config.mail.reminderDays.join(','),
    ...(config.mail.portalUrl ? { PORTAL_URL: config.mail.portalUrl } : {}),
  };
}
