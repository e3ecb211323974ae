/**
 * Puts an operator's configuration file below `config/` on every deploy that changes it: the city
 * registry at `config/registry.json`, the analysts' and provinces' addresses at
 * `config/recipients.json` (read by the notify and roll-up functions, which may read `config/*`).
 * One small JSON object, so a single SDK call (AwsCustomResource: S3 PutObject) rather than
 * BucketDeployment, which would ship a Python function with a 20 MB AWS CLI layer and need
 * wildcard permissions on the asset bucket. The file was already checked at synth with the
 * functions' own parser, so a broken file never reaches the bucket. Removing the setting (or the
 * stack) leaves the object in place: delete it by hand to fall back to the built-in registry (or
 * to no recipients).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ConfigFileSource } from '../config.ts';

export interface ConfigFileDeploymentProps {
  bucket: s3.IBucket;
  key: string;
  file: ConfigFileSource;
  logRetention: logs.RetentionDays;
}

export class ConfigFileDeployment extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ConfigFileDeploymentProps) {
    super(scope, id);
    const put: cr.AwsSdkCall = {
      service: 'S3',
      action: 'putObject',
      parameters: {
        Bucket: props.bucket.bucketName,
        Key: props.key,
        Body: props.file.text,
        ContentType: 'application/json; charset=utf-8',
      },
      physicalResourceId: cr.PhysicalResourceId.of(props.key),
    };
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `ipstats configuration deployment: puts ${props.key}`,
    });
    logGroup.grantWrite(role);
    this.resource = new cr.AwsCustomResource(this, 'Put', {
      onCreate: put,
      onUpdate: put,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.bucket.arnForObjects(props.key)],
        }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
      memorySize: 256,
      timeout: Duration.minutes(2),
    });

    // The SDK-call handler is a singleton at the stack root, shared by every AwsCustomResource.
    const handler = Stack.of(this).node.findChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    Validations.of(handler).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'CloudFormation invokes this deployment-time handler and waits for its answer; a failure fails and rolls back the deployment in plain sight, so there is no event to park in a queue.',
    });
    Validations.of(handler).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'A single S3 PutObject at deployment time; its log group records every call, a trace would add nothing.',
    });
  }
}
