import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, logicalIdOf } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

let stateless: Template;
const ids = { ingest: '', rollup: '', ingestQueue: '', rollupQueue: '', topic: '' };

beforeAll(() => {
  ({ stateless } = synthIpstats());
  ids.ingest = logicalIdOf(stateless, 'AWS::Lambda::Function', 'IngestFunction');
  ids.rollup = logicalIdOf(stateless, 'AWS::Lambda::Function', 'RollupFunction');
  ids.ingestQueue = logicalIdOf(stateless, 'AWS::SQS::Queue', 'IngestFailures');
  ids.rollupQueue = logicalIdOf(stateless, 'AWS::SQS::Queue', 'RollupFailures');
  ids.topic = logicalIdOf(stateless, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
});

const fn = (id: string) => stateless.findResources('AWS::Lambda::Function')[id]!.Properties;
const environmentOf = (id: string) =>
  Object.fromEntries(
    Object.entries(fn(id).Environment.Variables).map(([name, value]) => [name, flatten(value)]),
  );

const appEnvironment = {
  DATA_BUCKET: 'ipstats-data-{AWS::AccountId}-{AWS::Region}',
  TABLE_NAME: 'ipstats',
  DEADLINE_DAYS: '15',
  REGISTRY_KEY: 'config/registry.json',
  RECIPIENTS_KEY: 'config/recipients.json',
  MAX_UPLOAD_BYTES: '20971520',
  POWERTOOLS_METRICS_NAMESPACE: 'ipstats',
  LOG_LEVEL: 'INFO',
  MAIL_TRANSPORT: 'ses',
  MAIL_FROM: 'ipstats-noreply@example.org',
  SES_IDENTITY_ARN: 'arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}:identity/example.org',
  REMINDER_DAYS: '7,2',
  NODE_OPTIONS: '--enable-source-maps',
};

describe('the two functions', () => {
  it.each([
    ['ingest', 1769, 300, 10],
    ['rollup', 2048, 900, 2],
  ] as const)(
    '%s runs Node.js 22 on arm64 with %i MB, %i s, reserved concurrency %i and active tracing',
    (name, memory, timeout, reserved) => {
      expect(fn(ids[name])).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: timeout,
        ReservedConcurrentExecutions: reserved,
        TracingConfig: { Mode: 'Active' },
      });
    },
  );

  it('gives each function the runtime contract environment and its own service name', () => {
    expect(environmentOf(ids.ingest)).toEqual({
      ...appEnvironment,
      POWERTOOLS_SERVICE_NAME: 'ipstats-ingest',
    });
    expect(environmentOf(ids.rollup)).toEqual({
      ...appEnvironment,
      POWERTOOLS_SERVICE_NAME: 'ipstats-rollup',
      REPORT_QUEUE_URL: expect.stringMatching(/^\{ReportJobsQueue/),
    });
    expect(environmentOf(logicalIdOf(stateless, 'AWS::Lambda::Function', 'NotifyFunction'))).toEqual({
      ...appEnvironment,
      POWERTOOLS_SERVICE_NAME: 'ipstats-notify',
    });
  });

  it('runs the notification function every day at 09:00 China time, with retries and its failure queue', () => {
    const notify = logicalIdOf(stateless, 'AWS::Lambda::Function', 'NotifyFunction');
    expect(fn(notify)).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 300,
    });
    const rule = logicalIdOf(stateless, 'AWS::Events::Rule', 'NotifyScheduleDaily');
    expect(stateless.findResources('AWS::Events::Rule')[rule]?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 1 * * ? *)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [notify, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(stateless, 'AWS::SQS::Queue', 'NotifyFailures'), 'Arn'] },
          },
        },
      ],
    });
  });

  it.each(['ingest', 'rollup'] as const)('%s logs into its own log group kept one year', (name) => {
    const logGroupId = fn(ids[name]).LoggingConfig.LogGroup.Ref as string;

    expect(logGroupId).toMatch(new RegExp(`^${name === 'ingest' ? 'Ingest' : 'Rollup'}LogGroup`));
    expect(stateless.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(365);
  });

  it('writes logs with its own role only into its own log group, with no managed policy', () => {
    const roleId = fn(ids.ingest).Role['Fn::GetAtt'][0] as string;
    const role = stateless.findResources('AWS::IAM::Role')[roleId]!.Properties;
    const logGroupId = fn(ids.ingest).LoggingConfig.LogGroup.Ref as string;

    expect(role).not.toHaveProperty('ManagedPolicyArns');
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('outputs both function names for the CLI', () => {
    const outputs = stateless.findOutputs('*');

    expect(outputs.IngestFunctionName?.Value).toEqual({ Ref: ids.ingest });
    expect(outputs.RollupFunctionName?.Value).toEqual({ Ref: ids.rollup });
  });
});

describe('asynchronous invocations', () => {
  it.each([
    ['ingest', 2, 21_600],
    ['rollup', 1, 7_200],
  ] as const)(
    '%s retries %i times, drops events older than %i s, and sends failures to its queue',
    (name, retries, age) => {
      const invokeConfig = Object.values(stateless.findResources('AWS::Lambda::EventInvokeConfig')).find(
        (resource) => resource.Properties.FunctionName.Ref === ids[name],
      );

      expect(invokeConfig?.Properties).toEqual({
        FunctionName: { Ref: ids[name] },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: retries,
        MaximumEventAgeInSeconds: age,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [name === 'ingest' ? ids.ingestQueue : ids.rollupQueue, 'Arn'] },
          },
        },
      });
    },
  );

  it('keeps failed events 14 days in encrypted, TLS-only queues', () => {
    for (const queueId of [ids.ingestQueue, ids.rollupQueue]) {
      expect(stateless.findResources('AWS::SQS::Queue')[queueId]?.Properties).toEqual({
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
        Tags: [{ Key: 'project', Value: 'ipstats' }],
      });
      stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('upload notifications', () => {
  it('invoke ingest for every object created below uploads/ ending in .xlsx or .csv', () => {
    const [notifications] = Object.values(stateless.findResources('Custom::S3BucketNotifications'));
    const ingestArn = { 'Fn::GetAtt': [ids.ingest, 'Arn'] };

    expect(flatten(notifications?.Properties.BucketName)).toBe('ipstats-data-{AWS::AccountId}-{AWS::Region}');
    expect(notifications?.Properties.Managed).toBe(false);
    expect(notifications?.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'suffix', Value: '.xlsx' },
                { Name: 'prefix', Value: 'uploads/' },
              ],
            },
          },
          LambdaFunctionArn: ingestArn,
        },
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'suffix', Value: '.csv' },
                { Name: 'prefix', Value: 'uploads/' },
              ],
            },
          },
          LambdaFunctionArn: ingestArn,
        },
      ],
    });
  });

  it('let only the data bucket of this account invoke ingest', () => {
    const permissions = Object.values(stateless.findResources('AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 's3.amazonaws.com',
    );

    expect(permissions.map((permission) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: expect.anything(),
      },
    ]);
    expect(flatten(permissions[0]?.Properties.SourceArn)).toBe(
      'arn:{AWS::Partition}:s3:::ipstats-data-{AWS::AccountId}-{AWS::Region}',
    );
  });
});

