import { describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '#embedded/deliveryQueue.ts';

describe('delivery queue', () => {
  it('hands events to the function one at a time, in order', async () => {
    const log: string[] = [];
    const queue = createDeliveryQueue(async (name: string) => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, name === 'a' ? 20 : 0));
      log.push(`end ${name}`);
      return name.toUpperCase();
    });

    const results = await Promise.all([queue.deliver('a'), queue.deliver('b')]);

    expect(results).toEqual(['A', 'B']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('retries a failing invocation twice, like asynchronous Lambda invocations', async () => {
    let attempts = 0;
    const queue = createDeliveryQueue(async () => {
      attempts++;
      if (attempts < 3) throw new Error('throttled');
      return 'ok';
    });

    await expect(queue.deliver('x')).resolves.toBe('ok');
    expect(attempts).toBe(3);
  });

  it('reports the failure after the last retry and carries on with the next event', async () => {
    const queue = createDeliveryQueue(async (name: string) => {
      if (name === 'bad') throw new Error('boom');
      return name;
    });

    const bad = queue.deliver('bad');
    const good = queue.deliver('good');

    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toBe('good');
    await queue.drained();
  });
});
