/**
 * Who may do what, in one place:
 * - city uploaders: ONE role for every city, attribute-based: the session's `cityCode` principal
 *   tag decides which `uploads/`, `results/` and `reports/cities/` prefixes it reaches; a session
 *   without a well-formed tag reaches nothing;
 * - analysts: read every result and report, run roll-ups, lock and unlock periods, never write
 *   uploads;
 * - the two functions: exactly the prefixes and item partitions their code touches.
 *
 * Every statement has a Sid, so the policies read as a list of intentions and statements are not
 * merged with each other by policy minimisation.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
// cdk-nag's own flattening of CloudFormation values into finding ids, so acknowledgements name
// exactly the findings it reports (v3 acknowledges findings one by one, without patterns).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { TrustConfig } from '../config.ts';
import { PREFIXES } from './dataStore.ts';

/** The session (principal) tag that carries a city uploader's 6-digit administrative division code. */
export const CITY_TAG = 'cityCode';
const CITY = `\${aws:PrincipalTag/${CITY_TAG}}`;

/**
 * Partition keys of the items each writer owns (docs/data-model.md, "Items"). The DynamoDB grants
 * name them in `dynamodb:LeadingKeys` conditions; test/infra/partitions.test.ts checks them
 * against what the store really writes.
 */
export const PARTITIONS = {
  locks: 'LOCK',
  audit: 'AUDIT#*',
  cities: 'CITY#*',
  staging: 'STAGE#*',
  notifications: 'MAIL#*',
} as const;

/** The partition of one city's upload records and current pointers. */
const cityPartition = (city: string) => PARTITIONS.cities.replace('*', city);

/** Prefixes a city session reaches; `city` is its code (or the policy variable of its tag). */
const cityPrefixes = (city: string) => ({
  uploads: `${PREFIXES.uploads}${city}/`,
  results: `${PREFIXES.results}${city}/`,
  reports: `${PREFIXES.reports}cities/${city}/`,
});

export interface AccessProps {
  bucket: s3.IBucket;
  table: dynamodb.ITable;
  ingestRole: iam.Role;
  rollupRole: iam.Role;
  rollupFunction: lambda.IFunction;
  /** The report worker's role (`ReportJobs`): builds province and city reports from work/. */
  reportWorkerRole?: iam.Role;
  /** The notification function's role; with `mail`, every function may send from the identity. */
  notifyRole: iam.Role;
  mail?: { identityArn: string; from: string };
  /** The API function's role (shared/api): what every route needs, checked per caller in code. */
  apiRole?: iam.Role;
  uploaderTrust: TrustConfig;
  analystTrust: TrustConfig;
  /** Stacks whose outputs the `ipstats` CLI reads (`--stack`). */
  stackNames: readonly string[];
}

