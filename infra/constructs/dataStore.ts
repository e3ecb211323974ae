/**
 * The state of ipstats: the versioned data bucket (`uploads/`, `results/`, `reports/`, `config/`),
 * the bucket receiving its server access logs, and the single DynamoDB table. Everything here is
 * retained when the stack is deleted: uploads are evidence of what a city reported, and the table
 * holds the audit trail of every upload.
 *
 * Encryption: S3-managed keys (SSE-S3) on both buckets and the AWS-owned key on the table. The data
 * is programme statistics, not secrets; SSE-KMS would add a key policy that every city role and
 * function must be granted through (per-request KMS cost on every upload and report read), and
 * S3 cannot deliver server access logs into an SSE-KMS bucket. Access is controlled by IAM and the
 * bucket policy (TLS only, public access blocked, ACLs disabled).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#shared/adapters/tableSchema.ts';
import { dataBucketName, TABLE_NAME } from '../names.ts';

/** Top-level prefixes of the data bucket (the runtime contract; key layout in shared/domain/uploadKey.ts). */
export const PREFIXES = {
  uploads: 'uploads/',
  results: 'results/',
  reports: 'reports/',
  config: 'config/',
  /** The roll-up a report job is built from (shared/reports/reportJobs.ts); expires after a week. */
  work: 'work/',
} as const;

/**
 * Retention choices. Uploads keep replaced versions for five years: the programme runs three years
 * and its performance assessment releases funds afterwards, so the exact file a city sent must
 * stay retrievable (the audit trail stores its version id). Results and reports are regenerated
 * from the table at any time, so their replaced versions go after 90 days.
 */
export const LIFECYCLE = {
  abortIncompleteMultipartUploadDays: 7,
  noncurrentToInfrequentAccessDays: 30,
  uploadsNoncurrentExpirationDays: 5 * 365,
  configNoncurrentExpirationDays: 365,
  derivedNoncurrentExpirationDays: 90,
  resultsToInfrequentAccessDays: 90,
  accessLogExpirationDays: 2 * 365,
  workExpirationDays: 7,
} as const;

export class DataStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { portalOrigins?: readonly string[] } = {}) {
    super(scope, id);

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(LIFECYCLE.accessLogExpirationDays) },
        {
          id: 'abort-incomplete-multipart-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(LIFECYCLE.abortIncompleteMultipartUploadDays),
        },
      ],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the data bucket server access logs; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'DataBucket', {
      bucketName: dataBucketName(),
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: dataLifecycleRules(),
      // The portal uploads with presigned POSTs straight to the bucket and reads the ETag back.
      cors: [
        {
          allowedOrigins: [...(props.portalOrigins ?? [])],
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
    });

    const { partitionKey, sortKey } = TABLE_SCHEMA;
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: TABLE_NAME,
      partitionKey: { name: partitionKey.name, type: attributeType(partitionKey.type) },
      sortKey: { name: sortKey.name, type: attributeType(sortKey.type) },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: TABLE_SCHEMA.pointInTimeRecovery },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.DEFAULT,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

function dataLifecycleRules(): s3.LifecycleRule[] {
  const toInfrequentAccess = {
    storageClass: s3.StorageClass.INFREQUENT_ACCESS,
    transitionAfter: Duration.days(LIFECYCLE.noncurrentToInfrequentAccessDays),
  };
  return [
    {
      id: 'abort-incomplete-multipart-uploads',
      abortIncompleteMultipartUploadAfter: Duration.days(LIFECYCLE.abortIncompleteMultipartUploadDays),
    },
    {
      id: 'uploads-keep-replaced-versions',
      prefix: PREFIXES.uploads,
      noncurrentVersionTransitions: [toInfrequentAccess],
      noncurrentVersionExpiration: Duration.days(LIFECYCLE.uploadsNoncurrentExpirationDays),
    },
    {
      id: 'results-to-infrequent-access',
      prefix: PREFIXES.results,
      transitions: [
        {
          storageClass: s3.StorageClass.INFREQUENT_ACCESS,
          transitionAfter: Duration.days(LIFECYCLE.resultsToInfrequentAccessDays),
        },
      ],
      noncurrentVersionExpiration: Duration.days(LIFECYCLE.derivedNoncurrentExpirationDays),
    },
    {
      id: 'reports-expire-replaced-versions',
      prefix: PREFIXES.reports,
      noncurrentVersionExpiration: Duration.days(LIFECYCLE.derivedNoncurrentExpirationDays),
    },
    {
      id: 'work-expires',
      prefix: PREFIXES.work,
      expiration: Duration.days(LIFECYCLE.workExpirationDays),
      noncurrentVersionExpiration: Duration.days(1),
    },
    {
      id: 'config-keep-replaced-versions',
      prefix: PREFIXES.config,
      noncurrentVersionExpiration: Duration.days(LIFECYCLE.configNoncurrentExpirationDays),
    },
  ];
}

function attributeType(type: 'S' | 'N' | 'B'): dynamodb.AttributeType {
  const types = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  };
  return types[type];
}
