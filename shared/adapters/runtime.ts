/**
 * What a Lambda handler works with: configuration, clients and stores, built once on first use
 * (cold start) and reused by every invocation. The embedded stack resets it when it points the
 * environment at a new s3rver / dynalite.
 */
import { cachedRegistry } from '../api/registryCache.ts';
import type { City } from '../domain/registry.ts';
import {
  type Mailer,
  type NotificationLog,
  type ObjectStore,
  type ReportJobQueue,
  type TablePorts,
  tablePorts,
} from '../ports.ts';
import type { ReportJobSettings } from '../reports/reportJobs.ts';
import { type AwsClients, createAwsClients, destroyAwsClients } from './clients.ts';
import { type AppConfig, appConfig, type NotificationConfig, resetAppConfig } from './config.ts';
import { createDynamoNotificationLog } from './dynamoNotificationLog.ts';
import { createDynamoSubmissionStore } from './dynamoSubmissionStore.ts';
import { createTelemetry, type Telemetry } from './logger.ts';
import { type ClosableMailer, createOutboxMailer, createSmtpMailer, teeMailer } from './mailers.ts';
import { loadRegistry } from './registryStore.ts';
import { createS3ObjectStore } from './s3ObjectStore.ts';

export interface Runtime extends TablePorts {
  config: AppConfig;
  clients: AwsClients;
  objects: ObjectStore;
  notificationLog: NotificationLog;
  /** Absent when notifications are off (MAIL_TRANSPORT=none). */
  mailer?: Mailer;
  /** Present when REPORT_QUEUE_URL is set: roll-ups hand large report sets to the report worker. */
  reportJobs?: ReportJobSettings;
  telemetry: Telemetry;
  /**
   * The city registry (`REGISTRY_KEY`), read from the bucket once per container and again at most
   * once a minute: ingest and the API do not pay a GET and a parse on every invocation, and a
   * changed registry applies within a minute.
   */
  registry(): Promise<readonly City[]>;
  /** Closes the mailer's connections (SMTP) and the SDK clients. */
  close(): void;
}

export interface RuntimeSettings {
  /** Errors-only logs and no metrics: handlers run inside the CLI. */
  quiet?: boolean;
}

let settings: RuntimeSettings = {};
let current: Runtime | undefined;

export function runtime(): Runtime {
  current ??= createRuntime(appConfig(), settings);
  return current;
}

/** Drops the cached runtime (and its connections); the next `runtime()` reads the environment again. */
export function resetRuntime(next: RuntimeSettings = {}): void {
  current?.close();
  current = undefined;
  settings = next;
  resetAppConfig();
}

export function createRuntime(config: AppConfig, options: RuntimeSettings = {}): Runtime {
  const clients = createAwsClients(config);
  const mail = createMailer(config.notifications, config.region);
  const jobs = config.reportJobs ? reportJobQueue(config.reportJobs.queueUrl, config.region) : undefined;
  const objects = createS3ObjectStore(clients.s3, config.dataBucket);
  return {
    config,
    clients,
    objects,
    registry: cachedRegistry(() => loadRegistry(objects, config.registryKey)),
    ...tablePorts(createDynamoSubmissionStore({ client: clients.documents, tableName: config.tableName })),
    notificationLog: createDynamoNotificationLog({ client: clients.documents, tableName: config.tableName }),
    ...(mail ? { mailer: mail.mailer } : {}),
    ...(jobs && config.reportJobs
      ? {
          reportJobs: {
            queue: jobs.queue,
            inlineUnits: config.reportJobs.inlineUnits,
            unitsPerJob: config.reportJobs.unitsPerJob,
          },
        }
      : {}),
    close() {
      mail?.close();
      jobs?.close();
      destroyAwsClients(clients);
    },
    telemetry: createTelemetry({
      serviceName: config.serviceName,
      metricsNamespace: config.metricsNamespace,
      logLevel: config.logLevel,
      quiet: options.quiet ?? false,
    }),
  };
}

function createMailer(
  config: NotificationConfig,
  region: string | undefined,
): { mailer: Mailer; close(): void } | undefined {
  if (config.transport === 'none' || !config.from) return undefined;
  const sender = { address: config.from, name: config.fromName };
  const outbox = config.outboxDirectory
    ? createOutboxMailer({ directory: config.outboxDirectory, sender })
    : undefined;
  if (config.transport === 'outbox' && outbox) return { mailer: outbox, close() {} };
  if (config.transport === 'smtp' && config.smtpUrl) {
    const smtp: ClosableMailer = createSmtpMailer({ url: config.smtpUrl, sender });
    return { mailer: outbox ? teeMailer([smtp, outbox]) : smtp, close: () => smtp.close() };
  }
  // The API and the report worker never send mail, so they never load the SES client (some 10 ms
  // at a cold start); the functions that mail on their common path import ./sesMailer.ts at init
  // (functions/ingest.ts, notify.ts, rollup.ts), where this import finds it already loaded.
  const ses = loadedOnFirstUse(() =>
    import('./sesMailer.ts').then(({ sesMailerInRegion }) =>
      sesMailerInRegion(
        { sender, ...(config.sesIdentityArn ? { identityArn: config.sesIdentityArn } : {}) },
        region,
      ),
    ),
  );
  return { mailer: { send: async (message) => (await ses.use()).mailer.send(message) }, close: ses.close };
}

/** The report-job queue; only the rollup function sends jobs (it imports the module at init). */
function reportJobQueue(
  queueUrl: string,
  region: string | undefined,
): { queue: ReportJobQueue; close(): void } {
  const sqs = loadedOnFirstUse(() =>
    import('./sqsReportJobQueue.ts').then(({ sqsReportJobQueueInRegion }) =>
      sqsReportJobQueueInRegion(queueUrl, region),
    ),
  );
  return { queue: { send: async (jobs) => (await sqs.use()).queue.send(jobs) }, close: sqs.close };
}

/**
 * An adapter whose module (and SDK client) is imported when it is first used rather than with
 * this module, for a client that some functions never use; `close` closes it if it was loaded.
 */
function loadedOnFirstUse<T extends { close(): void }>(
  load: () => Promise<T>,
): { use(): Promise<T>; close(): void } {
  let loaded: Promise<T> | undefined;
  return {
    use: () => {
      loaded ??= load();
      return loaded;
    },
    close: () => void loaded?.then((adapter) => adapter.close()),
  };
}
