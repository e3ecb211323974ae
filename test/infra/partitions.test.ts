/**
 * The DynamoDB grants limit each writer to its partitions with `dynamodb:LeadingKeys`. Here the
 * real store writes what each writer writes, on dynalite, and every partition key it produced must
 * be allowed by that writer's condition in the synthesized template: a change of the item layout
 * that the grants do not follow fails here, not on AWS.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoNotificationLog } from '#shared/adapters/dynamoNotificationLog.ts';
import type { DynamoSubmissionStore } from '#shared/adapters/dynamoSubmissionStore.ts';
import { entryOf } from '#shared/domain/notification.ts';
import { anUploadResult } from '../notifications/builders.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynaliteTable.ts';
import { aCurrentSheet, anUploadRecord, stageAll } from '../support/submissionBuilders.ts';
import { logicalIdOf, roleStatements } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

let dynalite: DynaliteTable;
let leadingKeys: {
  ingest: string[];
  rollup: string[];
  analyst: string[];
  uploader: string[];
  notifications: Record<'ingest' | 'rollup' | 'notify', string[]>;
};

beforeAll(async () => {
  const { stateless } = synthIpstats();
  const condition = (rolePrefix: string, sid: string) => {
    const statement = roleStatements(stateless, logicalIdOf(stateless, 'AWS::IAM::Role', rolePrefix))[sid];
    const [values] = Object.values(statement?.Condition ?? {}).map(
      (operator) => operator['dynamodb:LeadingKeys'],
    );
    return values as string[];
  };
  leadingKeys = {
    ingest: condition('IngestRole', 'WriteUploadAndStagingItems'),
    rollup: condition('RollupRole', 'WriteAuditEntries'),
    analyst: condition('AccessAnalystRole', 'ManagePeriodLocks'),
    uploader: condition('AccessCityUploaderRole', 'ReadOwnCityUploadRecords'),
    notifications: {
      ingest: condition('IngestRole', 'WriteNotificationLog'),
      rollup: condition('RollupRole', 'WriteNotificationLog'),
      notify: condition('NotifyRole', 'WriteNotificationLog'),
    },
  };
  dynalite = await startDynaliteTable();
});

afterAll(async () => {
  await dynalite?.close();
});

/** IAM `StringLike`: `*` any run of characters, `?` one character. */
function allowedBy(patterns: readonly string[], value: string): boolean {
  return patterns.some((pattern) => {
    const regex = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${regex}$`).test(value);
  });
}

async function partitions(): Promise<Set<string>> {
  const { Items = [] } = await dynalite.client.send(new ScanCommand({ TableName: dynalite.tableName }));
  return new Set(Items.map((item) => item.pk?.S ?? ''));
}

/** The partitions that `write` added to the table. */
async function partitionsWrittenBy(
  write: (store: DynamoSubmissionStore) => Promise<void>,
): Promise<string[]> {
  const before = await partitions();
  await write(dynalite.store());
  return [...(await partitions())].filter((partition) => !before.has(partition)).sort();
}

/** The condition values of a city session: its `cityCode` tag substituted for the policy variable. */
const forCity = (patterns: readonly string[], city: string) =>
  patterns.map((pattern) => pattern.replace(['$', '{aws:PrincipalTag/cityCode}'].join(''), city));

describe('partitions granted to each writer', () => {
  it('cover every item ingest writes: upload records, staged rows, current pointers', async () => {
    const upload = anUploadRecord();
    const partitions = await partitionsWrittenBy(async (store) => {
      await store.createUpload(upload);
      await stageAll(store, upload.uploadId, 'core', [{ code: 'A01', value: 12 }]);
      await store.switchCurrent(aCurrentSheet({ uploadId: upload.uploadId }));
      await store.saveUpload({ ...upload, status: 'accepted' });
    });

    expect(partitions).toEqual(['CITY#440300', `STAGE#${upload.uploadId}`]);
    for (const partition of partitions) expect(allowedBy(leadingKeys.ingest, partition)).toBe(true);
  });

  it('let a city session read its own upload records and no other city’s', () => {
    expect(allowedBy(forCity(leadingKeys.uploader, '440300'), 'CITY#440300')).toBe(true);
    expect(allowedBy(forCity(leadingKeys.uploader, '330100'), 'CITY#440300')).toBe(false);
    expect(allowedBy(forCity(leadingKeys.uploader, '440300'), 'LOCK')).toBe(false);
  });

  it('cover the audit entries a roll-up writes, one partition per month', async () => {
    const partitions = await partitionsWrittenBy(async (store) => {
      await store.append({
        at: '2024-10-16T02:00:00.000Z',
        actor: 'system',
        action: 'rollup',
        target: '2024Q3',
      });
      await store.append({
        at: '2024-11-01T02:00:00.000Z',
        actor: 'system',
        action: 'rollup',
        target: '2024Q3',
      });
    });

    expect(partitions).toEqual(['AUDIT#2024-10', 'AUDIT#2024-11']);
    for (const partition of partitions) expect(allowedBy(leadingKeys.rollup, partition)).toBe(true);
  });

  it('cover the lock items an analyst writes, and nothing of the cities', async () => {
    const partitions = await partitionsWrittenBy(async (store) => {
      await store.putLock({ period: '2024Q3', city: '*', lockedAt: '2024-10-20T00:00:00.000Z' });
      await store.putLock({ period: '2024Q3', city: '440300', lockedAt: '2024-10-20T00:00:00.000Z' });
    });

    expect(partitions).toEqual(['LOCK']);
    expect(allowedBy(leadingKeys.analyst, 'LOCK')).toBe(true);
    expect(allowedBy(leadingKeys.analyst, 'CITY#440300')).toBe(false);
    expect(allowedBy(leadingKeys.rollup, 'LOCK')).toBe(false);
    expect(allowedBy(leadingKeys.ingest, 'AUDIT#2024-10')).toBe(false);
  });

  it('cover the notification log every sender writes: one partition per mailbox', async () => {
    const log = createDynamoNotificationLog({
      client: DynamoDBDocumentClient.from(dynalite.client),
      tableName: dynalite.tableName,
    });
    const before = await partitions();
    const message = anUploadResult();
    await log.claim(entryOf(message, '2024-10-05T02:03:05.000Z'), '2024-10-05T01:48:05.000Z');
    await log.settle({ ...entryOf(message, '2024-10-05T02:03:05.000Z'), status: 'sent' });
    await log.claim(
      entryOf({ ...message, scope: 'analysts', id: 'digest.analysts.2024Q3' }, '2024-10-16T01:00:00.000Z'),
      '2024-10-16T00:45:00.000Z',
    );
    const written = [...(await partitions())].filter((partition) => !before.has(partition)).sort();

    expect(written).toEqual(['MAIL#440300', 'MAIL#analysts']);
    for (const sender of ['ingest', 'rollup', 'notify'] as const)
      for (const partition of written)
        expect(allowedBy(leadingKeys.notifications[sender], partition)).toBe(true);
    expect(allowedBy(leadingKeys.ingest, 'MAIL#440300')).toBe(false);
  });
});
