/**
 * A fresh table in an in-process dynalite, for tests that need the real DynamoDB adapter over
 * HTTP. SDK retries are off (maxAttempts 1) so that tests see the adapter's own retries.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createDynamoSubmissionStore,
  type DynamoSubmissionStore,
  type DynamoSubmissionStoreOptions,
} from '../adapters/dynamoSubmissionStore.ts';
import { ensureTable, startDynalite } from '../embedded/dynamo.ts';

export interface DynaliteTable {
  client: DynamoDBClient;
  tableName: string;
  /** A store on this table; options override the defaults (no waiting between retries). */
  store(options?: Partial<Omit<DynamoSubmissionStoreOptions, 'client' | 'tableName'>>): DynamoSubmissionStore;
  close(): Promise<void>;
}

export async function startDynaliteTable(): Promise<DynaliteTable> {
  const dynalite = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const tableName = `ipstats-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    store: (options = {}) =>
      createDynamoSubmissionStore({
        client,
        tableName,
        ...options,
        retry: { sleep: async () => {}, ...options.retry },
      }),
    async close() {
      client.destroy();
      await dynalite.close();
    },
  };
}
