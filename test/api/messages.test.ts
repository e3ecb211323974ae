/**
 * `GET /api/messages`: each caller sees the messages of its own mailboxes and nothing of another
 * city's — a city its own, a province its digests and its cities', an analyst every mailbox.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type UserName } from './support/apiHarness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

async function messageIds(user: UserName, query = ''): Promise<string[]> {
  const response = await harness.call(user, 'GET', `/api/messages${query}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { messages: Array<{ id: string }> };
  return body.messages.map((message) => message.id).sort();
}

describe('GET /api/messages', () => {
  it('gives a city only the messages of its own mailbox', async () => {
    expect(await messageIds('shenzhen')).toEqual([
      'reminder.440300.2024Q3.d7',
      'upload-result.440300.2024Q3.20241010T020304Z-aaaaaaaaaaaa',
    ]);
    expect(await messageIds('hangzhou')).toEqual([
      'upload-result.330100.2024Q3.20241011T020304Z-bbbbbbbbbbbb',
    ]);
  });

  it('gives a province its own digest and its cities’ messages, not another province’s', async () => {
    expect(await messageIds('guangdong')).toEqual([
      'digest.440000.2024Q3',
      'reminder.440300.2024Q3.d7',
      'upload-result.440300.2024Q3.20241010T020304Z-aaaaaaaaaaaa',
    ]);
    expect(await messageIds('zhejiang')).toEqual([
      'upload-result.330100.2024Q3.20241011T020304Z-bbbbbbbbbbbb',
    ]);
  });

  it('gives an analyst every mailbox, filtered by period and kind when asked', async () => {
    expect(await messageIds('analyst')).toHaveLength(5);
    expect(await messageIds('analyst', '?kind=digest')).toEqual([
      'digest.440000.2024Q3',
      'digest.analysts.2024Q3',
    ]);
    expect(await messageIds('analyst', '?period=2024Q2')).toEqual([]);
  });

  it('answers 403 for another city’s mailbox, the same whether it has messages or not', async () => {
    const other = await harness.call('shenzhen', 'GET', '/api/messages?city=330100');
    const unknown = await harness.call('shenzhen', 'GET', '/api/messages?city=999999');

    expect([other.status, unknown.status]).toEqual([403, 403]);
    expect(await other.text()).toBe(await unknown.text());
    expect(await messageIds('shenzhen', '?city=440300')).toHaveLength(2);
  });

  it('refuses a bad kind or period in Chinese', async () => {
    const response = await harness.call('analyst', 'GET', '/api/messages?kind=spam');

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('kind 应为');
  });

  it('answers 401 without a token', async () => {
    expect((await harness.call(undefined, 'GET', '/api/messages')).status).toBe(401);
  });
});
