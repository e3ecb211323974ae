/**
 * `reports/index.json`: every report ever published, merged by each roll-up with a conditional
 * write (`updateIndex`), and read by whoever needs to know which reports exist (`readIndex`) — one
 * object instead of a listing of `reports/`, which grows with every city and period. Kept apart
 * from the renderers so that reading the index loads no workbook code.
 */
import { reportKeys } from '../domain/uploadKey.ts';
import {
  bodyText,
  type ConditionalPutResult,
  ObjectNotFoundError,
  type ObjectStore,
  parseJsonText,
} from '../ports.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface PublishedReport {
  key: string;
  /** The period; for an assessment, its assessed year. */
  period: string;
  scope: 'national' | 'province' | 'city' | 'assessment';
  /** The city of a city report, null for the national, province and assessment ones. */
  city: string | null;
  /** The province code of a province report. */
  province?: string;
  /** Set on performance assessments (绩效评价) only: `assessment`, with the batch (支持年度). */
  kind?: 'assessment';
  batch?: number;
  format: 'xlsx' | 'json';
  generatedAt: string;
  bytes: number;
}

/** `reports/index.json`: every report ever published, one entry per key (the latest publication). */
export interface ReportIndex {
  updatedAt: string;
  reports: PublishedReport[];
}

export class ReportPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportPublishError';
  }
}

/**
 * Reads the index, replaces the entries of the keys just published, and writes it back — only if
 * nobody wrote it in between (`putIfUnchanged` with the ETag read). Roll-ups that run at the same
 * time (a scheduled and an on-demand one, two periods) each merge into the other's result: the one
 * that loses the race re-reads, re-merges and tries again after a jittered backoff.
 */
export async function updateIndex(
  objects: ObjectStore,
  published: readonly PublishedReport[],
  updatedAt: string,
  options: IndexRetryOptions = {},
): Promise<ReportIndex> {
  const attempts = options.attempts ?? INDEX_RETRY.attempts;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let conflict: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(backoffMs(attempt - 1, random));
    const { index: existing, exists, etag } = await readIndexVersion(objects);
    if (exists && etag === undefined)
      throw new ReportPublishError(`读取报告索引 ${reportKeys.index} 时没有返回 ETag，无法安全合并`);
    const index = mergeIndex(existing, published, updatedAt);
    let outcome: ConditionalPutResult;
    try {
      outcome = await objects.putIfUnchanged(
        reportKeys.index,
        `${JSON.stringify(index, null, 2)}\n`,
        JSON_CONTENT_TYPE,
        etag,
      );
    } catch (cause) {
      throw new ReportPublishError(`写入报告索引 ${reportKeys.index} 失败`, { cause });
    }
    if (outcome.written) return index;
    conflict = outcome.conflict;
  }
  throw new ReportIndexConflictError(attempts, { cause: conflict });
}

/** How often and how patiently `updateIndex` retries a lost race; tests replace the clock. */
export interface IndexRetryOptions {
  /** Read-merge-write attempts in all (default 8). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter (default Math.random). */
  random?: () => number;
}

const INDEX_RETRY = { attempts: 8, baseMs: 50, capMs: 2_000 };

/** "Full jitter": uniform in [0, min(cap, base · 2^(retry − 1))), so racing writers spread out. */
function backoffMs(retry: number, random: () => number): number {
  return Math.floor(random() * Math.min(INDEX_RETRY.capMs, INDEX_RETRY.baseMs * 2 ** (retry - 1)));
}

/** The index changed under every attempt: other roll-ups kept publishing at the same time. */
export class ReportIndexConflictError extends ReportPublishError {
  constructor(
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `报告索引 ${reportKeys.index} 在 ${attempts} 次尝试中都被同时运行的其他汇总修改，未能写入；报告本身已发布，请稍后重新汇总以更新索引`,
      options,
    );
    this.name = 'ReportIndexConflictError';
  }
}

function mergeIndex(
  existing: ReportIndex,
  published: readonly PublishedReport[],
  updatedAt: string,
): ReportIndex {
  const byKey = new Map(existing.reports.map((report) => [report.key, report]));
  for (const report of published) byKey.set(report.key, report);
  return {
    updatedAt,
    reports: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/**
 * The current index, or an empty one when there is none yet. An index that cannot be read is an
 * error rather than a fresh start: rewriting it would drop every earlier period's entries.
 */
export async function readIndex(objects: ObjectStore): Promise<ReportIndex> {
  return (await readIndexVersion(objects)).index;
}

/** The index, whether it exists, and the ETag it was read with. */
async function readIndexVersion(
  objects: ObjectStore,
): Promise<{ index: ReportIndex; exists: boolean; etag?: string }> {
  let parsed: unknown;
  let etag: string | undefined;
  try {
    const stored = await objects.get(reportKeys.index);
    etag = stored.etag;
    parsed = parseJsonText(await bodyText(stored.body));
  } catch (cause) {
    // No index yet (the first roll-up): read directly, not by listing reports/.
    if (cause instanceof ObjectNotFoundError) return { index: { updatedAt: '', reports: [] }, exists: false };
    throw new ReportPublishError(
      `报告索引 ${reportKeys.index} 无法读取或不是有效的 JSON，请修复或删除后重新汇总`,
      { cause },
    );
  }
  const reports = (parsed as { reports?: unknown } | null)?.reports;
  if (
    !Array.isArray(reports) ||
    !reports.every((report) => typeof (report as { key?: unknown } | null)?.key === 'string')
  ) {
    throw new ReportPublishError(
      `报告索引 ${reportKeys.index} 格式不正确：应为 { "reports": [ { "key": … }, … ] }，请修复或删除后重新汇总`,
    );
  }
  return {
    index: {
      updatedAt: String((parsed as { updatedAt?: unknown }).updatedAt ?? ''),
      reports: reports as PublishedReport[],
    },
    exists: true,
    ...(etag === undefined ? {} : { etag }),
  };
}
