import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, logicalIdOf } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

let stateful: Template;
let terminationProtection: boolean | undefined;
let dataBucketId: string;
let accessLogBucketId: string;

beforeAll(() => {
  const synthesized = synthIpstats();
  stateful = synthesized.stateful;
  terminationProtection = synthesized.ipstats.stateful.terminationProtection;
  dataBucketId = logicalIdOf(stateful, 'AWS::S3::Bucket', 'DataStoreDataBucket');
  accessLogBucketId = logicalIdOf(stateful, 'AWS::S3::Bucket', 'DataStoreAccessLogBucket');
});

const bucket = (id: string) => stateful.findResources('AWS::S3::Bucket')[id]!;

describe('IpstatsStateful data bucket', () => {
  it('is named per account and region and retained when the stack goes', () => {
    const data = bucket(dataBucketId);

    expect(flatten(data.Properties.BucketName)).toBe('ipstats-data-{AWS::AccountId}-{AWS::Region}');
    expect(data.DeletionPolicy).toBe('Retain');
    expect(data.UpdateReplacePolicy).toBe('Retain');
  });

  it('is versioned, S3-encrypted, private and owner-enforced', () => {
    expect(bucket(dataBucketId).Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('logs server access into the access-log bucket', () => {
    expect(bucket(dataBucketId).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: accessLogBucketId },
      LogFilePrefix: 'data-bucket/',
    });
  });

  it('refuses requests without TLS 1.2', () => {
    const policies = Object.values(stateful.findResources('AWS::S3::BucketPolicy'));
    const policy = policies.find((resource) => resource.Properties.Bucket.Ref === dataBucketId);
    const denies = (policy!.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>).filter(
      (statement) => statement.Effect === 'Deny',
    );

    expect(denies.map((statement) => statement.Condition)).toEqual([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    ]);
  });

  it('keeps replaced uploads five years and expires replaced derived files after 90 days', () => {
    const rules = bucket(dataBucketId).Properties.LifecycleConfiguration.Rules as Array<
      Record<string, unknown>
    >;
    const byId = Object.fromEntries(rules.map((rule) => [rule.Id, rule]));

    expect(byId).toEqual({
      'abort-incomplete-multipart-uploads': {
        Id: 'abort-incomplete-multipart-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
      'uploads-keep-replaced-versions': {
        Id: 'uploads-keep-replaced-versions',
        Status: 'Enabled',
        Prefix: 'uploads/',
        NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
        NoncurrentVersionExpiration: { NoncurrentDays: 1825 },
      },
      'results-to-infrequent-access': {
        Id: 'results-to-infrequent-access',
        Status: 'Enabled',
        Prefix: 'results/',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
      },
      'reports-expire-replaced-versions': {
        Id: 'reports-expire-replaced-versions',
        Status: 'Enabled',
        Prefix: 'reports/',
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
      },
      'work-expires': {
        Id: 'work-expires',
        Status: 'Enabled',
        Prefix: 'work/',
        ExpirationInDays: 7,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      },
      'config-keep-replaced-versions': {
        Id: 'config-keep-replaced-versions',
        Status: 'Enabled',
        Prefix: 'config/',
        NoncurrentVersionExpiration: { NoncurrentDays: 365 },
      },
    });
  });
});

describe('IpstatsStateful access-log bucket', () => {
  it('is private, S3-encrypted (the only encryption log delivery supports), retained and expires logs after two years', () => {
    const logs = bucket(accessLogBucketId);

    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(logs.Properties.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'expire-access-logs',
      Status: 'Enabled',
      ExpirationInDays: 730,
    });
    expect(logs.Properties).not.toHaveProperty('LoggingConfiguration');
  });

  it('lets the S3 logging service write only the data bucket logs', () => {
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessLogBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [dataBucketId, 'Arn'] } },
            }),
          }),
        ]),
      },
    });
  });
});

describe('IpstatsStateful table', () => {
  it('has the pk/sk key schema, on-demand billing, PITR and deletion protection, and is retained', () => {
    const [table] = Object.values(stateful.findResources('AWS::DynamoDB::Table'));

    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toEqual({
      TableName: 'ipstats',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      // Encrypted with the AWS-owned key (no KMS key to grant or pay for).
      SSESpecification: { SSEEnabled: false },
      Tags: [{ Key: 'project', Value: 'ipstats' }],
    });
  });
});

describe('IpstatsStateful stack', () => {
  it('has termination protection', () => {
    expect(terminationProtection).toBe(true);
  });
});

describe('IpstatsStateful outputs', () => {
  it('names the bucket and the table for the CLI', () => {
    expect(stateful.findOutputs('*')).toEqual({
      DataBucketName: expect.objectContaining({ Value: { Ref: dataBucketId } }),
      TableName: expect.objectContaining({
        Value: { Ref: logicalIdOf(stateful, 'AWS::DynamoDB::Table', 'DataStoreTable') },
      }),
    });
  });

  it('exports nothing, so the code stack can never pin it', () => {
    const exported = Object.values(stateful.findOutputs('*')).filter((output) => 'Export' in output);

    expect(exported).toEqual([]);
  });
});
