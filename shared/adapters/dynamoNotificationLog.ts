/**
 * The DynamoDB `NotificationLog`: one item per message in the one table, `pk = MAIL#{scope}`
 * (a city code, a province code or `analysts`), `sk = {message id}`. The claim is one
 * conditional PutItem — dynalite supports it as DynamoDB does — so two deliveries of the same
 * event cannot both send.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationEntry } from '../domain/notification.ts';
import type { NotificationClaim, NotificationLog } from '../ports.ts';
import { DEFAULT_RETRY_POLICY, DynamoRequester, isConditionFailed, type RetryPolicy } from './dynamoRetry.ts';

export const NOTIFICATION_PARTITION_PREFIX = 'MAIL#';

export const notificationKey = (scope: string, id: string) => ({
  pk: `${NOTIFICATION_PARTITION_PREFIX}${scope}`,
  sk: id,
});

export interface DynamoNotificationLogOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  retry?: Partial<RetryPolicy>;
}

export function createDynamoNotificationLog(options: DynamoNotificationLogOptions): NotificationLog {
  const { client, tableName } = options;
  const requester = new DynamoRequester(client, { ...DEFAULT_RETRY_POLICY, ...options.retry });
  const toItem = (entry: NotificationEntry) => ({
    ...(JSON.parse(JSON.stringify(entry)) as Record<string, unknown>),
    ...notificationKey(entry.scope, entry.id),
    type: 'notification',
  });
  const fromItem = (item: Record<string, unknown>): NotificationEntry => {
    const { pk: _pk, sk: _sk, type: _type, ...entry } = item;
    return entry as unknown as NotificationEntry;
  };
  return {
    async claim(entry, staleBefore): Promise<NotificationClaim> {
      try {
        await requester.send('PutItem', 'write', () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: toItem(entry),
              ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
        return { claimed: true };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
      const output = await requester.send('GetItem', 'read', () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: notificationKey(entry.scope, entry.id),
            ConsistentRead: true,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      return { claimed: false, existing: output.Item ? fromItem(output.Item) : entry };
    },
    async settle(entry) {
      await requester.send('PutItem', 'write', () =>
        client.send(
          new PutCommand({ TableName: tableName, Item: toItem(entry), ReturnConsumedCapacity: 'TOTAL' }),
        ),
      );
    },
    async list(scope) {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const output = await requester.send('Query', 'read', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `${NOTIFICATION_PARTITION_PREFIX}${scope}` },
              ConsistentRead: true,
              ReturnConsumedCapacity: 'TOTAL',
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        items.push(...(output.Items ?? []));
        startKey = output.LastEvaluatedKey;
      } while (startKey);
      return items
        .map(fromItem)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
  };
}
