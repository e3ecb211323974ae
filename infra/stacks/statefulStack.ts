/**
 * `IpstatsStateful`: what must survive every redeploy — the data bucket, its access-log bucket and
 * the table. Kept apart from the functions so that code changes never touch (or replace) the data.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataStore } from '../constructs/dataStore.ts';

export class StatefulStack extends Stack {
  readonly dataStore: DataStore;

  constructor(scope: Construct, id: string, props?: StackProps & { portalOrigins?: readonly string[] }) {
    super(scope, id, props);
    this.dataStore = new DataStore(this, 'DataStore', { portalOrigins: props?.portalOrigins ?? [] });

    new CfnOutput(this, 'DataBucketName', {
      value: this.dataStore.bucket.bucketName,
      description: 'Data bucket: uploads/, results/, reports/, config/',
    });
    new CfnOutput(this, 'TableName', {
      value: this.dataStore.table.tableName,
      description: 'DynamoDB table of uploads, current data, locks and the audit trail',
    });
  }
}
