/**
 * The notification use cases: after an ingest, the daily scheduled run (reminders before each
 * deadline, digests the day after it), and after a publication (a roll-up, an assessment). Each builds its messages and
 * hands every one to `deliver`, which sends it once; none throws.
 */
import type { AssessmentSummary } from '../assessment/assessBatch.ts';
import type { Grade } from '../assessment/config.ts';
import type { NotificationRecipients } from '../domain/contacts.ts';
import { provinceCodeOf } from '../domain/contacts.ts';
import type { OutgoingMessage } from '../domain/notification.ts';
import { parseQuarter, quarterDeadline } from '../domain/period.ts';
import { type City, citiesWithoutContacts, findCity } from '../domain/registry.ts';
import { resultKeys } from '../domain/uploadKey.ts';
import type { IngestSummary } from '../ingest/ingestUpload.ts';
import type { CurrentData, Locks, UploadLog } from '../ports.ts';
import type { RollupSummary } from '../rollup/rollupPeriod.ts';
import { type DeliveryDeps, type DeliveryOutcome, deliver } from './deliver.ts';
import {
  digestMessage,
  type PublicationInput,
  publicationMessage,
  reminderMessage,
  uploadResultMessage,
} from './messages.ts';
import { type CityQuarterState, digestRows, dueNotifications, reminderTargets } from './selection.ts';

export interface NotifyDeps extends DeliveryDeps {
  registry: readonly City[];
  recipients: NotificationRecipients;
  deadlineDays: number;
  portalUrl?: string;
}

export interface Delivered {
  id: string;
  kind: OutgoingMessage['kind'];
  outcome: DeliveryOutcome;
}

/** The result message of one ingested upload (none for a key outside the registry's cities). */
export async function notifyUploadResult(summary: IngestSummary, deps: NotifyDeps): Promise<Delivered[]> {
  const city = findCity(deps.registry, summary.city);
  const report = summary.report;
  if (!city || !report || summary.status === 'failed' || summary.status === 'received') return [];
  let deadline: Date;
  try {
    deadline = quarterDeadline(parseQuarter(summary.period), deps.deadlineDays);
  } catch {
    return [];
  }
  const message = uploadResultMessage({
    city,
    upload: {
      uploadId: summary.uploadId,
      period: summary.period,
      fileName: report.file,
      receivedAt: report.receivedAt ?? new Date().toISOString(),
      status: summary.status,
    },
    report,
    deadline,
    ...(report.issues.length > 0
      ? { annotatedKey: resultKeys.annotated(city.code, summary.period, summary.uploadId) }
      : {}),
    ...(deps.portalUrl ? { portalUrl: deps.portalUrl } : {}),
  });
  return [await send(message, deps)];
}

/** What the daily run reads: each city's uploads and 核心指标 pointer of the quarter, and its locks. */
export interface SubmissionReads {
  uploads: Pick<UploadLog, 'listUploads'>;
  current: Pick<CurrentData, 'getCurrent'>;
  locks: Pick<Locks, 'listLocks'>;
}

/** The daily run: whatever reminders and digests fall on the China date of `at`. */
export async function runScheduledNotifications(
  at: Date,
  deps: NotifyDeps & { submissions: SubmissionReads; reminderDays: readonly number[] },
): Promise<Delivered[]> {
  const due = dueNotifications(at, deps.deadlineDays, deps.reminderDays);
  const delivered: Delivered[] = [];
  const portal = deps.portalUrl ? { portalUrl: deps.portalUrl } : {};
  for (const reminder of due.reminders) {
    const rows = await quarterRows(reminder.period, reminder.deadline, deps);
    for (const row of reminderTargets(rows)) {
      const city = findCity(deps.registry, row.code) as City;
      const message = reminderMessage({
        city,
        period: reminder.period,
        deadline: reminder.deadline,
        daysBefore: reminder.daysBefore,
        state: row.submission,
        at,
        ...portal,
      });
      delivered.push(await send(message, deps));
    }
  }
  for (const digest of due.digests) {
    const rows = await quarterRows(digest.period, digest.deadline, deps);
    const common = { period: digest.period, deadline: digest.deadline, at, ...portal };
    delivered.push(
      await send(
        digestMessage({
          ...common,
          audience: { kind: 'analysts', contacts: deps.recipients.analysts },
          rows,
          withoutContacts: citiesWithoutContacts(deps.registry),
        }),
        deps,
      ),
    );
    for (const province of deps.recipients.provinces) {
      const own = rows.filter((row) => provinceCodeOf(row.code) === province.code);
      if (own.length === 0) continue;
      delivered.push(
        await send(digestMessage({ ...common, audience: { kind: 'province', province }, rows: own }), deps),
      );
    }
  }
  return delivered;
}

