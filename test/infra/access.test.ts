import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, policyVariable, roleStatements, trustStatements } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

const BUCKET = 'arn:{AWS::Partition}:s3:::ipstats-data-{AWS::AccountId}-{AWS::Region}';
const TABLE = 'arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/ipstats';
const CITY = policyVariable('aws:PrincipalTag/cityCode');
const STACKS = ['IpstatsStateful', 'IpstatsStateless'].map(
  (name) => `arn:{AWS::Partition}:cloudformation:{AWS::Region}:{AWS::AccountId}:stack/${name}/*`,
);
const readStackOutputs = {
  Sid: 'ReadStackOutputs',
  Effect: 'Allow',
  Action: ['cloudformation:DescribeStacks'],
  Resource: STACKS,
};
const readConfig = {
  Sid: 'ReadConfig',
  Effect: 'Allow',
  Action: ['s3:GetObject'],
  Resource: [`${BUCKET}/config/*`],
};
const THIS_ACCOUNT_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
};

let stateless: Template;
const roles = { uploader: '', analyst: '', ingest: '', rollup: '', notify: '' };
let rollupFunctionId: string;

beforeAll(() => {
  ({ stateless } = synthIpstats());
  roles.uploader = logicalIdOf(stateless, 'AWS::IAM::Role', 'AccessCityUploaderRole');
  roles.analyst = logicalIdOf(stateless, 'AWS::IAM::Role', 'AccessAnalystRole');
  roles.ingest = logicalIdOf(stateless, 'AWS::IAM::Role', 'IngestRole');
  roles.rollup = logicalIdOf(stateless, 'AWS::IAM::Role', 'RollupRole');
  roles.notify = logicalIdOf(stateless, 'AWS::IAM::Role', 'NotifyRole');
  rollupFunctionId = logicalIdOf(stateless, 'AWS::Lambda::Function', 'RollupFunction');
});

describe('city uploader role', () => {
  it('may be assumed from this account, with the session tagged only with the caller’s own cityCode', () => {
    expect(trustStatements(stateless, roles.uploader)).toEqual([
      { Effect: 'Allow', Principal: { AWS: THIS_ACCOUNT_ROOT }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: THIS_ACCOUNT_ROOT },
        Action: 'sts:TagSession',
        Condition: { StringEquals: { 'aws:RequestTag/cityCode': CITY } },
      },
    ]);
  });

  it('has exactly the statements of its own city and the tag guards', () => {
    expect(Object.keys(roleStatements(stateless, roles.uploader)).sort()).toEqual([
      'DenyMalformedCityTag',
      'DenyWithoutCityTag',
      'ListOwnCityPrefixes',
      'ReadOwnCityResultsAndReports',
      'ReadOwnCityUploadRecords',
      'ReadStackOutputs',
      'UploadOwnCity',
    ]);
  });

  it('uploads only below uploads/{its cityCode}/', () => {
    expect(roleStatements(stateless, roles.uploader).UploadOwnCity).toEqual({
      Sid: 'UploadOwnCity',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [`${BUCKET}/uploads/${CITY}/*`],
    });
  });

  it('reads only its own results and city reports', () => {
    expect(roleStatements(stateless, roles.uploader).ReadOwnCityResultsAndReports).toEqual({
      Sid: 'ReadOwnCityResultsAndReports',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [`${BUCKET}/reports/cities/${CITY}/*`, `${BUCKET}/results/${CITY}/*`],
    });
  });

  it('lists only its own prefixes', () => {
    expect(roleStatements(stateless, roles.uploader).ListOwnCityPrefixes).toEqual({
      Sid: 'ListOwnCityPrefixes',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [BUCKET],
      Condition: {
        StringLike: { 's3:prefix': [`uploads/${CITY}/*`, `results/${CITY}/*`, `reports/cities/${CITY}/*`] },
      },
    });
  });

  it('reads only its own city’s upload records (to wait for a validation result)', () => {
    expect(roleStatements(stateless, roles.uploader).ReadOwnCityUploadRecords).toEqual({
      Sid: 'ReadOwnCityUploadRecords',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: [TABLE],
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`CITY#${CITY}`] } },
    });
  });

  it('is denied everything in the bucket and the table without a cityCode tag or with one that is not six characters', () => {
    const statements = roleStatements(stateless, roles.uploader);
    const everything = {
      Effect: 'Deny',
      Action: ['dynamodb:*', 's3:*'],
      Resource: [TABLE, BUCKET, `${BUCKET}/*`],
    };

    expect(statements.DenyWithoutCityTag).toEqual({
      Sid: 'DenyWithoutCityTag',
      ...everything,
      Condition: { Null: { 'aws:PrincipalTag/cityCode': 'true' } },
    });
    expect(statements.DenyMalformedCityTag).toEqual({
      Sid: 'DenyMalformedCityTag',
      ...everything,
      Condition: { StringNotLike: { 'aws:PrincipalTag/cityCode': '??????' } },
    });
  });

  it('may read the stack outputs the CLI needs', () => {
    expect(roleStatements(stateless, roles.uploader).ReadStackOutputs).toEqual(readStackOutputs);
  });
});

