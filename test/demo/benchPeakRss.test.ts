import { describe, expect, it } from 'vitest';
import { runInFreshProcess } from '../support/freshProcess.ts';

describe('benchmark peak RSS', () => {
  it('is the child’s own peak, not that of the larger process it was started from', async () => {
    // Prepare: this process holds 400 MB more than any fresh Node process needs.
    const held = Buffer.alloc(400 * 1024 * 1024, 1);

    // Act: a child reads its own peak (forked from this process, as the benchmark starts its children).
    const child = await runInFreshProcess<{ peak: number }>(`
      const { peakRssMb } = await import('#bench/stats.ts');
      process.stdout.write(JSON.stringify({ peak: peakRssMb() }));
    `);

    // Assess: getrusage's maxRSS would report at least this process's RSS.
    expect(held.length).toBeGreaterThan(0);
    expect(process.memoryUsage().rss / 1024 / 1024).toBeGreaterThan(400);
    expect(child.peak).toBeGreaterThan(10);
    expect(child.peak).toBeLessThan(300);
  });
});