/** What a publication note needs: the log, the mailer, the analysts' addresses, the portal. */
export type PublicationDeps = Omit<NotifyDeps, 'registry' | 'deadlineDays'>;

/** The note to the analysts after a period's roll-up was published, with its keys and completeness. */
export async function notifyRollup(
  summary: Pick<RollupSummary, 'period' | 'generatedAt' | 'completeness'> & { reportKeys: readonly string[] },
  deps: PublicationDeps,
): Promise<Delivered[]> {
  const { completeness } = summary;
  return publish(
    {
      kind: 'rollup',
      period: summary.period,
      generatedAt: summary.generatedAt,
      keys: summary.reportKeys,
      summary: `应报 ${completeness.expected} 个城市，已报 ${completeness.reported} 个（迟报 ${completeness.late}），未报 ${completeness.notReported} 个。`,
    },
    deps,
  );
}

const GRADES: readonly Grade[] = ['优秀', '良好', '合格', '不合格'];

/** The note to the analysts after a batch's assessment of a year was published: keys and grades. */
export async function notifyAssessment(
  summary: Pick<AssessmentSummary, 'batch' | 'year' | 'generatedAt' | 'cities'> & {
    reportKeys: readonly string[];
  },
  deps: PublicationDeps,
): Promise<Delivered[]> {
  const graded = GRADES.map(
    (grade) => [grade, summary.cities.filter((city) => city.grade === grade).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([grade, count]) => `${grade} ${count} 个`);
  const ungraded = summary.cities.filter((city) => city.grade === null).length;
  const grades = [...graded, ...(ungraded > 0 ? [`未评定等级 ${ungraded} 个`] : [])].join('，');
  return publish(
    {
      kind: 'assessment',
      batch: summary.batch,
      period: String(summary.year),
      generatedAt: summary.generatedAt,
      keys: summary.reportKeys,
      summary: `评价城市 ${summary.cities.length} 个${grades ? `：${grades}` : ''}。`,
    },
    deps,
  );
}

async function publish(
  input: DistributiveOmit<PublicationInput, 'analysts' | 'portalUrl'>,
  deps: PublicationDeps,
): Promise<Delivered[]> {
  const message = publicationMessage({
    ...input,
    analysts: deps.recipients.analysts,
    ...(deps.portalUrl ? { portalUrl: deps.portalUrl } : {}),
  });
  return [await send(message, deps)];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function quarterRows(
  period: string,
  deadline: Date,
  deps: NotifyDeps & { submissions: SubmissionReads },
) {
  const states: CityQuarterState[] = [];
  for (const city of deps.registry) {
    states.push({
      city,
      core: await deps.submissions.current.getCurrent(city.code, period, 'core'),
      uploads: await deps.submissions.uploads.listUploads(city.code, period),
    });
  }
  return digestRows(period, states, await deps.submissions.locks.listLocks(period), deadline);
}

async function send(message: OutgoingMessage, deps: DeliveryDeps): Promise<Delivered> {
  return { id: message.id, kind: message.kind, outcome: await deliver(message, deps) };
}
