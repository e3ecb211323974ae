import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from '#shared/adapters/logger.ts';

/** Every JSON document written to stdout while `act` runs. */
function captureStdout(act: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('telemetry', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('publishes uploads by status, rows ingested and roll-up duration as CloudWatch metrics', () => {
    const telemetry = createTelemetry({ serviceName: 'ipstats-test', metricsNamespace: 'ipstats' });

    const documents = captureStdout(() => {
      telemetry.uploadProcessed('accepted', 42);
      telemetry.rollupCompleted('2024Q3', 1234);
      telemetry.flush();
    });

    const metric = (name: string) => documents.find((document) => name in document);
    expect(metric('UploadsProcessed')).toMatchObject({ status: 'accepted', UploadsProcessed: 1 });
    expect(metric('RowsIngested')).toMatchObject({ RowsIngested: 42 });
    expect(metric('RollupDuration')).toMatchObject({ periodKind: 'quarter', RollupDuration: 1234 });
  });

  it('writes nothing below errors and no metrics in quiet mode', () => {
    const telemetry = createTelemetry({
      serviceName: 'ipstats-test',
      metricsNamespace: 'ipstats',
      quiet: true,
    });

    const documents = captureStdout(() => {
      telemetry.logger.info('upload ingested');
      telemetry.uploadProcessed('rejected', 0);
      telemetry.flush();
    });

    expect(documents).toEqual([]);
  });
});
