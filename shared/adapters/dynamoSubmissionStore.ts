/**
 * The ports kept in DynamoDB — the upload log, current data, locks and the audit trail — on one
 * table, keys `pk`/`sk`, no secondary index. The item layout and every access pattern are
 * documented in docs/data-model.md. Staged records are stored as compressed chunks
 * (`recordChunks.ts`); that encoding stays in this adapter.
 *
 * dynalite has no TransactWriteItems, and none is needed: rows are staged under the upload id,
 * then ONE conditional PutItem per sheet kind moves the current pointer (with the aggregates on
 * it). Read-modify-write of upload records and pointers is optimistic: the write is conditional
 * on what was read, and a lost race reads again.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { StoreError } from '../domain/errors.ts';
import type { AnyRecord } from '../domain/records.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from '../domain/submission.ts';
import { decideSwitch, markKindSuperseded, mergeUploadSave } from '../domain/uploadState.ts';
import type { AuditEntry, AuditTrail, CurrentData, Locks, RecordSink, UploadLog } from '../ports.ts';
import {
  type BatchWriteRequest,
  DEFAULT_RETRY_POLICY,
  DynamoRequester,
  type DynamoRequestMetrics,
  isConditionFailed,
  type RequestEvent,
  type RetryPolicy,
} from './dynamoRetry.ts';
import {
  type ChunkLimits,
  DEFAULT_CHUNK_LIMITS,
  decodeRecordChunk,
  type RecordChunk,
  RecordChunkEncoder,
} from './recordChunks.ts';

export interface DynamoSubmissionStoreOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  tableName: string;
  retry?: Partial<RetryPolicy>;
  /** BatchWriteItem calls in flight at once while staging (default 4). */
  writeConcurrency?: number;
  chunkLimits?: ChunkLimits;
  /** Called after every request (retries included), e.g. to feed metrics. */
  onRequest?: (event: RequestEvent) => void;
}

/** A record sink of this adapter; after `save`, `chunks` is how many chunk items it wrote. */
export interface DynamoRecordSink extends RecordSink {
  readonly chunks: number;
}

export interface DynamoSubmissionStore extends UploadLog, CurrentData, Locks, AuditTrail {
  stageRecords(uploadId: string, kind: DataSheetKind): DynamoRecordSink;
  /** Live counters of requests and consumed capacity since the store was created. */
  readonly metrics: DynamoRequestMetrics;
}

