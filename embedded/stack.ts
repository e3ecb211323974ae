/**
 * The whole AWS stack on one machine: s3rver as the data bucket, dynalite as the table, and the
 * real Lambda handlers invoked in-process with the events AWS would send them. The SDK clients
 * are the production ones, pointed at 127.0.0.1 through `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL_DYNAMODB`.
 *
 * The handlers read their configuration from the environment, so one embedded stack runs per
 * process at a time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, ScheduledEvent } from 'aws-lambda';
import { handler as ingestHandler } from '#functions/ingest.ts';
import type { NotifyRequest, handler as notifyHandler } from '#functions/notify.ts';
import type { RollupRequest, handler as rollupHandler } from '#functions/rollup.ts';
import { type AwsClients, createAwsClients, destroyAwsClients } from '#shared/adapters/clients.ts';
import { DEFAULT_RECIPIENTS_KEY, DEFAULT_REGISTRY_KEY } from '#shared/adapters/config.ts';
import { createDynamoSubmissionStore } from '#shared/adapters/dynamoSubmissionStore.ts';
import { saveRecipients, saveRegistry } from '#shared/adapters/registryStore.ts';
import { resetRuntime } from '#shared/adapters/runtime.ts';
import { createS3ObjectStore } from '#shared/adapters/s3ObjectStore.ts';
import type { NotificationRecipients } from '#shared/domain/contacts.ts';
import type { City } from '#shared/domain/registry.ts';
import { type ObjectStore, type TablePorts, tablePorts } from '#shared/ports.ts';
import { createDeliveryQueue, createKeyedSerializer, EMBEDDED_CONCURRENCY } from './deliveryQueue.ts';
import { ensureTable, startDynalite } from './dynamo.ts';
import { startIngestThreads } from './ingestThreads.ts';
import { lambdaContext } from './lambdaContext.ts';
import { createSequencer, objectCreatedEvent } from './s3Events.ts';
import { type StoredNotification, startS3rver } from './s3rver.ts';

// How many raster workers the CLI asks for (`chartThreads`): one per core but one.
export { defaultChartThreads } from '#shared/reports/charts/chartThreads.ts';

export const LOCAL_BUCKET = 'ipstats-data-local';
export const LOCAL_TABLE = 'ipstats-local';
const LOCAL_ACCOUNT = 'LOCALIPSTATS0000';
const UPLOAD_PREFIX = 'uploads/';

export type IngestResult = Awaited<ReturnType<typeof ingestHandler>>;
export type RollupResult = Awaited<ReturnType<typeof rollupHandler>>;
export type NotifyResult = Awaited<ReturnType<typeof notifyHandler>>;

/** The sender of the local stack's messages. */
export const LOCAL_SENDER = 'ipstats@localhost.localdomain';

export interface EmbeddedStackOptions {
  /** State directory (kept). Without it the state lives in a temporary directory removed by `stop()`. */
  directory?: string;
  /** Written to the bucket as the registry (`config/registry.json`); otherwise what is there, or the default. */
  registry?: readonly City[];
  deadlineDays?: number;
  /** Written to the bucket as the analysts' and provinces' addresses (`config/recipients.json`). */
  recipients?: NotificationRecipients;
  /**
   * Where the functions' messages go: `.eml` files in this directory (default `{directory}/outbox`),
   * and also to this SMTP server when `smtpUrl` is given. `false` sends none.
   */
  mail?: { outboxDirectory?: string; smtpUrl?: string; portalUrl?: string } | false;
  /** Handler logs and metrics on stdout (off by default: the CLI and tests print their own output). */
  verbose?: boolean;
  /** Origins allowed to POST uploads to the bucket from a browser (the portal's). */
  corsOrigins?: readonly string[];
  /** Upload limit of the functions (`MAX_UPLOAD_BYTES`); also bounds what a POST upload may send. */
  maxUploadBytes?: number;
  /** The clock that stamps S3 events (when an upload counts as received); default the system clock. */
  clock?: () => Date;
  /** Ingest invocations at once (default `EMBEDDED_CONCURRENCY`, 8); events of one key stay in order. */
  ingestConcurrency?: number;
  /**
   * Worker threads the roll-up rasterises its charts in (the CLI: `defaultChartThreads()`), started at the
   * first roll-up and ended by `stop()`; 0 or absent draws them on the main thread.
   */
  chartThreads?: number;
  /**
   * Worker threads the ingest invocations run in (the CLI: one per core), each with its own
   * runtime and SDK clients, started with the stack and ended by `stop()`; 0 or absent runs them
   * on the main thread. Results are the same either way.
   */
  ingestThreads?: number;
}

