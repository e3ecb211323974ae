/**
 * Structured logs and CloudWatch metrics (Powertools, EMF on stdout). The CLI runs the same
 * handlers in-process, where JSON log lines and EMF blobs would drown its own output: quiet
 * mode logs errors only and records no metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { Logger as AppLogger } from '../ports.ts';

export interface Telemetry {
  logger: AppLogger;
  /** Tags the invocation's log lines with the request id and function name. */
  startInvocation(context: Context | undefined): void;
  /** One upload processed: counted by final status, its accepted rows summed. */
  uploadProcessed(status: string, rowsIngested: number): void;
  rollupCompleted(period: string, durationMs: number): void;
  /** Publishes buffered metrics (end of each invocation). */
  flush(): void;
}

export interface TelemetryOptions {
  serviceName: string;
  metricsNamespace: string;
  logLevel?: string;
  /** CLI mode: errors only, no metrics. */
  quiet?: boolean;
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const logger = new Logger({
    serviceName: options.serviceName,
    logLevel: (options.quiet ? 'ERROR' : (options.logLevel ?? 'INFO').toUpperCase()) as 'INFO',
  });
  if (options.quiet) {
    return { logger, startInvocation() {}, uploadProcessed() {}, rollupCompleted() {}, flush() {} };
  }
  const metrics = new Metrics({ namespace: options.metricsNamespace, serviceName: options.serviceName });
  return {
    logger,
    startInvocation(context) {
      if (context) logger.addContext(context);
    },
    uploadProcessed(status, rowsIngested) {
      metrics
        .singleMetric()
        .addDimension('status', status)
        .addMetric('UploadsProcessed', MetricUnit.Count, 1);
      if (rowsIngested > 0) metrics.addMetric('RowsIngested', MetricUnit.Count, rowsIngested);
    },
    rollupCompleted(period, durationMs) {
      metrics
        .singleMetric()
        .addDimension('periodKind', /Q/.test(period) ? 'quarter' : 'year')
        .addMetric('RollupDuration', MetricUnit.Milliseconds, durationMs);
    },
    flush() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