export class Access extends Construct {
  readonly uploaderRole: iam.Role;
  readonly analystRole: iam.Role;

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    this.uploaderRole = this.createUploaderRole(props);
    this.analystRole = this.createAnalystRole(props);
    grantIngest(props);
    grantRollup(props);
    grantNotify(props);
    if (props.reportWorkerRole) grantReportWorker(props, props.reportWorkerRole);
    for (const role of [props.ingestRole, props.rollupRole, props.notifyRole]) {
      role.addToPolicy(writeNotificationLog(props.table));
      if (props.mail) role.addToPolicy(sendMail(props.mail));
    }
    if (props.apiRole) grantApi(props, props.apiRole);
  }

  private createUploaderRole(props: AccessProps): iam.Role {
    const { bucket } = props;
    const trust = trustCityUploaders(this, props.uploaderTrust);
    const role = new iam.Role(this, 'CityUploaderRole', {
      description: `ipstats city uploader: reaches only the prefixes of its session tag ${CITY_TAG}`,
      assumedBy: trust.assumedBy,
    });
    if (trust.tagging) role.assumeRolePolicy?.addStatements(trust.tagging);
    const own = cityPrefixes(CITY);
    const everything = [bucket.bucketArn, bucket.arnForObjects('*'), props.table.tableArn];
    addStatements(role, [
      new iam.PolicyStatement({
        sid: 'UploadOwnCity',
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${own.uploads}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadOwnCityResultsAndReports',
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${own.results}*`), bucket.arnForObjects(`${own.reports}*`)],
      }),
      // `ipstats upload` waits for the result by reading the city's upload records.
      new iam.PolicyStatement({
        sid: 'ReadOwnCityUploadRecords',
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [cityPartition(CITY)] },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ListOwnCityPrefixes',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: {
          StringLike: { 's3:prefix': [`${own.uploads}*`, `${own.results}*`, `${own.reports}*`] },
        },
      }),
      // Without the tag the prefixes above would collapse to `uploads//*` and the like; with a
      // value that is not six characters they could aim elsewhere. Either way: nothing at all.
      new iam.PolicyStatement({
        sid: 'DenyWithoutCityTag',
        effect: iam.Effect.DENY,
        actions: ['s3:*', 'dynamodb:*'],
        resources: everything,
        conditions: { Null: { [`aws:PrincipalTag/${CITY_TAG}`]: 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyMalformedCityTag',
        effect: iam.Effect.DENY,
        actions: ['s3:*', 'dynamodb:*'],
        resources: everything,
        conditions: { StringNotLike: { [`aws:PrincipalTag/${CITY_TAG}`]: '??????' } },
      }),
      readStackOutputs(this, props.stackNames),
    ]);
    acknowledgeWildcards(
      role,
      [own.uploads, own.results, own.reports].map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      "Object keys below the caller's own city prefix (uploads/{city}/{period}/{file}, results/{city}/…, reports/cities/{city}/…); the city is fixed by the session tag.",
    );
    acknowledgeStackOutputWildcards(role, props.stackNames);
    return role;
  }

  private createAnalystRole(props: AccessProps): iam.Role {
    const { bucket } = props;
    const role = new iam.Role(this, 'AnalystRole', {
      description: 'ipstats ministry analyst: reads all results and reports, runs roll-ups, locks periods',
      assumedBy: trustedPrincipal(this, 'AnalystIdentityProvider', props.analystTrust).withSessionTags(),
    });
    const readable = [
      bucket.arnForObjects(`${PREFIXES.results}*`),
      bucket.arnForObjects(`${PREFIXES.reports}*`),
    ];
    addStatements(role, [
      new iam.PolicyStatement({
        sid: 'ReadAllResultsAndReports',
        actions: ['s3:GetObject'],
        resources: readable,
      }),
      // The registry: `ipstats lock` checks the city it is given against it.
      readConfig(bucket),
      // Unconditional, like the functions' (listForNotFound): an absent registry must read as
      // 404. Analysts oversee every city; upload key names tell them nothing the reports do not.
      new iam.PolicyStatement({
        sid: 'ListBucket',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'RunRollups',
        actions: ['lambda:InvokeFunction'],
        resources: [props.rollupFunction.functionArn],
      }),
      // Locks live in one partition (docs/data-model.md): the analyst can touch no other item.
      new iam.PolicyStatement({
        sid: 'ManagePeriodLocks',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [PARTITIONS.locks] } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyWritingUploads',
        effect: iam.Effect.DENY,
        actions: ['s3:PutObject*', 's3:DeleteObject*'],
        resources: [bucket.arnForObjects(`${PREFIXES.uploads}*`)],
      }),
      readStackOutputs(this, props.stackNames),
    ]);
    acknowledgeWildcards(
      role,
      [...readable, configObjects(bucket)],
      'Analysts read the results and reports of every city and period, and the registry below config/.',
    );
    acknowledgeStackOutputWildcards(role, props.stackNames);
    return role;
  }
}

/**
 * Reads the upload (by version) and the registry; writes the validation results, and reads one
 * back when S3 redelivers an event already processed; writes city and staging items.
 */
function grantIngest({ bucket, table, ingestRole }: AccessProps): void {
  const uploads = bucket.arnForObjects(`${PREFIXES.uploads}*`);
  const results = bucket.arnForObjects(`${PREFIXES.results}*`);
  addStatements(ingestRole, [
    new iam.PolicyStatement({
      sid: 'ReadUploads',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [uploads],
    }),
    new iam.PolicyStatement({
      sid: 'ReadWriteResults',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [results],
    }),
    readConfig(bucket),
    listForNotFound(bucket),
    readTable(table),
    new iam.PolicyStatement({
      sid: 'WriteUploadAndStagingItems',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.cities, PARTITIONS.staging] },
      },
    }),
  ]);
  acknowledgeWildcards(
    ingestRole,
    [uploads, results, configObjects(bucket)],
    'Ingest reads whichever upload the S3 event names, writes (and on a redelivered event reads) its results under the same city and period, and reads the registry below config/.',
  );
}

/**
 * Reads the registry and the validation results (for their warnings); publishes reports and
 * merges `reports/index.json`; reads the table, writes only audit entries (who rolled up what, when).
 */
