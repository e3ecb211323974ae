/**
 * The authorization matrix: every route × every role × the caller's own and another city. Status
 * codes as docs/security.md states them, a forbidden answer that is the same whatever exists, and
 * no other city's code or name in any JSON body.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { canReadCity } from '#shared/domain/identity.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { apiUploadId, type Harness, startHarness, USERS, type UserName } from './support/apiHarness.ts';

type City = '440300' | '330100';
const CITIES: readonly City[] = ['440300', '330100'];
const NAMES: Record<City, string> = { '440300': '深圳市', '330100': '杭州市' };
const ROLE_USERS = Object.keys(USERS) as UserName[];

interface Route {
  name: string;
  method: string;
  path: (city: City) => string;
  body?: unknown;
  /** The status for a caller, for the city in the path. */
  expected: (user: UserName, city: City) => number;
}

const readable = (user: UserName, city: City) => canReadCity(USERS[user], city);
const byReading = (ok: number) => (user: UserName, city: City) => (readable(user, city) ? ok : 403);
const analystOnly = (ok: number) => (user: UserName) => (USERS[user].role === 'analyst' ? ok : 403);
const everyone = (ok: number) => () => ok;

const ROUTES: Route[] = [
  { name: 'GET /api/me', method: 'GET', path: () => '/api/me', expected: everyone(200) },
  { name: 'GET /api/periods', method: 'GET', path: () => '/api/periods', expected: everyone(200) },
  {
    name: 'GET /api/template',
    method: 'GET',
    path: () => '/api/template?period=2024Q3',
    expected: everyone(200),
  },
  {
    name: 'GET /api/template?city=',
    method: 'GET',
    path: (city) => `/api/template?period=2024Q3&city=${city}`,
    expected: byReading(200),
  },
  {
    name: 'POST /api/uploads',
    method: 'POST',
    path: () => '/api/uploads',
    body: { period: '2024Q3', fileName: '报送.xlsx', size: 2048 },
    expected: (user) => (USERS[user].role === 'city' ? 201 : 403),
  },
  {
    name: 'GET /api/uploads',
    method: 'GET',
    path: () => '/api/uploads?period=2024Q3',
    expected: everyone(200),
  },
  {
    name: 'GET /api/uploads?city=',
    method: 'GET',
    path: (city) => `/api/uploads?city=${city}`,
    expected: byReading(200),
  },
  {
    name: 'GET /api/uploads/{id}',
    method: 'GET',
    path: (city) => `/api/uploads/${apiUploadId(city)}`,
    expected: byReading(200),
  },
  {
    name: 'GET /api/uploads/{id} of an upload that does not exist',
    method: 'GET',
    path: (city) => `/api/uploads/${city}.2024Q3.20241012T000000Z-cccccccccccc`,
    expected: byReading(404),
  },
  {
    name: 'GET /api/uploads/{id}/annotated',
    method: 'GET',
    path: (city) => `/api/uploads/${apiUploadId(city)}/annotated`,
    expected: byReading(200),
  },
  { name: 'GET /api/reports', method: 'GET', path: () => '/api/reports', expected: everyone(200) },
  {
    name: 'GET /api/reports/cities/…',
    method: 'GET',
    path: (city) => `/api/reports/cities/${city}/2024Q3/city-summary-${city}-2024Q3.json`,
    expected: byReading(200),
  },
  {
    name: 'GET /api/reports/cities/… that does not exist',
    method: 'GET',
    path: (city) => `/api/reports/cities/${city}/2023Q1/city-summary-${city}-2023Q1.json`,
    expected: byReading(404),
  },
  {
    name: 'GET /api/reports/national/…',
    method: 'GET',
    path: () => '/api/reports/national/2024Q3/national-summary-2024Q3.json',
    expected: analystOnly(200),
  },
  {
    name: 'GET /api/reports/provinces/440000/…',
    method: 'GET',
    path: () => '/api/reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.json',
    expected: (user) => (user === 'analyst' || user === 'guangdong' ? 200 : 403),
  },
  {
    name: 'GET /api/reports/provinces/440000/… workbook',
    method: 'GET',
    path: () => '/api/reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.xlsx',
    expected: (user) => (user === 'analyst' || user === 'guangdong' ? 200 : 403),
  },
  {
    name: 'GET /api/reports/provinces/330000/…',
    method: 'GET',
    path: () => '/api/reports/provinces/330000/2024Q3/province-summary-330000-2024Q3.json',
    expected: (user) => (user === 'analyst' || user === 'zhejiang' ? 200 : 403),
  },
  {
    name: 'GET /api/reports/provinces/440000/… that does not exist',
    method: 'GET',
    path: () => '/api/reports/provinces/440000/2023Q1/province-summary-440000-2023Q1.json',
    expected: (user) => (user === 'analyst' || user === 'guangdong' ? 404 : 403),
  },
  {
    name: 'POST /api/rollups',
    method: 'POST',
    path: () => '/api/rollups',
    body: { period: '2024Q3' },
    expected: analystOnly(200),
  },
  { name: 'GET /api/messages', method: 'GET', path: () => '/api/messages', expected: everyone(200) },
  {
    name: 'GET /api/messages?city=',
    method: 'GET',
    path: (city) => `/api/messages?city=${city}`,
    expected: byReading(200),
  },
  { name: 'GET /api/locks', method: 'GET', path: () => '/api/locks', expected: analystOnly(200) },
  {
    name: 'PUT /api/locks/{period} for a city',
    method: 'PUT',
    path: (city) => '/api/locks/2024Q3'.concat(city ? '' : ''),
    body: { reason: '核查' },
    expected: analystOnly(201),
  },
  {
    name: 'DELETE /api/locks/{period}',
    method: 'DELETE',
    path: () => '/api/locks/2024Q3',
    expected: analystOnly(200),
  },
  { name: 'GET /api/audit', method: 'GET', path: () => '/api/audit', expected: analystOnly(200) },
];

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});

