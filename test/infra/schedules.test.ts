import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { dailyCron, dayAfterDeadlineCron, type TimeOfDay } from '#infra/constructs/schedules.ts';
import { assessmentsFor } from '#shared/assessment/assessBatch.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { scheduledPeriods } from '#shared/rollup/rollupPeriod.ts';
import { logicalIdOf } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

const expression = (deadlineDays: number, hour: number, minute: number) =>
  events.Schedule.cron(dayAfterDeadlineCron(deadlineDays, { hour, minute })).expressionString;

describe('the day after a reporting deadline, in UTC', () => {
  it('is 18:00 UTC on the 15th for 02:00 China time on the 16th (deadline 15 days)', () => {
    expect(expression(15, 2, 0)).toBe('cron(0 18 15 1,4,7,10 ? *)');
  });

  it('stays on the China day from 08:00 China time', () => {
    expect(expression(15, 9, 30)).toBe('cron(30 1 16 1,4,7,10 ? *)');
    expect(expression(29, 8, 0)).toBe('cron(0 0 30 1,4,7,10 ? *)');
  });

  it('falls on the previous UTC day just before 08:00 China time', () => {
    expect(expression(10, 7, 59)).toBe('cron(59 23 10 1,4,7,10 ? *)');
  });

  it('falls on the last day of the quarter in UTC when the deadline is the quarter end itself', () => {
    expect(expression(0, 2, 0)).toBe('cron(0 18 L 12,3,6,9 ? *)');
  });
});

/** The instants a rule with these cron fields fires in `year` (fields as dayAfterDeadlineCron writes them). */
function firings(deadlineDays: number, chinaTime: TimeOfDay, year: number): Date[] {
  const cron = dayAfterDeadlineCron(deadlineDays, chinaTime);
  return (cron.month ?? '').split(',').map((month) => {
    const monthIndex = Number(month) - 1;
    const day =
      cron.day === 'L' ? new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate() : Number(cron.day);
    return new Date(Date.UTC(year, monthIndex, day, Number(cron.hour), Number(cron.minute)));
  });
}

describe('what each scheduled run reports on (the roll-up handler decides from the event time)', () => {
  const inMonthOrder = [['2024Q4', '2024'], ['2025Q1'], ['2025Q2'], ['2025Q3']];
  // A 0-day deadline fires on the last day of December, March, June and September in UTC (the
  // 1st of the next month in China); in cron month order December's firing comes first.
  const quarterEndFirst = [['2025Q4', '2025'], ['2025Q1'], ['2025Q2'], ['2025Q3']];

  it.each([
    [15, { hour: 2, minute: 0 }, inMonthOrder],
    [15, { hour: 9, minute: 30 }, inMonthOrder],
    [29, { hour: 8, minute: 0 }, inMonthOrder],
    [0, { hour: 2, minute: 0 }, quarterEndFirst],
  ])(
    'with a %i-day deadline at %j China time: the quarter just due, and in January its year too',
    (deadlineDays, time, expected) => {
      const periods = firings(deadlineDays, time, 2025).map((at) => scheduledPeriods(at, deadlineDays));

      expect(periods).toEqual(expected);
    },
  );
});

describe('which performance assessments each scheduled run publishes', () => {
  it('assesses, only in the run after the Q4 deadline, every batch whose programme covers the year just ended', () => {
    const years = firings(15, { hour: 2, minute: 0 }, 2025).map((at) =>
      scheduledPeriods(at, 15)
        .filter((period) => /^\d{4}$/.test(period))
        .map(Number),
    );

    // The default registry: batch 2022 runs 2022Q1–2024Q4, batch 2023 runs 2023Q1–2025Q4.
    expect(years.map((due) => assessmentsFor(DEFAULT_REGISTRY, due))).toEqual([
      [
        { batch: 2022, year: 2024 },
        { batch: 2023, year: 2024 },
      ],
      [],
      [],
      [],
    ]);
  });
});

describe('the scheduled roll-up', () => {
  let stateless: Template;
  let ruleId: string;
  let rollupId: string;
  let queueId: string;

  beforeAll(() => {
    ({ stateless } = synthIpstats({ 'ipstats:deadlineDays': 20, 'ipstats:rollupTimeChina': '03:15' }));
    ruleId = logicalIdOf(stateless, 'AWS::Events::Rule', 'RollupSchedulesAfterDeadline');
    rollupId = logicalIdOf(stateless, 'AWS::Lambda::Function', 'RollupFunction');
    queueId = logicalIdOf(stateless, 'AWS::SQS::Queue', 'RollupFailures');
  });

  it('says it also runs the yearly performance assessment', () => {
    expect(stateless.findResources('AWS::Events::Rule')[ruleId]?.Properties.Description).toContain(
      'performance assessment of every batch covering it',
    );
  });

  it('runs at the configured China time on the day after the configured deadline', () => {
    // 03:15 China time on day 21 = 19:15 UTC on day 20.
    expect(stateless.findResources('AWS::Events::Rule')[ruleId]?.Properties.ScheduleExpression).toBe(
      'cron(15 19 20 1,4,7,10 ? *)',
    );
  });

  it('delivers the plain scheduled event to the roll-up, retrying for two hours, then into its failure queue', () => {
    expect(stateless.findResources('AWS::Events::Rule')[ruleId]?.Properties.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [rollupId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
      },
    ]);
  });

  it('lets only this rule invoke the roll-up and write to its failure queue', () => {
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [rollupId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
    stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('passes the deadline to the functions, so late uploads and the schedule agree', () => {
    const rollup = stateless.findResources('AWS::Lambda::Function')[rollupId];

    expect(rollup?.Properties.Environment.Variables.DEADLINE_DAYS).toBe('20');
  });
});

describe('the daily notification run, in UTC', () => {
  it.each([
    [9, 0, 'cron(0 1 * * ? *)'],
    [7, 30, 'cron(30 23 * * ? *)'],
    [0, 5, 'cron(5 16 * * ? *)'],
  ])('runs at %i:%i China time as %s', (hour, minute, expected) => {
    expect(events.Schedule.cron(dailyCron({ hour, minute })).expressionString).toBe(expected);
  });
});

describe('with scheduled roll-ups turned off', () => {
  it('creates no roll-up schedule (the daily notification run stays)', () => {
    const { stateless } = synthIpstats({ 'ipstats:scheduledRollups': false });

    expect(Object.keys(stateless.findResources('AWS::Events::Rule'))).toEqual([
      expect.stringMatching(/^NotifyScheduleDaily/),
    ]);
  });
});