function grantRollup({ bucket, table, rollupRole, reportWorkerRole }: AccessProps): void {
  const results = bucket.arnForObjects(`${PREFIXES.results}*`);
  const reports = bucket.arnForObjects(`${PREFIXES.reports}*`);
  const work = bucket.arnForObjects(`${PREFIXES.work}*`);
  if (reportWorkerRole)
    rollupRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'WriteRollupForWorkers', actions: ['s3:PutObject'], resources: [work] }),
    );
  addStatements(rollupRole, [
    new iam.PolicyStatement({ sid: 'ReadResults', actions: ['s3:GetObject'], resources: [results] }),
    new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [reports] }),
    new iam.PolicyStatement({
      sid: 'ReadReportIndex',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(reportKeys.index)],
    }),
    readConfig(bucket),
    listForNotFound(bucket),
    readTable(table),
    new iam.PolicyStatement({
      sid: 'WriteAuditEntries',
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.audit] } },
    }),
  ]);
  acknowledgeWildcards(
    rollupRole,
    [results, reports, configObjects(bucket), ...(reportWorkerRole ? [work] : [])],
    'A roll-up covers every city of a period: it reads their results and the registry below config/, and publishes national and per-city reports.',
  );
}

/**
 * The report worker reads the roll-up a job names (below work/), publishes the job's province and
 * city reports and merges them into `reports/index.json`; it reads nothing else and no table.
 */
function grantReportWorker({ bucket }: AccessProps, role: iam.Role): void {
  const work = bucket.arnForObjects(`${PREFIXES.work}*`);
  const reports = bucket.arnForObjects(`${PREFIXES.reports}*`);
  addStatements(role, [
    new iam.PolicyStatement({ sid: 'ReadRollupOfJob', actions: ['s3:GetObject'], resources: [work] }),
    new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [reports] }),
    new iam.PolicyStatement({
      sid: 'ReadReportIndex',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(reportKeys.index)],
    }),
    listForNotFound(bucket),
  ]);
  acknowledgeWildcards(
    role,
    [work, reports],
    'A report job covers many cities of a period: it reads the stored roll-up below work/ and publishes province and city reports below reports/.',
  );
}

/**
 * The daily run reads the registry and the recipients file (config/), the uploads and current
 * pointers of every city (to find who is missing), and writes only its notification log.
 */
function grantNotify({ bucket, table, notifyRole }: AccessProps): void {
  addStatements(notifyRole, [readConfig(bucket), listForNotFound(bucket), readTable(table)]);
  acknowledgeWildcards(
    notifyRole,
    [configObjects(bucket)],
    'The notification run reads the registry and the recipients file below config/.',
  );
}

/** The notification log: one partition per mailbox (`MAIL#{scope}`), written by each sender. */
function writeNotificationLog(table: dynamodb.ITable): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteNotificationLog',
    actions: ['dynamodb:PutItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.notifications] } },
  });
}

/** Sending from the one verified identity, and only with its configured sender address. */
function sendMail(mail: { identityArn: string; from: string }): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'SendMailFromIdentity',
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resources: [mail.identityArn],
    conditions: { StringEquals: { 'ses:FromAddress': mail.from } },
  });
}

/**
 * The API signs the browser upload (a presigned POST for `uploads/{caller's city}/…`, whose
 * policy pins the key and the size, so the role needs s3:PutObject there), hands out results and
 * reports (short-lived GET links), reads the upload log and locks, writes locks and audit
 * entries, and starts roll-ups. Which city a caller reaches is decided per request in
 * `shared/api` from the verified token; this role is the outer bound.
 */
function grantApi({ bucket, table, rollupFunction }: AccessProps, apiRole: iam.Role): void {
  const uploads = bucket.arnForObjects(`${PREFIXES.uploads}*`);
  const readable = [
    bucket.arnForObjects(`${PREFIXES.results}*`),
    bucket.arnForObjects(`${PREFIXES.reports}*`),
  ];
  addStatements(apiRole, [
    new iam.PolicyStatement({ sid: 'PresignUploads', actions: ['s3:PutObject'], resources: [uploads] }),
    new iam.PolicyStatement({ sid: 'ReadResultsAndReports', actions: ['s3:GetObject'], resources: readable }),
    readConfig(bucket),
    listForNotFound(bucket),
    new iam.PolicyStatement({
      sid: 'ReadUploadLogLocksAndAudit',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [PARTITIONS.cities, PARTITIONS.locks, PARTITIONS.audit],
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'WriteLocksAndAudit',
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.locks, PARTITIONS.audit] },
      },
    }),
    new iam.PolicyStatement({
      sid: 'StartRollups',
      actions: ['lambda:InvokeFunction'],
      resources: [rollupFunction.functionArn],
    }),
  ]);
  acknowledgeWildcards(
    apiRole,
    [uploads, ...readable, configObjects(bucket)],
    'The API serves every city: it signs uploads below uploads/ (the policy pins the exact key of the caller’s city), hands out results and reports the caller may read (checked per request), and reads the registry below config/.',
  );
}