describe('without a valid token', () => {
  it.each(ROUTES.map((route) => [route.name, route] as const))(
    '%s answers 401 UNAUTHENTICATED',
    async (_, route) => {
      const response = await harness.call(undefined, route.method, route.path('440300'), route.body);

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    },
  );

  it('answers 401 for an unknown route too, revealing no route list', async () => {
    const response = await harness.call(undefined, 'GET', '/api/nothing-here');

    expect(response.status).toBe(401);
  });
});

const cases = ROUTES.flatMap((route) =>
  ROLE_USERS.flatMap((user) =>
    CITIES.map((city) => ({
      label: `${route.name} as ${user}, ${readable(user, city) ? 'own' : 'other'} city ${city}`,
      route,
      user,
      city,
    })),
  ),
);

describe('route × role × city', () => {
  it.each(cases.map((entry) => [entry.label, entry] as const))('%s', async (_, { route, user, city }) => {
    const response = await harness.call(user, route.method, route.path(city), route.body);
    const text = await response.text();

    expect(response.status, text).toBe(route.expected(user, city));
    if (response.status === 403)
      expect(JSON.parse(text)).toEqual({
        error: {
          code: 'FORBIDDEN',
          message:
            route.method === 'POST' && route.path(city) === '/api/uploads'
              ? '只有城市用户可以上传'
              : '无权访问',
        },
      });
    if ((response.headers.get('content-type') ?? '').includes('json') || response.status >= 400) {
      for (const other of CITIES.filter((code) => !readable(user, code))) {
        expect(text).not.toContain(other);
        expect(text).not.toContain(NAMES[other]);
      }
    }
  });
});