describe('alarms', () => {
  const alarmsOf = (functionId: string) =>
    Object.values(stateless.findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties)
      .filter(
        (alarm) =>
          JSON.stringify(alarm.Dimensions ?? []).includes(functionId) ||
          JSON.stringify(alarm.Dimensions ?? []).includes(
            functionId === ids.ingest ? ids.ingestQueue : ids.rollupQueue,
          ),
      );

  it.each([
    ['ingest', 240_000],
    ['rollup', 720_000],
  ] as const)(
    '%s alarms on errors, throttles, a duration of %i ms or more (four fifths of the timeout) and a non-empty failure queue',
    (name, nearTimeout) => {
      const alarms = alarmsOf(ids[name]);
      const summary = alarms.map((alarm) => [
        alarm.Namespace,
        alarm.MetricName,
        alarm.Statistic,
        alarm.ComparisonOperator,
        alarm.Threshold,
      ]);

      expect(summary.sort()).toEqual(
        [
          ['AWS/Lambda', 'Errors', 'Sum', 'GreaterThanOrEqualToThreshold', 1],
          ['AWS/Lambda', 'Throttles', 'Sum', 'GreaterThanOrEqualToThreshold', 1],
          ['AWS/Lambda', 'Duration', 'Maximum', 'GreaterThanOrEqualToThreshold', nearTimeout],
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', 'GreaterThanThreshold', 0],
        ].sort(),
      );
      for (const alarm of alarms) {
        expect(alarm).toMatchObject({
          Period: 300,
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: ids.topic }],
          OKActions: [{ Ref: ids.topic }],
        });
      }
    },
  );

  it('notify a KMS-encrypted, TLS-only topic that CloudWatch may publish to', () => {
    const topic = stateless.findResources('AWS::SNS::Topic')[ids.topic]!.Properties;
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = stateless.findResources('AWS::KMS::Key')[keyId]!.Properties;

    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('have no e-mail subscription unless an address is configured', () => {
    expect(stateless.findResources('AWS::SNS::Subscription')).toEqual({});
  });
});

describe('without a registry file', () => {
  it('deploys no registry object (the functions fall back to the built-in registry)', () => {
    expect(stateless.findResources('Custom::AWS')).toEqual({});
  });
});