export interface UploadOptions {
  /** The S3 event time, i.e. when the upload counts as received (default: now). */
  eventTime?: Date;
  contentType?: string;
}

export interface EmbeddedStack extends TablePorts {
  bucket: string;
  tableName: string;
  directory: string;
  s3Endpoint: string;
  dynamoEndpoint: string;
  clients: AwsClients;
  objects: ObjectStore;
  /**
   * Puts an object under `uploads/` and resolves with the ingest function's result for it. Uploads
   * of different keys may be in flight together; those of one key are put one after the other.
   */
  upload(key: string, body: Buffer, options?: UploadOptions): Promise<IngestResult>;
  /** Invokes the roll-up function as EventBridge (scheduled event) or the CLI (`{ period(s) }`) would. */
  rollup(event: RollupRequest | ScheduledEvent): Promise<RollupResult>;
  /** Invokes the notification function as its daily EventBridge schedule (or `{ now }`) would. */
  notify(event: NotifyRequest | ScheduledEvent): Promise<NotifyResult>;
  /** Where the messages are written (absent when mail is off). */
  outboxDirectory?: string;
  /** Resolves when every S3 event so far has been handled. */
  drained(): Promise<void>;
  /** Waits for the events in flight, then closes the servers and clients (and removes a temporary state directory). */
  stop(): Promise<void>;
}

let running = false;

