/**
 * The one DynamoDB table, as plain data: the embedded stack's CreateTable and the CDK stack both
 * build the table from this, so they cannot drift. Item layout: docs/data-model.md.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableSchema {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** No secondary index: every access pattern is served by the primary key (docs/data-model.md). */
  globalSecondaryIndexes: readonly never[];
  billingMode: 'PAY_PER_REQUEST';
  /** Point-in-time recovery on AWS: uploads are never deleted, and neither is their history. */
  pointInTimeRecovery: true;
}

export const TABLE_SCHEMA: TableSchema = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [],
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
};

/** The CreateTable request for the schema (embedded stack and tests). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey } = TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: TABLE_SCHEMA.billingMode,
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
      { AttributeName: sortKey.name, AttributeType: sortKey.type },
    ],
  };
}