function addStatements(role: iam.Role, statements: readonly iam.PolicyStatement[]): void {
  for (const statement of statements) role.addToPolicy(statement);
}

const configObjects = (bucket: s3.IBucket) => bucket.arnForObjects(`${PREFIXES.config}*`);

function readTable(table: dynamodb.ITable): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadTable',
    actions: ['dynamodb:GetItem', 'dynamodb:Query'],
    resources: [table.tableArn],
  });
}

function stackArns(scope: Construct, stackNames: readonly string[]): string[] {
  return stackNames.map((stackName) =>
    Stack.of(scope).formatArn({
      service: 'cloudformation',
      resource: 'stack',
      resourceName: `${stackName}/*`,
    }),
  );
}

/** The CLI finds the bucket, table and functions from the stack outputs (`--stack`). */
function readStackOutputs(scope: Construct, stackNames: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadStackOutputs',
    actions: ['cloudformation:DescribeStacks'],
    resources: stackArns(scope, stackNames),
  });
}

function acknowledgeStackOutputWildcards(role: iam.Role, stackNames: readonly string[]): void {
  acknowledgeWildcards(
    role,
    stackArns(role, stackNames),
    'A stack ARN ends in an id generated at creation; the name before it is fixed.',
  );
}

function readConfig(bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadConfig',
    actions: ['s3:GetObject'],
    resources: [configObjects(bucket)],
  });
}

/**
 * S3 answers GetObject on a missing key with 404 only to callers allowed s3:ListBucket, else with
 * 403. The functions rely on the 404 (an absent `config/registry.json` means the built-in
 * registry), and an s3:prefix condition is not documented to apply to that implicit check, so the
 * grant is bucket-wide: it reveals key names, never content.
 */
function listForNotFound(bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ListBucketForNotFound',
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
  });
}

/**
 * Who may assume a role. SAML sessions may carry session tags, so sts:TagSession is allowed with
 * every trust (an assertion with tags is refused otherwise).
 */
function trustedPrincipal(scope: Construct, id: string, trust: TrustConfig): iam.PrincipalBase {
  if (trust.kind === 'saml') {
    return new iam.SamlConsolePrincipal(iam.SamlProvider.fromSamlProviderArn(scope, id, trust.providerArn));
  }
  return trust.accountId ? new iam.AccountPrincipal(trust.accountId) : new iam.AccountRootPrincipal();
}

/**
 * Lets the trusted principals open city sessions. Through an account, assuming the role and tagging
 * the session are separate statements, and only the tag is conditioned: a caller may set `cityCode`
 * only to its own `cityCode` tag (the IAM user or role of that city), so one city cannot claim
 * another's code. Through SAML, the identity provider's assertion sets the tag (documented form:
 * one statement for AssumeRoleWithSAML and TagSession). A session without the tag is allowed but
 * reaches nothing (the Deny statements of the role's policy).
 */
function trustCityUploaders(
  scope: Construct,
  trust: TrustConfig,
): { assumedBy: iam.IPrincipal; tagging?: iam.PolicyStatement } {
  const requestTag = `aws:RequestTag/${CITY_TAG}`;
  const principal = trustedPrincipal(scope, 'UploaderIdentityProvider', trust);
  if (trust.kind === 'saml') {
    return {
      assumedBy: new iam.PrincipalWithConditions(principal, {
        StringLike: { [requestTag]: '??????' },
      }).withSessionTags(),
    };
  }
  return {
    assumedBy: principal,
    tagging: new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [principal],
      conditions: { StringEquals: { [requestTag]: CITY } },
    }),
  };
}

/** The IAM5 finding id cdk-nag reports for a wildcard resource (its own flattening of the ARN). */
function wildcardFinding(scope: Construct, arn: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}]`;
}

function acknowledgeWildcards(scope: Construct, arns: readonly string[], reason: string): void {
  for (const arn of arns) Validations.of(scope).acknowledge({ id: wildcardFinding(scope, arn), reason });
}
