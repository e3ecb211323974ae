import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PREFIXES } from '#infra/constructs/dataStore.ts';
import { workKeys } from '#shared/reports/reportJobs.ts';
import { flatten, logicalIdOf, roleStatements } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

const BUCKET = 'arn:{AWS::Partition}:s3:::ipstats-data-{AWS::AccountId}-{AWS::Region}';

let stateful: Template;
let stateless: Template;
const ids = { queue: '', failed: '', worker: '', workerRole: '', rollup: '', rollupRole: '' };

beforeAll(() => {
  ({ stateful, stateless } = synthIpstats());
  ids.queue = logicalIdOf(stateless, 'AWS::SQS::Queue', 'ReportJobsQueue');
  ids.failed = logicalIdOf(stateless, 'AWS::SQS::Queue', 'ReportJobsFailedQueue');
  ids.worker = logicalIdOf(stateless, 'AWS::Lambda::Function', 'ReportJobsWorkerFunction');
  ids.workerRole = logicalIdOf(stateless, 'AWS::IAM::Role', 'ReportJobsWorkerRole');
  ids.rollup = logicalIdOf(stateless, 'AWS::Lambda::Function', 'RollupFunction');
  ids.rollupRole = logicalIdOf(stateless, 'AWS::IAM::Role', 'RollupRole');
});

const properties = (type: string, id: string) => stateless.findResources(type)[id]!.Properties;

describe('report jobs: the roll-up hands province and city reports to the report worker', () => {
  it('queues jobs encrypted, with a visibility of six worker timeouts and a dead-letter queue after three receives', () => {
    expect(properties('AWS::SQS::Queue', ids.queue)).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * 300,
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [ids.failed, 'Arn'] } },
    });
    expect(properties('AWS::SQS::Queue', ids.failed)).toMatchObject({
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('runs the worker on one job at a time, at most ten at once, retrying only the failed jobs', () => {
    expect(properties('AWS::Lambda::Function', ids.worker)).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 300,
    });
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')).map(
      (mapping) => mapping.Properties,
    );
    expect(mappings).toEqual([
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
        FunctionName: { Ref: ids.worker },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      }),
    ]);
  });

  it('gives the roll-up the queue URL and lets it send jobs and store the roll-up below work/', () => {
    const variables = properties('AWS::Lambda::Function', ids.rollup).Environment.Variables;
    expect(flatten(variables.REPORT_QUEUE_URL)).toBe(`{${ids.queue}}`);
    const statements = roleStatements(stateless, ids.rollupRole);
    const sending = Object.values(statements).find((statement) =>
      statement.Action.includes('sqs:SendMessage'),
    );
    expect(sending?.Resource).toContain(`{${ids.queue}.Arn}`);
    expect(statements.WriteRollupForWorkers).toMatchObject({
      Action: ['s3:PutObject'],
      Resource: [`${BUCKET}/work/*`],
    });
  });

  it('lets the worker read work/, write reports and read the index, and nothing of the table', () => {
    const statements = roleStatements(stateless, ids.workerRole);
    expect(statements.ReadRollupOfJob).toMatchObject({
      Action: ['s3:GetObject'],
      Resource: [`${BUCKET}/work/*`],
    });
    expect(statements.WriteReports).toMatchObject({
      Action: ['s3:PutObject'],
      Resource: [`${BUCKET}/reports/*`],
    });
    expect(statements.ReadReportIndex).toMatchObject({ Resource: [`${BUCKET}/reports/index.json`] });
    const actions = Object.values(statements).flatMap((statement) => statement.Action);
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
  });

  it('expires the stored roll-ups after a week, under the prefix the application writes', () => {
    expect(PREFIXES.work).toBe(workKeys.prefix);
    const bucket = Object.values(stateful.findResources('AWS::S3::Bucket')).find(
      (resource) => resource.Properties.VersioningConfiguration,
    )!;
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Id: 'work-expires',
        Prefix: 'work/',
        ExpirationInDays: 7,
        Status: 'Enabled',
      }),
    );
  });
});