describe('analyst role', () => {
  it('may be assumed by principals of this account', () => {
    expect(trustStatements(stateless, roles.analyst)).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: THIS_ACCOUNT_ROOT },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ]);
  });

  it('reads every result, report and the registry, lists the bucket, runs roll-ups, manages locks and is denied writing uploads', () => {
    expect(roleStatements(stateless, roles.analyst)).toEqual({
      ReadAllResultsAndReports: {
        Sid: 'ReadAllResultsAndReports',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/reports/*`, `${BUCKET}/results/*`],
      },
      ReadConfig: readConfig,
      ListBucket: { Sid: 'ListBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [BUCKET] },
      RunRollups: {
        Sid: 'RunRollups',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [`{${rollupFunctionId}.Arn}`],
      },
      ManagePeriodLocks: {
        Sid: 'ManagePeriodLocks',
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: [TABLE],
        // Locks are the items of partition LOCK (docs/data-model.md).
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['LOCK'] } },
      },
      DenyWritingUploads: {
        Sid: 'DenyWritingUploads',
        Effect: 'Deny',
        Action: ['s3:DeleteObject*', 's3:PutObject*'],
        Resource: [`${BUCKET}/uploads/*`],
      },
      ReadStackOutputs: readStackOutputs,
    });
  });
});

describe('function roles', () => {
  const frameworkActions = (roleId: string) =>
    Object.entries(roleStatements(stateless, roleId))
      .filter(([key]) => key.startsWith('#'))
      .map(([, statement]) => statement.Action.join(' '))
      .sort();

  /** The statements the stack names (by Sid), without CDK's unnamed framework ones. */
  const namedStatements = (statements: ReturnType<typeof roleStatements>) =>
    Object.fromEntries(Object.entries(statements).filter(([key]) => !key.startsWith('#')));
  /** What both functions read: the registry, the bucket listing (so absent keys are 404) and the table. */
  const functionReads = {
    ReadConfig: readConfig,
    ListBucketForNotFound: {
      Sid: 'ListBucketForNotFound',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [BUCKET],
    },
    ReadTable: {
      Sid: 'ReadTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: [TABLE],
    },
  };
  /** What every function that sends a message may do: log it, and send it from the SES identity only. */
  const notifications = {
    WriteNotificationLog: {
      Sid: 'WriteNotificationLog',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem'],
      Resource: [TABLE],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MAIL#*'] } },
    },
    SendMailFromIdentity: {
      Sid: 'SendMailFromIdentity',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: ['arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}:identity/example.org'],
      Condition: { StringEquals: { 'ses:FromAddress': 'ipstats-noreply@example.org' } },
    },
  };

  it('notify reads config and the table, writes only its log, and sends from the identity', () => {
    expect(namedStatements(roleStatements(stateless, roles.notify))).toEqual({
      ...functionReads,
      ...notifications,
    });
  });

  it('ingest reads uploads (any version) and config, writes and rereads results, and writes only city and staging items', () => {
    const statements = roleStatements(stateless, roles.ingest);

    expect(namedStatements(statements)).toEqual({
      ReadUploads: {
        Sid: 'ReadUploads',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [`${BUCKET}/uploads/*`],
      },
      ReadWriteResults: {
        Sid: 'ReadWriteResults',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [`${BUCKET}/results/*`],
      },
      ...functionReads,
      WriteUploadAndStagingItems: {
        Sid: 'WriteUploadAndStagingItems',
        Effect: 'Allow',
        Action: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: [TABLE],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CITY#*', 'STAGE#*'] } },
      },
      ...notifications,
    });
  });

  it('rollup reads results, config and the report index, writes reports and the roll-up for the report worker, and writes only audit entries', () => {
    const statements = roleStatements(stateless, roles.rollup);

    expect(namedStatements(statements)).toEqual({
      WriteRollupForWorkers: {
        Sid: 'WriteRollupForWorkers',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: [`${BUCKET}/work/*`],
      },
      ReadResults: {
        Sid: 'ReadResults',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/results/*`],
      },
      WriteReports: {
        Sid: 'WriteReports',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: [`${BUCKET}/reports/*`],
      },
      ReadReportIndex: {
        Sid: 'ReadReportIndex',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/reports/index.json`],
      },
      ...functionReads,
      WriteAuditEntries: {
        Sid: 'WriteAuditEntries',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: [TABLE],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
      },
      ...notifications,
    });
  });

  it.each(['ingest', 'rollup', 'notify'] as const)(
    '%s otherwise only writes its logs and traces and sends failures to its queue',
    (name) => {
      expect(frameworkActions(roles[name])).toEqual([
        'logs:CreateLogStream logs:PutLogEvents',
        'sqs:GetQueueAttributes sqs:GetQueueUrl sqs:SendMessage',
        'xray:PutTelemetryRecords xray:PutTraceSegments',
      ]);
    },
  );
});

describe('without a sender address', () => {
  it('grants no SES permission to any function', () => {
    const { stateless: quiet } = synthIpstats({ 'ipstats:mailFrom': 'none' });
    const statements = Object.values(quiet.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>,
    );

    expect(
      statements
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('ses:')),
    ).toEqual([]);
    expect(Object.keys(quiet.findResources('AWS::Events::Rule'))).not.toContainEqual(
      expect.stringMatching(/^NotifySchedule/),
    );
  });
});

describe('trust through a SAML identity provider or another account', () => {
  const providerArn = 'arn:aws:iam::111122223333:saml-provider/CityIdP';
  let federated: Template;

  beforeAll(() => {
    ({ stateless: federated } = synthIpstats({
      'ipstats:uploaderTrust': { samlProvider: providerArn },
      'ipstats:analystTrust': { account: '444455556666' },
    }));
  });

  it('lets SAML users of one identity provider assume both roles', () => {
    const { stateless: bothFederated } = synthIpstats({
      'ipstats:uploaderTrust': { samlProvider: providerArn },
      'ipstats:analystTrust': { samlProvider: providerArn },
    });
    const analyst = logicalIdOf(bothFederated, 'AWS::IAM::Role', 'AccessAnalystRole');

    expect(trustStatements(bothFederated, analyst)).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    ]);
  });

  it('lets SAML users assume the uploader role only with a six-character cityCode from the assertion', () => {
    const uploader = logicalIdOf(federated, 'AWS::IAM::Role', 'AccessCityUploaderRole');

    expect(trustStatements(federated, uploader)).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
          StringLike: { 'aws:RequestTag/cityCode': '??????' },
        },
      },
    ]);
  });

  it('lets principals of the identity account assume the analyst role', () => {
    const analyst = logicalIdOf(federated, 'AWS::IAM::Role', 'AccessAnalystRole');

    expect(trustStatements(federated, analyst)).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::444455556666:root']] },
        },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ]);
  });
});
