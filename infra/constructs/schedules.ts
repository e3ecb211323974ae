/**
 * When the roll-up runs by itself: on the day after each quarter's reporting deadline, at a fixed
 * China time (UTC+8, no daylight saving). The deadline is `deadlineDays` after the quarter's last
 * day, so the run falls on day `deadlineDays + 1` of January, April, July and October; the January
 * run is also the one after the last deadline of the year. EventBridge rules take UTC, hence the
 * conversion below.
 *
 * The target receives the plain scheduled event; the handler derives the periods from the event
 * time (`scheduledPeriods`) and, when they include a year (the January run), assesses every batch
 * whose programme covers that year (`assessmentsFor`), so a run that is retried or replayed from the failure queue still
 * reports on the periods of its original date.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { failureQueueOf, type IpstatsFunction } from './ipstatsFunction.ts';

const CHINA_OFFSET_MINUTES = 8 * 60;
/** The months after each quarter's end; their predecessors end on day 31, 31, 30, 30 (Dec, Mar, Jun, Sep). */
const MONTHS_AFTER_QUARTER_END = '1,4,7,10';
const QUARTER_END_MONTHS = '12,3,6,9';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** The UTC cron fields of "day `deadlineDays + 1` after each quarter, at `chinaTime`". */
export function dayAfterDeadlineCron(deadlineDays: number, chinaTime: TimeOfDay): events.CronOptions {
  const chinaDay = deadlineDays + 1;
  const utcMinutes = chinaTime.hour * 60 + chinaTime.minute - CHINA_OFFSET_MINUTES;
  const time = {
    minute: String(chinaTime.minute),
    hour: String(Math.floor((utcMinutes + 24 * 60) / 60) % 24),
  };
  if (utcMinutes >= 0) return { ...time, day: String(chinaDay), month: MONTHS_AFTER_QUARTER_END };
  // Before 08:00 China time it is still the previous day in UTC; from day 1 that is the last day
  // of the quarter's final month.
  return chinaDay > 1
    ? { ...time, day: String(chinaDay - 1), month: MONTHS_AFTER_QUARTER_END }
    : { ...time, day: 'L', month: QUARTER_END_MONTHS };
}

export interface RollupSchedulesProps {
  rollup: IpstatsFunction;
  deadlineDays: number;
  chinaTime: TimeOfDay;
}

/** EventBridge's own retries of a delivery it could not make (throttling, a missing permission). */
export const SCHEDULE_DELIVERY = { retryAttempts: 4, maxEventAge: Duration.hours(2) } as const;

export class RollupSchedules extends Construct {
  readonly afterDeadline: events.Rule;

  constructor(scope: Construct, id: string, props: RollupSchedulesProps) {
    super(scope, id);
    const deadline = `${props.deadlineDays} days`;
    this.afterDeadline = new events.Rule(this, 'AfterDeadline', {
      description: `ipstats roll-up on the day after each quarterly deadline (${deadline} after quarter end), ${pad(props.chinaTime)} China time; in January also the previous year and the performance assessment of every batch covering it`,
      schedule: events.Schedule.cron(dayAfterDeadlineCron(props.deadlineDays, props.chinaTime)),
    });
    this.afterDeadline.addTarget(
      new targets.LambdaFunction(props.rollup.function, {
        deadLetterQueue: failureQueueOf(props.rollup),
        retryAttempts: SCHEDULE_DELIVERY.retryAttempts,
        maxEventAge: SCHEDULE_DELIVERY.maxEventAge,
      }),
    );
  }
}

function pad({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The UTC cron fields of "every day at `chinaTime`". */
export function dailyCron(chinaTime: TimeOfDay): events.CronOptions {
  const utcMinutes = (chinaTime.hour * 60 + chinaTime.minute - CHINA_OFFSET_MINUTES + 24 * 60) % (24 * 60);
  return { minute: String(utcMinutes % 60), hour: String(Math.floor(utcMinutes / 60)) };
}

export interface NotifyScheduleProps {
  notify: IpstatsFunction;
  chinaTime: TimeOfDay;
  reminderDays: readonly number[];
}

/**
 * The daily notification run. The handler works out from the event time what falls on that
 * China date — the reminders `reminderDays` before each deadline, the digest the day after it —
 * so one daily rule serves any deadline and reminder setting, and a retried or replayed event
 * sends only what was not sent (message ids are deterministic).
 */
export class NotifySchedule extends Construct {
  readonly daily: events.Rule;

  constructor(scope: Construct, id: string, props: NotifyScheduleProps) {
    super(scope, id);
    this.daily = new events.Rule(this, 'Daily', {
      description: `ipstats notifications every day at ${pad(props.chinaTime)} China time: reminders ${props.reminderDays.join(', ')} days before each quarterly deadline, digests the day after it`,
      schedule: events.Schedule.cron(dailyCron(props.chinaTime)),
    });
    this.daily.addTarget(
      new targets.LambdaFunction(props.notify.function, {
        deadLetterQueue: failureQueueOf(props.notify),
        retryAttempts: SCHEDULE_DELIVERY.retryAttempts,
        maxEventAge: SCHEDULE_DELIVERY.maxEventAge,
      }),
    );
  }
}
