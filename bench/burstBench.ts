/**
 * Upload latency on the embedded stack (run inside a child process): the demo's uploads, from the
 * PutObject to the ingest function's result, first one at a time ("single"), then on a fresh stack
 * all at once ("burst", as when every city uploads in the last hour), delivered with the given
 * ingest concurrency.
 */
import { generateDemoUploads } from '#demo/index.ts';
import { startEmbeddedStack } from '#embedded/stack.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { peakRssMb, percentile } from './stats.ts';

export interface BurstRunArgs {
  mode: 'single' | 'burst';
  concurrency: number;
  /** Ingest worker threads (`ingestThreads` of the stack); absent or 0: ingest on the main thread. */
  threads?: number;
}

export interface BurstRunResult {
  mode: BurstRunArgs['mode'];
  concurrency: number;
  threads: number;
  uploads: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
  /** From the first PutObject to the last result. */
  totalSeconds: number;
  /** CPU seconds of the process meanwhile (s3rver, dynalite and the handler, every thread: all of the stack). */
  cpuSeconds: number;
  peakRssMb: number;
}

export async function runBurst(args: BurstRunArgs): Promise<BurstRunResult> {
  const uploads = await generateDemoUploads({ registry: DEFAULT_REGISTRY });
  const threads = args.threads ?? 0;
  const stack = await startEmbeddedStack({
    registry: DEFAULT_REGISTRY,
    ingestConcurrency: args.concurrency,
    ingestThreads: threads,
  });
  try {
    const latencies: number[] = [];
    const send = async (upload: (typeof uploads)[number]) => {
      const started = performance.now();
      await stack.upload(`uploads/${upload.city}/${upload.period}/${upload.fileName}`, upload.body, {
        eventTime: upload.uploadedAt,
      });
      latencies.push((performance.now() - started) / 1000);
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    if (args.mode === 'single') for (const upload of uploads) await send(upload);
    else await Promise.all(uploads.map(send));
    const totalSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      mode: args.mode,
      concurrency: args.concurrency,
      threads,
      uploads: uploads.length,
      p50Seconds: percentile(latencies, 50),
      p95Seconds: percentile(latencies, 95),
      maxSeconds: Math.max(...latencies),
      totalSeconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await stack.stop();
  }
}