/** Item keys; the only place that knows the layout (docs/data-model.md). */
const itemKeys = {
  upload: (city: string, period: string, uploadId: string) => ({
    pk: `CITY#${city}`,
    sk: `UPLOAD#${period}#${uploadId}`,
  }),
  uploadPrefix: (period?: string) => (period === undefined ? 'UPLOAD#' : `UPLOAD#${period}#`),
  current: (city: string, period: string, kind: DataSheetKind) => ({
    pk: `CITY#${city}`,
    sk: `CURRENT#${period}#${kind}`,
  }),
  currentPrefix: 'CURRENT#',
  cityPartition: (city: string) => `CITY#${city}`,
  chunk: (uploadId: string, kind: DataSheetKind, index: number) => ({
    pk: `STAGE#${uploadId}`,
    sk: chunkSortKey(kind, index),
  }),
  chunkPrefix: (kind: DataSheetKind) => `REC#${kind}#`,
  stagePartition: (uploadId: string) => `STAGE#${uploadId}`,
  lockPartition: 'LOCK',
  lock: (period: string, city: string) => ({ pk: 'LOCK', sk: `${period}#${city}` }),
  /** One partition per UTC month; the sort key starts with the instant, so a range is one query per month. */
  auditPartition: (month: string) => `AUDIT#${month}`,
  audit: (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}` }),
};

/** Optimistic loops give up after this many lost races (a sign of a bug, not of load). */
const MAX_CONTENTION_ROUNDS = 25;

const KEY_ATTRIBUTES = ['pk', 'sk', 'type', 'revision'] as const;

/** Upload records and current pointers remembered per store (a Lambda container's invocations). */
const REMEMBERED_ITEMS = 2_000;

type Item = Record<string, unknown>;

/** One sheet's records being staged: whose, their encoder, and where the chunk count goes once saved. */
interface StagedSheet {
  uploadId: string;
  kind: DataSheetKind;
  encoder: RecordChunkEncoder;
  saved(chunks: number): void;
}
type ItemKey = { pk: string; sk: string };

/**
 * The items this store last wrote or read, by key, newest last; the oldest are forgotten beyond
 * `limit`. An optimistic write starts from the remembered item instead of reading it first: the
 * write is conditional on what it was computed from, so a stale item only fails its condition
 * and is read again. `null` remembers that the item did not exist.
 */
class RememberedItems {
  private readonly items = new Map<string, Item | null>();

  constructor(private readonly limit: number) {}

  get({ pk, sk }: ItemKey): Item | null | undefined {
    return this.items.get(`${pk}\u0000${sk}`);
  }

  set({ pk, sk }: ItemKey, item: Item | null): void {
    const id = `${pk}\u0000${sk}`;
    this.items.delete(id);
    this.items.set(id, item);
    if (this.items.size > this.limit) this.items.delete(this.items.keys().next().value as string);
  }

  forget({ pk, sk }: ItemKey): void {
    this.items.delete(`${pk}\u0000${sk}`);
  }
}

export function createDynamoSubmissionStore(options: DynamoSubmissionStoreOptions): DynamoSubmissionStore {
  const documents =
    options.client instanceof DynamoDBDocumentClient
      ? options.client
      : DynamoDBDocumentClient.from(options.client as DynamoDBClient, {
          marshallOptions: { removeUndefinedValues: true },
        });
  const requester = new DynamoRequester(
    documents,
    { ...DEFAULT_RETRY_POLICY, ...options.retry },
    options.onRequest,
  );
  const table = options.tableName;
  const writeConcurrency = options.writeConcurrency ?? 4;
  const chunkLimits = options.chunkLimits ?? DEFAULT_CHUNK_LIMITS;
  const remembered = new RememberedItems(REMEMBERED_ITEMS);
  /** A pointer as last written or read; absent (null) when the last listing of its city lacked it. */
  const rememberedPointer = (key: ItemKey): Item | null | undefined => {
    const item = remembered.get(key);
    if (item !== undefined) return item;
    const listing = remembered.get(listingKey(key.pk.slice('CITY#'.length)));
    return listing && !(listing.sks as string[]).includes(key.sk) ? null : undefined;
  };

  const getItem = async (key: { pk: string; sk: string }) => {
    const output = await requester.send('GetItem', 'read', () =>
      documents.send(
        new GetCommand({ TableName: table, Key: key, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
      ),
    );
    return output.Item;
  };

  /** A conditional put; false when the condition failed. */
  const putIf = async (
    item: Record<string, unknown>,
    condition: string,
    values?: Record<string, unknown>,
    names?: Record<string, string>,
  ) => {
    try {
      await requester.send('PutItem', 'write', () =>
        documents.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: condition,
            ...(values ? { ExpressionAttributeValues: values } : {}),
            ...(names ? { ExpressionAttributeNames: names } : {}),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  };

  const query = async (input: Omit<QueryCommandInput, 'TableName'>) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await requester.send('Query', 'read', () =>
        documents.send(
          new QueryCommand({
            TableName: table,
            ConsistentRead: true,
            ReturnConsumedCapacity: 'TOTAL',
            ...input,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      items.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  const queryPrefix = (pk: string, prefix: string) =>
    query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    });

  /**
   * Read, change, write back conditional on the revision read; a concurrent save makes the
   * write fail and the change is applied again to the fresh record.
   */
  const updateUpload = async (
    city: string,
    period: string,
    uploadId: string,
    change: (stored: UploadRecord | undefined) => UploadRecord,
  ): Promise<void> => {
    const key = itemKeys.upload(city, period, uploadId);
    for (let round = 0; round < MAX_CONTENTION_ROUNDS; round++) {
      // The first round starts from the record this store last wrote or read, if any.
      const item = (round === 0 ? remembered.get(key) : undefined) ?? (await getItem(key));
      const stored = item ? fromItem<UploadRecord>(item) : undefined;
      const revision = typeof item?.revision === 'number' ? item.revision : undefined;
      const next = change(stored);
      const nextItem = toItem(key, 'upload', next, (revision ?? 0) + 1);
      const written =
        revision === undefined
          ? await putIf(nextItem, 'attribute_not_exists(pk)')
          : await putIf(nextItem, 'revision = :revision', { ':revision': revision });
      if (written) {
        remembered.set(key, nextItem);
        return;
      }
      remembered.forget(key);
    }
    throw new StoreError(`上传记录 ${city}/${period}/${uploadId} 并发更新冲突，请重试`);
  };

  const chunkRequests = (uploadId: string, kind: DataSheetKind, chunks: readonly RecordChunk[]) => {
    const tooLarge = chunks.find((chunk) => chunk.data.length > chunkLimits.maxEncodedBytes);
    if (tooLarge) {
      throw new StoreError(
        `暂存数据块 ${tooLarge.data.length} 字节，超过单项上限 ${chunkLimits.maxEncodedBytes} 字节`,
      );
    }
    return chunks.map(
      (chunk, index): BatchWriteRequest => ({
        PutRequest: {
          Item: {
            ...itemKeys.chunk(uploadId, kind, index),
            type: 'chunk',
            rows: chunk.rows,
            data: chunk.data,
          },
        },
      }),
    );
  };

  /** The sinks of this store, with what saving them needs. */
  const sinkParts = new WeakMap<RecordSink, StagedSheet>();

  /** The chunks of every sheet in one batch write (25 items a request), then each sink's count. */
  const stageSheets = async (sheets: readonly StagedSheet[]) => {
    const encoded = await Promise.all(
      sheets.map(async (sheet) => ({ sheet, chunks: await sheet.encoder.finish() })),
    );
    const requests = encoded.flatMap(({ sheet, chunks }) =>
      chunkRequests(sheet.uploadId, sheet.kind, chunks),
    );
    await requester.batchWrite(table, requests, writeConcurrency);
    for (const { sheet, chunks } of encoded) sheet.saved(chunks.length);
  };

  return {
    metrics: requester.metrics,

    async createUpload(upload) {
      const key = itemKeys.upload(upload.city, upload.period, upload.uploadId);
      const item = toItem(key, 'upload', upload, 1);
      if (await putIf(item, 'attribute_not_exists(pk)')) {
        remembered.set(key, item);
        return { created: true };
      }
      const existing = await getItem(key);
      if (!existing) throw new StoreError(`上传记录 ${upload.uploadId} 创建冲突但读取不到`);
      remembered.set(key, existing);
      return { created: false, existing: fromItem<UploadRecord>(existing) };
    },

    saveUpload(upload) {
      return updateUpload(upload.city, upload.period, upload.uploadId, (stored) =>
        mergeUploadSave(stored, upload),
      );
    },

    async getUpload(city, period, uploadId) {
      const key = itemKeys.upload(city, period, uploadId);
      const item = await getItem(key);
      if (item) remembered.set(key, item);
      return item ? fromItem<UploadRecord>(item) : undefined;
    },

    async listUploads(city, period) {
      const items = await queryPrefix(itemKeys.cityPartition(city), itemKeys.uploadPrefix(period));
      for (const item of items) remembered.set(keyOf(item), item);
      return items.map((item) => fromItem<UploadRecord>(item));
    },

    markSuperseded(city, period, uploadId, kind) {
      return updateUpload(city, period, uploadId, (stored) => {
        if (!stored) throw new StoreError(`上传记录不存在：${city}/${period}/${uploadId}`);
        return markKindSuperseded(stored, kind, new Date().toISOString());
      });
    },

    stageRecords(uploadId, kind) {
      let chunks = 0;
      const sheet: StagedSheet = {
        uploadId,
        kind,
        encoder: new RecordChunkEncoder(chunkLimits),
        saved: (count) => {
          chunks = count;
        },
      };
      const sink: DynamoRecordSink = {
        add: (record) => sheet.encoder.add(record),
        save: () => stageSheets([sheet]),
        get chunks() {
          return chunks;
        },
      };
      sinkParts.set(sink, sheet);
      return sink;
    },

    async saveSinks(sinks) {
      const mine: StagedSheet[] = [];
      for (const sink of sinks) {
        const sheet = sinkParts.get(sink);
        if (sheet) mine.push(sheet);
        else await sink.save();
      }
      if (mine.length > 0) await stageSheets(mine);
    },

    async readRecords(sheet) {
      const { uploadId, kind } = sheet;
      const expected = sheet.aggregates.rows;
      if (expected === 0) return [];
      const items = await queryPrefix(itemKeys.stagePartition(uploadId), itemKeys.chunkPrefix(kind));
      // Chunks in order until the sheet's rows are reached (a re-staging may leave more behind).
      const records: AnyRecord[] = [];
      let rows = 0;
      for (const item of items) {
        if (rows >= expected) break;
        rows += Number(item.rows);
        records.push(...(await decodeRecordChunk(item.data as Uint8Array)));
      }
      if (rows !== expected || records.length !== expected) {
        throw new StoreError(`暂存数据不完整：${uploadId} ${kind} 应有 ${expected} 行，实有 ${rows} 行`);
      }
      return records;
    },

    async switchCurrent(candidate) {
      const key = itemKeys.current(candidate.city, candidate.period, candidate.kind);
      for (let round = 0; round < MAX_CONTENTION_ROUNDS; round++) {
        // The first round starts from the pointer as this store last saw it (listCurrent of the
        // city tells which exist); a decision not to switch is only taken on a fresh read.
        const seen = round === 0 ? rememberedPointer(key) : undefined;
        const item = seen === undefined ? await getItem(key) : (seen ?? undefined);
        const existing = item ? fromItem<CurrentSheet>(item) : undefined;
        const decision = decideSwitch(existing, candidate);
        if (decision.action === 'switch') {
          // The single write that switches data and aggregates together, and only if nobody
          // else switched (or lowered firstAcceptedAt) since the read.
          const next = toItem(key, 'current', decision.item);
          const switched = existing
            ? await putIf(
                next,
                '#order = :order AND firstAcceptedAt = :first',
                {
                  ':order': existing.order,
                  ':first': existing.firstAcceptedAt,
                },
                { '#order': 'order' },
              )
            : await putIf(next, 'attribute_not_exists(pk)');
          if (switched) {
            remembered.set(key, next);
            return existing ? { switched: true, previous: existing } : { switched: true };
          }
          remembered.forget(key);
          remembered.forget(listingKey(candidate.city));
          continue;
        }
        if (seen !== undefined) {
          remembered.forget(key);
          continue;
        }
        const current = existing as CurrentSheet;
        if (decision.action === 'already_current')
          return { switched: false, reason: 'already_current', current };
        if (!decision.lowerFirstAcceptedAt) return { switched: false, reason: 'newer_is_current', current };
        if (await lowerFirstAcceptedAt(key, current, decision.lowerFirstAcceptedAt)) {
          remembered.forget(key);
          return {
            switched: false,
            reason: 'newer_is_current',
            current: { ...current, firstAcceptedAt: decision.lowerFirstAcceptedAt },
          };
        }
      }
      throw new StoreError(
        `${candidate.city} ${candidate.period} ${candidate.kind} 当前数据切换冲突，请重试`,
      );
    },

    async getCurrent(city, period, kind) {
      const item = await getItem(itemKeys.current(city, period, kind));
      return item ? fromItem<CurrentSheet>(item) : undefined;
    },

    async listCurrent(city) {
      const items = await queryPrefix(itemKeys.cityPartition(city), itemKeys.currentPrefix);
      // Every pointer of the city as of now: those listed exist, the others do not.
      for (const item of items) remembered.set(keyOf(item), item);
      remembered.set(listingKey(city), { sks: items.map((item) => String(item.sk)) });
      return items.map((item) => fromItem<CurrentSheet>(item));
    },

    async putLock(lock) {
      const key = itemKeys.lock(lock.period, lock.city);
      await requester.send('PutItem', 'write', () =>
        documents.send(
          new PutCommand({
            TableName: table,
            Item: toItem(key, 'lock', lock),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
    },

    async deleteLock(period, city) {
      const output = await requester.send('DeleteItem', 'write', () =>
        documents.send(
          new DeleteCommand({
            TableName: table,
            Key: itemKeys.lock(period, city),
            ReturnValues: 'ALL_OLD',
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      return output.Attributes !== undefined;
    },

    async listLocks(period) {
      const items =
        period === undefined
          ? await query({
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': itemKeys.lockPartition },
            })
          : await queryPrefix(itemKeys.lockPartition, `${period}#`);
      return items.map((item) => fromItem<PeriodLock>(item));
    },

    async append(entry) {
      const id = Math.random().toString(36).slice(2, 10);
      await requester.send('PutItem', 'write', () =>
        documents.send(
          new PutCommand({
            TableName: table,
            Item: toItem(itemKeys.audit(new Date(entry.at).toISOString(), id), 'audit', {
              ...entry,
              at: new Date(entry.at).toISOString(),
            }),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
    },

    async listAudit(request) {
      const from = new Date(request.from).toISOString();
      const to = new Date(request.to).toISOString();
      const entries: AuditEntry[] = [];
      for (const month of monthsBetween(from, to)) {
        const items = await query({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': itemKeys.auditPartition(month), ':from': from, ':to': to },
        });
        for (const item of items) {
          const entry = fromItem<AuditEntry>(item);
          if (entry.at >= to) continue;
          if (request.action !== undefined && entry.action !== request.action) continue;
          if (request.actor !== undefined && entry.actor !== request.actor) continue;
          entries.push(entry);
        }
      }
      return entries;
    },
  };

  async function lowerFirstAcceptedAt(
    key: { pk: string; sk: string },
    current: CurrentSheet,
    firstAcceptedAt: string,
  ): Promise<boolean> {
    try {
      await requester.send('UpdateItem', 'write', () =>
        documents.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: 'SET firstAcceptedAt = :first',
            ConditionExpression: '#order = :order AND firstAcceptedAt = :seen',
            ExpressionAttributeNames: { '#order': 'order' },
            ExpressionAttributeValues: {
              ':first': firstAcceptedAt,
              ':order': current.order,
              ':seen': current.firstAcceptedAt,
            },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

/** A domain object as an item: JSON-clean (no undefined at any depth) plus keys. */
function toItem(
  key: { pk: string; sk: string },
  type: string,
  value: object,
  revision?: number,
): Record<string, unknown> {
  return {
    ...(JSON.parse(JSON.stringify(value)) as Record<string, unknown>),
    ...key,
    type,
    ...(revision === undefined ? {} : { revision }),
  };
}

function fromItem<T>(item: Record<string, unknown>): T {
  const value = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete value[attribute];
  return value as T;
}

function keyOf(item: Item): ItemKey {
  return { pk: String(item.pk), sk: String(item.sk) };
}

/** Where the store remembers which current pointers the last listing of a city returned. */
function listingKey(city: string): ItemKey {
  return { pk: `LISTED#${city}`, sk: itemKeys.currentPrefix };
}

function chunkSortKey(kind: DataSheetKind, index: number): string {
  return `${itemKeys.chunkPrefix(kind)}${pad(index)}`;
}

/** The UTC months (`YYYY-MM`) from the month of `from` to the month of `to`, in order. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  const cursor = new Date(`${from.slice(0, 7)}-01T00:00:00.000Z`);
  while (cursor.toISOString().slice(0, 7) <= to.slice(0, 7)) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

function pad(index: number): string {
  return String(index).padStart(5, '0');
}
