/** Small numeric helpers for the benchmark figures. */
import { readFileSync } from 'node:fs';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds to `digits` significant decimals for display and JSON (never for comparisons). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const MB = 1024 * 1024;

/**
 * Peak resident set size of this process so far, MB: on Linux VmHWM from /proc/self/status, the
 * high-water mark of this program's own memory. `getrusage`'s maxRSS (`process.resourceUsage()`)
 * survives exec: a child forked from the benchmark process starts with the parent's RSS as its
 * peak, so every parse child reported at least the parent's (105.6 MB for all CSV cases, bare and
 * floor too, once the parent had written the 100,000-row workbook; 57 MB in a child started alone).
 */
export function peakRssMb(): number {
  try {
    const found = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (found) return Number(found[1]) / 1024;
  } catch {
    // Not Linux: the rusage figure.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Wall-clock and CPU time (user + system, every thread of the process) from now until `stop()`. */
export function startClock(): { stop(): { seconds: number; cpuSeconds: number } } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
    },
  };
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
