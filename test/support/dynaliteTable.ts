/**
 * A fresh table in an in-process dynalite, for tests that need the real DynamoDB adapter over
 * HTTP. SDK retries are off (maxAttempts 1) so that tests see the adapter's own retries.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynalite } from '#embedded/dynamo.ts';
import {
  createDynamoSubmissionStore,
  type DynamoSubmissionStore,
  type DynamoSubmissionStoreOptions,
} from '#shared/adapters/dynamoSubmissionStore.ts';

export interface DynaliteTable {
  client: DynamoDBClient;
  tableName: string;
  /** A store on this table; options override the defaults (no waiting between retries). */
  store(options?: StoreOptions): DynamoSubmissionStore;
  /** A store on a new, empty table of the same dynalite (for tests that must not share data). */
  freshStore(options?: StoreOptions): Promise<DynamoSubmissionStore>;
  close(): Promise<void>;
}

type StoreOptions = Partial<Omit<DynamoSubmissionStoreOptions, 'client' | 'tableName'>>;

export async function startDynaliteTable(): Promise<DynaliteTable> {
  const dynalite = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const newTable = async () => {
    const name = `ipstats-test-${randomUUID().slice(0, 8)}`;
    await ensureTable(client, name);
    return name;
  };
  const storeOn = (name: string, options: StoreOptions = {}) =>
    createDynamoSubmissionStore({
      client,
      tableName: name,
      ...options,
      retry: { sleep: async () => {}, ...options.retry },
    });
  const tableName = await newTable();
  return {
    client,
    tableName,
    store: (options) => storeOn(tableName, options),
    freshStore: async (options) => storeOn(await newTable(), options),
    async close() {
      client.destroy();
      await dynalite.close();
    },
  };
}
