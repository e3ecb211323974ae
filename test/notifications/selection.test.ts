/**
 * Who gets a reminder and what a digest says, on a fixture quarter: a city that reported on time,
 * one whose uploads were all rejected, one that reported late, one that sent nothing, and one whose
 * period is locked; and on which days the daily run sends them.
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter, quarterDeadline } from '#shared/domain/period.ts';
import type { PeriodLock } from '#shared/domain/submission.ts';
import { digestMessage, reminderMessage } from '#shared/notifications/messages.ts';
import {
  type CityQuarterState,
  digestRows,
  dueNotifications,
  reminderTargets,
  scheduledRunTimes,
} from '#shared/notifications/selection.ts';
import { aCurrentSheet, anUploadRecord } from '../support/submissionBuilders.ts';
import { aCity } from './builders.ts';

const period = '2024Q3';
const deadline = quarterDeadline(parseQuarter(period), 15); // 2024-10-15 23:59:59.999 +08:00

function fixtureQuarter(): { states: CityQuarterState[]; locks: PeriodLock[] } {
  const onTime = '2024-10-08T02:00:00.000Z';
  const late = '2024-10-17T03:00:00.000Z';
  return {
    states: [
      {
        city: aCity('440300'),
        core: aCurrentSheet({ city: '440300', eventTime: onTime, firstAcceptedAt: onTime }),
        uploads: [
          anUploadRecord({ city: '440300', eventTime: onTime, status: 'accepted', acceptedKinds: ['core'] }),
        ],
      },
      {
        city: aCity('330100'),
        core: undefined,
        uploads: [
          anUploadRecord({
            city: '330100',
            uploadId: 'u1',
            eventTime: '2024-10-09T01:00:00.000Z',
            status: 'rejected',
          }),
          anUploadRecord({
            city: '330100',
            uploadId: 'u2',
            eventTime: '2024-10-10T01:00:00.000Z',
            status: 'rejected',
          }),
        ],
      },
      {
        city: aCity('510100'),
        core: aCurrentSheet({ city: '510100', eventTime: late, firstAcceptedAt: late }),
        uploads: [
          anUploadRecord({ city: '510100', eventTime: late, status: 'accepted', acceptedKinds: ['core'] }),
        ],
      },
      { city: aCity('320500'), core: undefined, uploads: [] },
      { city: aCity('420100'), core: undefined, uploads: [] },
    ],
    locks: [{ period, city: '420100', lockedAt: '2024-10-01T00:00:00.000Z' }],
  };
}

describe('the submission state of each city in a digest', () => {
  it('tells on time, rejected only, late, not reported and locked apart, with upload times', () => {
    const { states, locks } = fixtureQuarter();

    const rows = digestRows(period, states, locks, deadline);

    expect(rows.map((row) => [row.code, row.submission, row.locked, row.uploadTimes.length])).toEqual([
      ['440300', 'on_time', false, 1],
      ['330100', 'rejected_only', false, 2],
      ['510100', 'late', false, 1],
      ['320500', 'not_reported', false, 0],
      ['420100', 'not_reported', true, 0],
    ]);
  });

  it('leaves out a city whose programme does not cover the quarter', () => {
    const { states, locks } = fixtureQuarter();
    const later = { ...states[0], city: aCity('610100', { programmeStart: '2025Q1' }) } as CityQuarterState;

    expect(digestRows(period, [later], locks, deadline)).toEqual([]);
  });
});

describe('reminders', () => {
  it('go to the cities without an accepted 核心指标, not to a locked one', () => {
    const { states, locks } = fixtureQuarter();
    // A week before the deadline the late city had not uploaded yet.
    const beforeLate = states.map((state) =>
      state.city.code === '510100' ? { ...state, core: undefined, uploads: [] } : state,
    );

    const targets = reminderTargets(digestRows(period, beforeLate, locks, deadline));

    expect(targets.map((row) => [row.code, row.submission])).toEqual([
      ['330100', 'rejected_only'],
      ['510100', 'not_reported'],
      ['320500', 'not_reported'],
    ]);
  });

  it('say how many days are left and why, with a deterministic id', () => {
    const message = reminderMessage({
      city: aCity('330100'),
      period,
      deadline,
      daysBefore: 7,
      state: 'rejected_only',
      at: new Date('2024-10-08T01:00:00.000Z'),
    });

    expect(message.id).toBe('reminder.330100.2024Q3.d7');
    expect(message.subject).toBe('【提醒】杭州市 2024Q3 报送截止还有 7 天（2024-10-15）');
    expect(message.text).toContain('核心指标均未通过校验');
    expect(message.to.map((contact) => contact.email)).toEqual(['stats-330100@example.org']);
  });
});

describe('the daily run', () => {
  const at = (iso: string) => new Date(iso);

  it('sends the 7-day and 2-day reminders on their China dates', () => {
    expect(dueNotifications(at('2024-10-08T01:00:00Z'), 15, [7, 2]).reminders).toEqual([
      { period, daysBefore: 7, deadline },
    ]);
    expect(dueNotifications(at('2024-10-13T01:00:00Z'), 15, [7, 2]).reminders).toEqual([
      { period, daysBefore: 2, deadline },
    ]);
    expect(dueNotifications(at('2024-10-09T01:00:00Z'), 15, [7, 2])).toEqual({ reminders: [], digests: [] });
  });

  it('sends the digest on the day after the deadline, China time', () => {
    // 2024-10-15T17:00Z is already 01:00 on the 16th in China.
    expect(dueNotifications(at('2024-10-15T17:00:00Z'), 15, [7, 2]).digests).toEqual([{ period, deadline }]);
    expect(dueNotifications(at('2024-10-15T15:00:00Z'), 15, [7, 2]).digests).toEqual([]);
  });

  it('follows a configured deadline and reminder days', () => {
    const due = dueNotifications(at('2024-10-25T01:00:00Z'), 30, [5]);
    expect(due.reminders.map(({ period: p, daysBefore }) => [p, daysBefore])).toEqual([[period, 5]]);
  });

  it('runs, for a pipeline, at 09:00 China time on each of those days', () => {
    expect(scheduledRunTimes([period], 15, [7, 2]).map((time) => time.toISOString())).toEqual([
      '2024-10-08T01:00:00.000Z',
      '2024-10-13T01:00:00.000Z',
      '2024-10-16T01:00:00.000Z',
    ]);
  });
});

describe('digest messages', () => {
  it('give the analysts the counts, each group with upload times, the locks and the cities without contacts', () => {
    const { states, locks } = fixtureQuarter();
    const rows = digestRows(period, states, locks, deadline);

    const message = digestMessage({
      audience: { kind: 'analysts', contacts: [{ name: '分析组', email: 'analysts@example.org' }] },
      period,
      deadline,
      rows,
      withoutContacts: [aCity('500112', { contacts: [] })],
      at: new Date('2024-10-16T01:00:00.000Z'),
    });

    expect(message.id).toBe('digest.analysts.2024Q3');
    expect(message.subject).toBe('【报送情况】全国 2024Q3：应报 5，已报 2，迟报 1，未报 2，仅被退回 1');
    expect(message.text).toContain('【未报送（2）】');
    expect(message.text).toContain('杭州市 | 330100 | — | 2024-10-09 09:00、2024-10-10 09:00 |');
    expect(message.text).toContain('成都市 | 510100 | 2024-10-17 11:00 | 2024-10-17 11:00 |');
    expect(message.text).toContain('武汉市 | 420100 | — | 无上传 | 已锁定');
    expect(message.text).toContain('重庆市渝北区（500112）');
  });

  it('give a province only its own cities', () => {
    const { states, locks } = fixtureQuarter();
    const rows = digestRows(period, states, locks, deadline).filter((row) => row.code.startsWith('44'));

    const message = digestMessage({
      audience: {
        kind: 'province',
        province: {
          code: '440000',
          name: '广东省知识产权局',
          contacts: [{ name: '运营处', email: 'gd@example.org' }],
        },
      },
      period,
      deadline,
      rows,
      at: new Date('2024-10-16T01:00:00.000Z'),
    });

    expect(message.scope).toBe('440000');
    expect(message.text).toContain('深圳市');
    expect(message.text).not.toContain('杭州市');
  });
});
