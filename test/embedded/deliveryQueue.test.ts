import { describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '#embedded/deliveryQueue.ts';

describe('delivery queue', () => {
  it('hands events of one ordering key to the function one at a time, in order', async () => {
    const log: string[] = [];
    const queue = createDeliveryQueue(
      async (name: string) => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, name === 'a' ? 20 : 0));
        log.push(`end ${name}`);
        return name.toUpperCase();
      },
      { orderingKey: () => 'uploads/440300/2024Q3/a.xlsx' },
    );

    const results = await Promise.all([queue.deliver('a'), queue.deliver('b')]);

    expect(results).toEqual(['A', 'B']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('delivers events of different keys at the same time, never more than the limit', async () => {
    // Prepare: 12 keys, two events each; every invocation waits until released.
    let inFlight = 0;
    let most = 0;
    const order = new Map<string, number[]>();
    const queue = createDeliveryQueue(
      async (event: { key: string; seq: number }) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5 + (event.seq % 3)));
        order.set(event.key, [...(order.get(event.key) ?? []), event.seq]);
        inFlight--;
        return event.seq;
      },
      { concurrency: 4, orderingKey: (event) => event.key },
    );
    const events = Array.from({ length: 24 }, (_, seq) => ({ key: `k${seq % 12}`, seq }));

    // Act
    const results = await Promise.all(events.map((event) => queue.deliver(event)));
    await queue.drained();

    // Assess
    expect(results).toEqual(events.map((event) => event.seq));
    expect(most).toBe(4);
    for (const [key, seqs] of order) expect([key, seqs]).toEqual([key, [...seqs].sort((a, b) => a - b)]);
  });

  it('waits in drained() for events queued behind the limit', async () => {
    const handled: number[] = [];
    const queue = createDeliveryQueue(
      async (n: number) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        handled.push(n);
      },
      { concurrency: 2, orderingKey: String },
    );
    for (let n = 0; n < 7; n++) void queue.deliver(n);

    await queue.drained();

    expect(handled.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
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