describe('what a caller is given', () => {
  it('lists only the uploads and reports of the cities the caller may read', async () => {
    for (const user of ROLE_USERS) {
      const uploads = (await (await harness.call(user, 'GET', '/api/uploads')).json()) as {
        uploads: Array<{ city: string }>;
      };
      const reports = (await (await harness.call(user, 'GET', '/api/reports')).json()) as {
        reports: Array<{ key: string }>;
      };

      const cities = DEFAULT_REGISTRY.map((city) => city.code).filter((code) =>
        canReadCity(USERS[user], code),
      );
      expect(
        uploads.uploads.every((upload) => cities.includes(upload.city)),
        user,
      ).toBe(true);
      expect(uploads.uploads.length, user).toBe(CITIES.filter((code) => readable(user, code)).length);
      for (const report of reports.reports) {
        const city = /^reports\/cities\/(\d{6})\//.exec(report.key)?.[1];
        if (city) expect(cities, `${user} ${report.key}`).toContain(city);
        else
          expect(
            report.key.startsWith('reports/provinces/440000/')
              ? ['analyst', 'guangdong']
              : report.key.startsWith('reports/provinces/330000/')
                ? ['analyst', 'zhejiang']
                : ['analyst'],
          ).toContain(user);
      }
    }
  });

  it("lists a province's own province report with scope province, every province's to analysts", async () => {
    const listed = async (user: UserName) =>
      (
        (await (await harness.call(user, 'GET', '/api/reports?period=2024Q3')).json()) as {
          reports: Array<{ key: string; scope: string; province: string | null; format: string }>;
        }
      ).reports.filter((report) => report.scope === 'province');

    expect(await listed('guangdong')).toEqual([
      expect.objectContaining({
        key: 'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.json',
        province: '440000',
        format: 'json',
      }),
      expect.objectContaining({
        key: 'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.xlsx',
        province: '440000',
        format: 'xlsx',
      }),
    ]);
    expect((await listed('zhejiang')).map((report) => report.province)).toEqual(['330000']);
    expect((await listed('analyst')).map((report) => report.province).sort()).toEqual([
      '330000',
      '440000',
      '440000',
    ]);
    expect(await listed('shenzhen')).toEqual([]);
  });

  it('builds the upload key from the caller, whatever the request says', async () => {
    const response = await harness.call('shenzhen', 'POST', '/api/uploads', {
      period: '2024Q3',
      fileName: '../../330100/2024Q3/evil.xlsx',
      size: 10,
      city: '330100',
      key: 'uploads/330100/2024Q3/evil.xlsx',
    });

    expect(response.status).toBe(201);
    expect(((await response.json()) as { key: string }).key).toBe('uploads/440300/2024Q3/evil.xlsx');
    expect(harness.presigned).toEqual([
      { key: 'uploads/440300/2024Q3/evil.xlsx', maxBytes: 1024 * 1024, expiresSeconds: 900 },
    ]);
  });

  it('refuses files that are too large, empty or of another type, and locked periods, in Chinese', async () => {
    const attempt = async (body: Record<string, unknown>) => {
      const response = await harness.call('shenzhen', 'POST', '/api/uploads', {
        period: '2024Q3',
        fileName: 'a.xlsx',
        size: 10,
        ...body,
      });
      return {
        status: response.status,
        error: ((await response.json()) as { error?: { code: string } }).error?.code,
      };
    };

    expect(await attempt({ size: 2 * 1024 * 1024 })).toEqual({ status: 413, error: 'FILE_TOO_LARGE' });
    expect(await attempt({ size: 0 })).toEqual({ status: 400, error: 'FILE_EMPTY' });
    expect(await attempt({ fileName: 'a.pdf' })).toEqual({ status: 400, error: 'INVALID_FILE_TYPE' });
    expect(await attempt({ period: '2025Q1' })).toEqual({ status: 409, error: 'PERIOD_NOT_STARTED' });
    expect(await attempt({ period: '2024' })).toEqual({ status: 400, error: 'INVALID_PERIOD' });
    await harness.call('analyst', 'PUT', '/api/locks/2024Q3', { city: '440300' });
    expect(await attempt({})).toEqual({ status: 409, error: 'PERIOD_LOCKED' });
    expect(harness.presigned).toEqual([]);
  });

  it('records every write in the audit trail with who and what', async () => {
    await harness.call('shenzhen', 'POST', '/api/uploads', {
      period: '2024Q3',
      fileName: 'a.xlsx',
      size: 10,
    });
    await harness.call('analyst', 'POST', '/api/rollups', { period: '2024Q3' });
    await harness.call('analyst', 'PUT', '/api/locks/2024Q3', { reason: '核查' });
    await harness.call('analyst', 'DELETE', '/api/locks/2024Q3');

    const audit = (await (await harness.call('analyst', 'GET', '/api/audit')).json()) as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(audit.entries.map(({ actor, action, target }) => ({ actor, action, target }))).toEqual([
      { actor: 'analyst', action: 'unlock', target: '2024Q3/*' },
      { actor: 'analyst', action: 'lock', target: '2024Q3/*' },
      { actor: 'analyst', action: 'rollup', target: '2024Q3' },
      { actor: 'city-440300', action: 'upload', target: 'uploads/440300/2024Q3/a.xlsx' },
    ]);
    expect(harness.rollups).toEqual([['2024Q3']]);
  });
});
