/**
 * Published reports under `reports/` (roll-ups, and whatever else is published there):
 * `GET /api/reports?period=` lists what the caller may read, `GET /api/reports/{path}` downloads
 * `reports/{path}`. A city reads `reports/cities/{its code}/…`, a province its cities' and
 * `reports/provinces/{its code}/…`, an analyst everything (domain/identity.ts `canReadReport`).
 */
import { canReadReport } from '../../domain/identity.ts';
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { callerOf, parsePeriodParam, sendObject } from '../http.ts';

const PREFIX = 'reports/';

export const registerReports: RouteModule = (app, deps) => {
  app.get('/reports', async (c) => {
    const identity = callerOf(c);
    const period = parsePeriodParam(c.req.query('period'));
    const reports = (await deps.objects.list(PREFIX))
      .filter((key) => canReadReport(identity, key))
      .map(describeReport)
      .filter((report) => !period || report.period === period.code);
    return c.json({ reports });
  });

  app.get('/reports/*', async (c) => {
    const identity = callerOf(c);
    const path = decodeURIComponent(c.req.path.replace(/^.*?\/reports\//, ''));
    const key = `${PREFIX}${path}`;
    if (!canReadReport(identity, key)) throw new ApiError('FORBIDDEN');
    return sendObject(c, deps, key, key.split('/').pop() ?? 'report');
  });
};

export function describeReport(key: string) {
  const parts = key.split('/');
  const name = parts.at(-1) ?? key;
  const file = {
    key,
    name,
    format: name.includes('.') ? (name.split('.').pop() ?? '') : '',
    url: `/api/${key.split('/').map(encodeURIComponent).join('/')}`,
  };
  // reports/assessments/{batch}/{year}/assessment-{batch}-{year}.{ext}: a performance assessment
  // (绩效评价, analysts only), whose period is the assessed year.
  if (parts[1] === 'assessments') {
    const year = (part: string | undefined) => (part && /^\d{4}$/.test(part) ? part : null);
    const batch = year(parts[2]);
    return {
      ...file,
      scope: 'assessment',
      kind: 'assessment' as const,
      batch: batch === null ? null : Number(batch),
      period: year(parts[3]),
      city: null,
      province: null,
    };
  }
  const scope =
    parts[1] === 'national'
      ? 'national'
      : parts[1] === 'cities'
        ? 'city'
        : parts[1] === 'provinces'
          ? 'province'
          : (parts[1] ?? 'other');
  return {
    ...file,
    scope,
    period: parts.find((part) => /^\d{4}(Q[1-4])?$/.test(part)) ?? null,
    city: scope === 'city' ? (parts[2] ?? null) : null,
    province: scope === 'province' ? (parts[2] ?? null) : null,
  };
}
