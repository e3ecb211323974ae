/**
 * What a Lambda handler works with: configuration, clients and stores, built once on first use
 * (cold start) and reused by every invocation. The embedded stack resets it when it points the
 * environment at a new s3rver / dynalite.
 */
import { type ObjectStore, type TablePorts, tablePorts } from '../ports.ts';
import { type AwsClients, createAwsClients, destroyAwsClients } from './clients.ts';
import { type AppConfig, appConfig, resetAppConfig } from './config.ts';
import { createDynamoSubmissionStore } from './dynamoSubmissionStore.ts';
import { createTelemetry, type Telemetry } from './logger.ts';
import { createS3ObjectStore } from './s3ObjectStore.ts';

export interface Runtime extends TablePorts {
  config: AppConfig;
  clients: AwsClients;
  objects: ObjectStore;
  telemetry: Telemetry;
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
  if (current) destroyAwsClients(current.clients);
  current = undefined;
  settings = next;
  resetAppConfig();
}

export function createRuntime(config: AppConfig, options: RuntimeSettings = {}): Runtime {
  const clients = createAwsClients(config);
  return {
    config,
    clients,
    objects: createS3ObjectStore(clients.s3, config.dataBucket),
    ...tablePorts(createDynamoSubmissionStore({ client: clients.documents, tableName: config.tableName })),
    telemetry: createTelemetry({
      serviceName: config.serviceName,
      metricsNamespace: config.metricsNamespace,
      logLevel: config.logLevel,
      quiet: options.quiet ?? false,
    }),
  };
}
