/**
 * `ipstats serve --demo` driven over real HTTP by a plain client (fetch + FormData), as the README's
 * curl commands drive it: the server entry `ipstats serve` runs (cli/serve/server.ts: the embedded
 * stack, the API, the portal's files) on a random loopback port with the demo users, its clock at
 * 2024-12-20 so that 2024Q4 is open. The demo's 163 uploads are not loaded (minutes on a busy
 * machine; test/web/portal.test.ts runs the whole `--demo` child process): Shenzhen signs in, reads who it is, its quarters and its template, uploads a
 * workbook through the presigned POST to the local S3 and reads the validation report the ingest
 * wrote; Hangzhou asking for the same things is refused without learning anything; expired and
 * tampered tokens and a wrong password are refused with a Chinese message and a stable code.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFrom } from '#cli/commands/serve.ts';
import { ensureDemoUsers } from '#cli/serve/demoUsers.ts';
import { type RunningServer, startServer } from '#cli/serve/server.ts';
import { createUsersFile, usersFileOf } from '#cli/serve/usersFile.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '#shared/auth/tokens.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { workbookWithErrors } from '../web/support/uploads.ts';

const CITY = '440300';
const OTHER_CITY = '330100';
const OPEN_QUARTER = '2024Q4';
const PASSWORD = process.env.IPSTATS_DEMO_PASSWORD ?? 'demo1234';
const FILE_NAME = '深圳-2024Q4.xlsx';

interface ErrorBody {
  error: { code: string; message: string };
}

interface UploadSummary {
  id: string;
  city: string;
  status: string;
  hasReport: boolean;
  hasAnnotated: boolean;
}

let server: RunningServer;
let state: string;
/** Shenzhen's upload through the presigned POST, once its report is there. */
let upload: UploadSummary;

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'ipstats-serve-'));
  server = await startServer({
    stateDirectory: state,
    host: '127.0.0.1',
    port: 0,
    registry: DEFAULT_REGISTRY,
    clock: clockFrom(new Date('2024-12-20T10:00:00+08:00')),
    // As `ipstats serve` runs: uploads validated in a worker thread, on the server's clock.
    ingestThreads: 1,
    prepare: async () => {
      await ensureDemoUsers(createUsersFile(usersFileOf(state)), DEFAULT_REGISTRY, PASSWORD);
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (state) await rm(state, { recursive: true, force: true });
}, 60_000);

async function signIn(username: string, password = PASSWORD): Promise<Response> {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

const tokens = new Map<string, string>();
async function tokenOf(username: string): Promise<string> {
  const known = tokens.get(username);
  if (known) return known;
  const response = await signIn(username);
  expect(response.status).toBe(201);
  const { token } = (await response.json()) as { token: string };
  tokens.set(username, token);
  return token;
}

async function call(token: string | undefined, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
}

async function as(username: string, path: string, init: RequestInit = {}): Promise<Response> {
  return call(await tokenOf(username), path, init);
}

/** The upload of `key` once the ingest has written its validation report. */
async function reportedUpload(username: string, key: string): Promise<UploadSummary> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const response = await as(username, `/api/uploads?period=${OPEN_QUARTER}&key=${encodeURIComponent(key)}`);
    const { uploads } = (await response.json()) as { uploads: UploadSummary[] };
    const done = uploads.find((candidate) => candidate.hasReport);
    if (done) return done;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no validation report for ${key} within two minutes`);
}

/** A body refusing with `code`, and nothing else: no city code, name or key of the other city. */
async function expectRefusal(response: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status).toBe(status);
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/\p{Script=Han}/u);
  return body;
}

describe('ipstats serve --demo over HTTP', () => {
  it('signs Shenzhen in and says who it is and which quarters it reports', async () => {
    const token = await tokenOf(`city-${CITY}`);

    const me = (await (await call(token, '/api/me')).json()) as Record<string, unknown>;
    const periods = (await (await call(token, '/api/periods')).json()) as {
      periods: Array<{ period: string; deadline: string; open: boolean; overdue: boolean }>;
    };
    const open = periods.periods.find((period) => period.period === OPEN_QUARTER);

    expect(me).toMatchObject({ username: `city-${CITY}`, role: 'city', city: CITY, cityName: '深圳市' });
    expect(open).toMatchObject({ open: true, overdue: false, deadline: expect.stringMatching(/^2025-01-/) });
    expect(periods.periods.some((period) => period.period === '2025Q1')).toBe(false);
  });

  it("downloads the open quarter's template as a workbook named for the city", async () => {
    const response = await as(`city-${CITY}`, `/api/template?period=${OPEN_QUARTER}`);
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(body.subarray(0, 2).toString()).toBe('PK');
    expect(decodeURIComponent(response.headers.get('content-disposition') ?? '')).toContain(
      `填报模板-${CITY}-${OPEN_QUARTER}.xlsx`,
    );
  });

  it('uploads through the presigned POST to the local S3 and reads the validation report', async () => {
    const file = await workbookWithErrors(CITY, OPEN_QUARTER);
    const presign = await as(`city-${CITY}`, '/api/uploads', {
      method: 'POST',
      body: JSON.stringify({ period: OPEN_QUARTER, fileName: FILE_NAME, size: file.length }),
    });
    const post = (await presign.json()) as {
      key: string;
      url: string;
      fields: Record<string, string>;
      fileField: string;
    };
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append(post.fileField, new Blob([new Uint8Array(file)]), FILE_NAME);

    const stored = await fetch(post.url, { method: 'POST', body: form });
    upload = await reportedUpload(`city-${CITY}`, post.key);
    const detail = (await (await as(`city-${CITY}`, `/api/uploads/${upload.id}`)).json()) as {
      upload: UploadSummary;
      report: { status: string; issues: Array<{ sheet: string; row?: number; column?: string }> };
    };
    const annotated = await as(`city-${CITY}`, `/api/uploads/${upload.id}/annotated`);

    expect(presign.status).toBe(201);
    expect(post.key).toBe(`uploads/${CITY}/${OPEN_QUARTER}/${FILE_NAME}`);
    expect(stored.status).toBe(204);
    expect(upload).toMatchObject({ city: CITY, status: 'rejected', hasAnnotated: true });
    expect(detail.report.status).toBe('rejected');
    expect(detail.report.issues.filter((issue) => issue.sheet === '核心指标' && issue.row).length).toBe(2);
    expect(annotated.status).toBe(200);
    expect(
      Buffer.from(await annotated.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it("refuses Hangzhou Shenzhen's upload, annotated workbook, uploads, template and report with a 403 that reveals nothing", async () => {
    expect(upload, 'the upload test ran first').toBeDefined();
    const other = `city-${OTHER_CITY}`;

    const answers = [
      await as(other, `/api/uploads/${upload.id}`),
      await as(other, `/api/uploads/${upload.id}/annotated`),
      // An id that does not exist answers the same: nothing to learn from the difference.
      await as(other, `/api/uploads/${CITY}.${OPEN_QUARTER}.20241220T020000Z-000000000000`),
      await as(other, `/api/uploads?period=${OPEN_QUARTER}&city=${CITY}`),
      await as(other, `/api/template?period=${OPEN_QUARTER}&city=${CITY}`),
      await as(other, `/api/reports/cities/${CITY}/2024Q3/city-summary-${CITY}-2024Q3.xlsx`),
    ];

    const bodies = await Promise.all(answers.map((answer) => expectRefusal(answer, 403, 'FORBIDDEN')));
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    for (const body of bodies) expect(JSON.stringify(body)).not.toMatch(/440300|深圳|uploads\//);
  });

  it("does not list Shenzhen's uploads to Hangzhou, and writes Hangzhou's upload key in its own folder", async () => {
    const listed = (await (await as(`city-${OTHER_CITY}`, `/api/uploads?period=${OPEN_QUARTER}`)).json()) as {
      uploads: UploadSummary[];
    };
    const presign = await as(`city-${OTHER_CITY}`, '/api/uploads', {
      method: 'POST',
      body: JSON.stringify({
        period: OPEN_QUARTER,
        fileName: `../../${CITY}/${OPEN_QUARTER}/x.xlsx`,
        size: 10,
      }),
    });

    expect(listed.uploads.every((entry) => entry.city === OTHER_CITY)).toBe(true);
    expect(((await presign.json()) as { key: string }).key).toBe(
      `uploads/${OTHER_CITY}/${OPEN_QUARTER}/x.xlsx`,
    );
  });

  it("refuses Hangzhou's presigned POST used to write into Shenzhen's folder (S3's 403 AccessDenied)", async () => {
    const presign = (await (
      await as(`city-${OTHER_CITY}`, '/api/uploads', {
        method: 'POST',
        body: JSON.stringify({ period: OPEN_QUARTER, fileName: 'mine.xlsx', size: 10 }),
      })
    ).json()) as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [name, value] of Object.entries(presign.fields)) form.append(name, value);
    form.set('key', `uploads/${CITY}/${OPEN_QUARTER}/planted.xlsx`);
    form.append('file', new Blob([new Uint8Array(10)]), 'planted.xlsx');

    const answer = await fetch(presign.url, { method: 'POST', body: form });

    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
    const body = await expectRefusal(
      await signIn(`city-${CITY}`, 'not-the-password'),
      401,
      'INVALID_CREDENTIALS',
    );

    expect(body.error.message).toBe('用户名或密码错误');
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED', async () => {
    const body = await expectRefusal(await call(undefined, '/api/me'), 401, 'UNAUTHENTICATED');

    expect(body.error.message).toBe('请先登录');
  });

  it('refuses an expired token (signed with the server’s own secret) with 401 TOKEN_EXPIRED', async () => {
    const secret = new Uint8Array(await readFile(join(state, 'auth', 'token-secret')));
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ role: 'city', city: CITY })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`city-${CITY}`)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(hourAgo - 3600)
      .setExpirationTime(hourAgo)
      .sign(secret);

    const body = await expectRefusal(await call(expired, '/api/me'), 401, 'TOKEN_EXPIRED');

    expect(body.error.message).toBe('登录已过期，请重新登录');
  });

  it("refuses a token whose claims were changed to another city's with 401 TOKEN_INVALID", async () => {
    const [header, payload, signature] = (await tokenOf(`city-${OTHER_CITY}`)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, city: CITY, sub: `city-${CITY}` })).toString('base64url'),
      signature,
    ].join('.');

    const answer = await call(tampered, `/api/uploads/${upload.id}`);

    const body = await expectRefusal(answer, 401, 'TOKEN_INVALID');
    expect(body.error.message).toBe('登录凭证无效，请重新登录');
  });
});
