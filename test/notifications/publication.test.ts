/**
 * The analysts' notes after a publication: a batch's assessment of a year (with its keys and its
 * grades) and a period's roll-up, composed as MIME and parsed back with mailparser, sent once
 * through the notification log however often the publication is reported.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '#shared/adapters/mime.ts';
import type { AssessmentSummary } from '#shared/assessment/assessBatch.ts';
import type { OutgoingMessage } from '#shared/domain/notification.ts';
import { notifyAssessment, notifyRollup, type PublicationDeps } from '#shared/notifications/notify.ts';
import type { Mailer } from '#shared/ports.ts';
import { MemoryNotificationLog } from '../support/memoryNotificationLog.ts';
import { someRecipients } from './builders.ts';

const SENDER = { address: 'ipstats@example.org', name: '统计报送系统' };
const GENERATED_AT = '2024-01-16T02:00:00.000Z';

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage) {
    this.sent.push(message);
    return { providerId: `id-${this.sent.length}` };
  }
}

function depsWith(mailer: RecordingMailer, log = new MemoryNotificationLog()): PublicationDeps {
  return { log, mailer, recipients: someRecipients(), portalUrl: 'https://portal.example.org' };
}

type AssessedCity = AssessmentSummary['cities'][number];

function anAssessedCity(code: string, grade: AssessedCity['grade']): AssessedCity {
  return {
    code,
    name: `城市${code}`,
    score: grade ? 80 : null,
    grade,
    rank: grade ? 1 : null,
    recommendation: '',
  };
}

function anAssessment(batch = 2022, overrides: Partial<AssessmentSummary> = {}) {
  return {
    batch,
    year: 2023,
    generatedAt: GENERATED_AT,
    cities: [
      anAssessedCity('440300', '优秀'),
      anAssessedCity('330100', '良好'),
      anAssessedCity('320500', '良好'),
      anAssessedCity('500112', null),
    ],
    reportKeys: [
      `reports/assessments/${batch}/2023/assessment-${batch}-2023.xlsx`,
      `reports/assessments/${batch}/2023/assessment-${batch}-2023.json`,
    ],
    ...overrides,
  };
}

async function parsed(message: OutgoingMessage | undefined) {
  if (!message) throw new Error('nothing was sent');
  return simpleParser(await composeMime(message, SENDER));
}

describe('the note after an assessment is published', () => {
  it('tells the analysts which batch and year, the grades and the keys, in an encoded Chinese subject', async () => {
    const mailer = new RecordingMailer();

    const delivered = await notifyAssessment(anAssessment(), depsWith(mailer));
    const mail = await parsed(mailer.sent[0]);
    const raw = (await composeMime(mailer.sent[0] as OutgoingMessage, SENDER)).toString('utf8');

    expect(delivered).toEqual([
      { id: 'assessment.2023.b2022.20240116T020000Z', kind: 'assessment', outcome: 'sent' },
    ]);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(mail.subject).toBe('【已发布】2022 年度批次 2023 年度绩效评价结果');
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value.map((address) => address.address)).toEqual(['analysts@example.org']);
    expect(mail.text).toContain('2022 年度批次 2023 年度绩效评价结果已于 2024-01-16 10:00（北京时间）发布。');
    expect(mail.text).toContain('评价城市 4 个：优秀 1 个，良好 2 个，未评定等级 1 个。');
    expect(mail.text).toContain('reports/assessments/2022/2023/assessment-2022-2023.xlsx');
    expect(mail.text).toContain('reports/assessments/2022/2023/assessment-2022-2023.json');
    expect(mail.html).toContain('<li>reports/assessments/2022/2023/assessment-2022-2023.json</li>');
    expect(mail.text).toContain('https://portal.example.org');
  });

  it('sends one note however often the same publication is reported (a retried invocation)', async () => {
    const mailer = new RecordingMailer();
    const deps = depsWith(mailer);

    const first = await notifyAssessment(anAssessment(), deps);
    const again = await notifyAssessment(anAssessment(), deps);

    expect([first[0]?.outcome, again[0]?.outcome]).toEqual(['sent', 'duplicate']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends one note for each batch assessed for the same year at the same time', async () => {
    const mailer = new RecordingMailer();
    const deps = depsWith(mailer);

    await notifyAssessment(anAssessment(2021), deps);
    await notifyAssessment(anAssessment(2022), deps);

    expect(mailer.sent.map((message) => message.subject)).toEqual([
      '【已发布】2021 年度批次 2023 年度绩效评价结果',
      '【已发布】2022 年度批次 2023 年度绩效评价结果',
    ]);
  });

  it('records the note as having no recipient when no analyst address is configured, and sends nothing', async () => {
    const mailer = new RecordingMailer();
    const log = new MemoryNotificationLog();

    const delivered = await notifyAssessment(anAssessment(), {
      ...depsWith(mailer, log),
      recipients: { analysts: [], provinces: [] },
    });

    expect(delivered[0]?.outcome).toBe('no_recipients');
    expect(mailer.sent).toEqual([]);
  });
});

describe('the note after a roll-up is published', () => {
  it('gives the period, the completeness and the keys', async () => {
    const mailer = new RecordingMailer();

    await notifyRollup(
      {
        period: '2024Q3',
        generatedAt: '2024-10-16T02:00:00.000Z',
        completeness: {
          expected: 12,
          reported: 10,
          onTime: 9,
          late: 1,
          notReported: 2,
          rejectedOnly: 0,
          notDue: 0,
          rate: 10 / 12,
        },
        reportKeys: ['reports/national/2024Q3/national-summary-2024Q3.xlsx'],
      },
      depsWith(mailer),
    );
    const mail = await parsed(mailer.sent[0]);

    expect(mailer.sent[0]?.id).toBe('rollup.2024Q3.20241016T020000Z');
    expect(mail.subject).toBe('【已发布】2024Q3 汇总报告');
    expect(mail.text).toContain('应报 12 个城市，已报 10 个（迟报 1），未报 2 个。');
    expect(mail.text).toContain('reports/national/2024Q3/national-summary-2024Q3.xlsx');
  });
});