export async function startEmbeddedStack(options: EmbeddedStackOptions = {}): Promise<EmbeddedStack> {
  if (running) throw new Error('An embedded stack is already running in this process');
  running = true;
  const temporary = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'ipstats-')));
  const cleanups: Array<() => Promise<void> | void> = [];
  let chartThreadsStarted = false;
  // In reverse order of start; every step runs even if an earlier one fails.
  const cleanUp = async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    running = false;
    if (failures.length > 0) throw new AggregateError(failures, 'Stopping the embedded stack failed');
  };
  try {
    if (temporary) cleanups.push(() => rm(directory, { recursive: true, force: true }));
    await mkdir(join(directory, 's3'), { recursive: true });
    if (!temporary) await mkdir(join(directory, 'dynamodb'), { recursive: true });

    const s3rver = await startS3rver({
      directory: join(directory, 's3'),
      buckets: [LOCAL_BUCKET],
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.maxUploadBytes ? { maxPostBytes: options.maxUploadBytes + 1024 * 1024 } : {}),
    });
    cleanups.push(() => s3rver.close());
    // A temporary stack's table lives in memory (it is removed with the directory anyway): LevelDB
    // on disk was over half of dynalite's CPU per request.
    const dynalite = await startDynalite(temporary ? {} : { directory: join(directory, 'dynamodb') });
    cleanups.push(() => dynalite.close());

    const mail = options.mail === false ? undefined : (options.mail ?? {});
    const outboxDirectory = mail ? (mail.outboxDirectory ?? join(directory, 'outbox')) : undefined;
    const restoreEnvironment = pointEnvironmentAt({
      ...(mail && outboxDirectory
        ? {
            MAIL_TRANSPORT: mail.smtpUrl ? 'smtp' : 'outbox',
            MAIL_FROM: LOCAL_SENDER,
            OUTBOX_DIR: outboxDirectory,
            ...(mail.smtpUrl ? { SMTP_URL: mail.smtpUrl } : {}),
            ...(mail.portalUrl ? { PORTAL_URL: mail.portalUrl } : {}),
          }
        : { MAIL_TRANSPORT: 'none' }),
      RECIPIENTS_KEY: DEFAULT_RECIPIENTS_KEY,
      DATA_BUCKET: LOCAL_BUCKET,
      TABLE_NAME: LOCAL_TABLE,
      AWS_ENDPOINT_URL_S3: s3rver.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      REGISTRY_KEY: DEFAULT_REGISTRY_KEY,
      ...(options.deadlineDays === undefined ? {} : { DEADLINE_DAYS: String(options.deadlineDays) }),
      ...(options.maxUploadBytes === undefined ? {} : { MAX_UPLOAD_BYTES: String(options.maxUploadBytes) }),
    });
    cleanups.push(restoreEnvironment);
    resetRuntime({ quiet: !options.verbose });
    cleanups.push(() => resetRuntime());

    const clients = createAwsClients({ s3Endpoint: s3rver.endpoint, dynamoEndpoint: dynalite.endpoint });
    cleanups.push(() => destroyAwsClients(clients));
    await ensureTable(clients.dynamo, LOCAL_TABLE);
    const objects = createS3ObjectStore(clients.s3, LOCAL_BUCKET);
    if (options.registry) await saveRegistry(objects, DEFAULT_REGISTRY_KEY, options.registry);
    if (options.recipients) await saveRecipients(objects, DEFAULT_RECIPIENTS_KEY, options.recipients);

    // After the environment points at s3rver and dynalite: each thread builds its runtime from it.
    const ingestThreads =
      (options.ingestThreads ?? 0) > 0
        ? await startIngestThreads(options.ingestThreads ?? 0, { quiet: !options.verbose })
        : undefined;
    if (ingestThreads) cleanups.push(() => ingestThreads.stop());

    const clock = options.clock ?? (() => new Date());
    const nextSequencer = createSequencer();
    const eventTimes = new Map<string, Date>();
    const deliveries = new Map<string, Promise<IngestResult>>();
    // Like Lambda's asynchronous invocation: several events at once (bounded), those of one key in order.
    const queue = createDeliveryQueue(
      // s3rver announces an object once its bytes are on disk (startS3rver sees to it), as AWS does.
      async ({ event }: { event: S3Event; stored: StoredNotification }) =>
        ingestThreads?.run(event) ?? ingestHandler(event, lambdaContext('ingest')),
      {
        concurrency: options.ingestConcurrency ?? EMBEDDED_CONCURRENCY,
        orderingKey: ({ stored }) => `${stored.bucket}/${stored.key}`,
      },
    );

    // Like the bucket notification on AWS: object-created events under uploads/ go to ingest.
    s3rver.onObjectCreated((stored) => {
      if (stored.bucket !== LOCAL_BUCKET || !stored.key.startsWith(UPLOAD_PREFIX)) return;
      const requestedTime = eventTimes.get(stored.key);
      eventTimes.delete(stored.key);
      const eventTime = requestedTime ?? clock();
      const event = objectCreatedEvent(
        { ...stored, eventTime, sequencer: nextSequencer(eventTime) },
        { region: 'us-east-1', principalId: LOCAL_ACCOUNT, configurationId: 'ipstats-ingest' },
      );
      const delivery = queue.deliver({ event, stored });
      if (requestedTime) {
        // upload() picks this up once its PutObject returns and reports any failure.
        delivery.catch(() => undefined);
        deliveries.set(stored.key, delivery);
      } else {
        delivery.catch((error: unknown) =>
          process.stderr.write(`ingest 处理 ${stored.key} 失败：${String(error)}\n`),
        );
      }
    });

    // Uploads of different keys run at the same time; those of one key one after the other (the
    // event time is attached to the key until s3rver announces it).
    const puts = createKeyedSerializer();
    let stopping: Promise<void> | undefined;
    const upload = (key: string, body: Buffer, uploadOptions: UploadOptions = {}): Promise<IngestResult> => {
      return puts.run(key, async () => {
        if (!key.startsWith(UPLOAD_PREFIX)) throw new Error(`上传路径应以 ${UPLOAD_PREFIX} 开头：${key}`);
        eventTimes.set(key, uploadOptions.eventTime ?? clock());
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: LOCAL_BUCKET,
            Key: key,
            Body: body,
            ContentLength: body.length,
            ContentType: uploadOptions.contentType ?? 'application/octet-stream',
          }),
        );
        const delivery = deliveries.get(key);
        deliveries.delete(key);
        if (!delivery) throw new Error(`没有收到 ${key} 的对象创建事件`);
        return delivery;
      });
    };

    return {
      bucket: LOCAL_BUCKET,
      tableName: LOCAL_TABLE,
      directory,
      s3Endpoint: s3rver.endpoint,
      dynamoEndpoint: dynalite.endpoint,
      clients,
      objects,
      ...tablePorts(createDynamoSubmissionStore({ client: clients.documents, tableName: LOCAL_TABLE })),
      upload,
      // Loaded on first use: ingest-only sessions do not load the report renderers.
      rollup: async (event) => {
        const threads = options.chartThreads ?? 0;
        if (threads > 0 && !chartThreadsStarted) {
          chartThreadsStarted = true;
          const charts = await import('#shared/reports/charts/renderChart.ts');
          charts.startChartWorkers(threads);
          cleanups.push(() => charts.stopChartWorkers());
        }
        return (await import('#functions/rollup.ts')).handler(event, lambdaContext('rollup'));
      },
      notify: async (event) => (await import('#functions/notify.ts')).handler(event, lambdaContext('notify')),
      ...(outboxDirectory ? { outboxDirectory } : {}),
      drained: async () => {
        await puts.settled();
        await queue.drained();
      },
      // Idempotent: the CLI may stop on Ctrl-C while the pipeline is stopping too.
      stop: () => {
        stopping ??= (async () => {
          await puts.settled();
          await queue.drained();
          await cleanUp();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
}

function pointEnvironmentAt(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
