/**
 * Notifications from the real handlers on the embedded stack: the ingest function writes the
 * city's result to the outbox, a redelivered S3 event writes nothing more, the daily run sends
 * reminders and the digest, and a roll-up and each batch's assessment send their notes to the
 * analysts (once, however often the roll-up function is invoked for them).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectCreatedEvent } from '#embedded/s3Events.ts';
import { type EmbeddedStack, LOCAL_SENDER, startEmbeddedStack } from '#embedded/stack.ts';
import { handler as ingestHandler } from '#functions/ingest.ts';
import { createDynamoNotificationLog } from '#shared/adapters/dynamoNotificationLog.ts';
import { coreCsv } from '../cli/support/uploadFiles.ts';
import { aCity, someRecipients } from './builders.ts';

let stack: EmbeddedStack;
let outbox: string;

beforeAll(async () => {
  outbox = await mkdtemp(join(tmpdir(), 'ipstats-outbox-'));
  stack = await startEmbeddedStack({
    registry: [aCity('440300'), aCity('330100'), aCity('500112', { contacts: [] })],
    recipients: someRecipients(),
    mail: { outboxDirectory: outbox, portalUrl: 'https://portal.example.org' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await rm(outbox, { recursive: true, force: true });
});

const files = async () => (await readdir(outbox)).filter((name) => name.endsWith('.eml')).sort();
const parse = async (name: string) => simpleParser(await readFile(join(outbox, name)));

describe('notifications through the embedded stack', () => {
  it('sends the city the result of its upload once, even when S3 delivers the event again', async () => {
    const result = await stack.upload('uploads/440300/2024Q3/indicators.csv', coreCsv(), {
      eventTime: new Date('2024-10-08T02:00:00Z'),
    });
    const [upload] = result.uploads;
    const record = await stack.uploads.getUpload('440300', '2024Q3', upload?.uploadId ?? '');
    const redelivered = objectCreatedEvent(
      {
        bucket: stack.bucket,
        key: record?.key ?? '',
        size: record?.size ?? 0,
        eTag: record?.etag ?? '',
        ...(record?.versionId ? { versionId: record.versionId } : {}),
        eventTime: new Date(record?.eventTime ?? ''),
        sequencer: record?.sequencer ?? '',
      },
      { region: 'us-east-1', principalId: 'LOCALIPSTATS0000', configurationId: 'ipstats-ingest' },
    );

    const again = await ingestHandler(redelivered);

    expect(again.uploads[0]?.duplicate).toBe(true);
    const sent = (await files()).filter((name) => name.includes('upload-result.440300'));
    expect(sent).toHaveLength(1);
    const message = await parse(sent[0] as string);
    expect(message.subject).toBe('【通过】深圳市 2024Q3 报送校验结果：indicators.csv');
    expect(message.from?.value[0]?.address).toBe(LOCAL_SENDER);
    expect(message.text).toContain('https://portal.example.org');
    const log = createDynamoNotificationLog({ client: stack.clients.documents, tableName: stack.tableName });
    expect((await log.list('440300')).map((entry) => [entry.kind, entry.status])).toEqual([
      ['upload_result', 'sent'],
    ]);
  });

  it('reminds the cities that have not reported, a week before the deadline, once', async () => {
    await stack.notify({ now: '2024-10-08T01:00:00.000Z' });
    await stack.notify({ now: '2024-10-08T03:00:00.000Z' });

    const reminders = (await files()).filter((name) => name.includes('reminder.'));
    // 440300 reported; 500112 has no contact (recorded, not sent).
    expect(reminders).toEqual(['20241008T010000Z-reminder.330100.2024Q3.d7.eml']);
    const log = createDynamoNotificationLog({ client: stack.clients.documents, tableName: stack.tableName });
    expect((await log.list('500112')).map((entry) => [entry.id, entry.status])).toEqual([
      ['reminder.500112.2024Q3.d7', 'no_recipients'],
    ]);
  });

  it('sends the digest to the analysts and to each province the day after the deadline', async () => {
    const result = await stack.notify({ now: '2024-10-16T01:00:00.000Z' });

    expect(result.messages.map((message) => [message.id, message.outcome])).toEqual([
      ['digest.analysts.2024Q3', 'sent'],
      ['digest.440000.2024Q3', 'sent'],
    ]);
    const digest = await parse('20241016T010000Z-digest.analysts.2024Q3.eml');
    expect(digest.subject).toBe('【报送情况】全国 2024Q3：应报 3，已报 1，迟报 0，未报 2，仅被退回 0');
    expect(digest.text).toContain('重庆市渝北区（500112）');
  });

  it('tells the analysts about a published roll-up, with the report keys', async () => {
    await stack.rollup({ period: '2024Q3', now: '2024-10-16T02:00:00.000Z' });

    const note = await parse('20241016T020000Z-rollup.2024Q3.20241016T020000Z.eml');
    expect(note.subject).toBe('【已发布】2024Q3 汇总报告');
    expect(note.text).toContain('reports/national/2024Q3/national-summary-2024Q3.xlsx');
  });

  it("tells the analysts about each batch's published assessment, with the keys, once", async () => {
    const request = { assessYears: [2023], now: '2024-01-16T02:00:00.000Z' };

    const result = await stack.rollup(request);
    await stack.rollup(request);

    expect(result.assessments.map(({ batch, year }) => [batch, year])).toEqual([
      [2022, 2023],
      [2023, 2023],
    ]);
    const notes = (await files()).filter((name) => name.includes('-assessment.'));
    expect(notes).toEqual([
      '20240116T020000Z-assessment.2023.b2022.20240116T020000Z.eml',
      '20240116T020000Z-assessment.2023.b2023.20240116T020000Z.eml',
    ]);
    const note = await parse(notes[0] as string);
    expect(note.subject).toBe('【已发布】2022 年度批次 2023 年度绩效评价结果');
    expect(note.to && !Array.isArray(note.to) ? note.to.value[0]?.address : undefined).toBe(
      'analysts@example.org',
    );
    expect(note.text).toContain('reports/assessments/2022/2023/assessment-2022-2023.xlsx');
    expect(note.text).toContain('评价城市 2 个');
  });
});
