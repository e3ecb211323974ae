/**
 * The API in-process (Hono's `app.request`) over the in-memory ports, with local tokens and
 * sign-in, a presigner that records what it signed, and a small world: two cities of different
 * provinces with an upload, a report and an annotated workbook each, and the national report.
 */
import { createApi } from '#shared/api/app.ts';
import { bearerAuthentication } from '#shared/api/bearer.ts';
import type { ApiDeps } from '#shared/api/deps.ts';
import { createLocalSignIn } from '#shared/auth/localSignIn.ts';
import { hashPassword } from '#shared/auth/passwords.ts';
import { createSignInLimiter } from '#shared/auth/rateLimit.ts';
import { createTokenService, type TokenService } from '#shared/auth/tokens.ts';
import type { LocalUser, UserDirectory } from '#shared/auth/users.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { NotificationEntry } from '#shared/domain/notification.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { reportKeys, resultKeys } from '#shared/domain/uploadKey.ts';
import { MemoryNotificationLog } from '../../support/memoryNotificationLog.ts';
import { MemoryObjectStore } from '../../support/memoryObjectStore.ts';
import { MemorySubmissionStore } from '../../support/memorySubmissionStore.ts';
import { anUploadRecord } from '../../support/submissionBuilders.ts';

export const SECRET = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
export const PASSWORD = 'correct horse battery';
/** The API's clock: inside 2024Q4, after the 2024Q3 deadline. */
export const NOW = new Date('2024-11-01T04:00:00Z');

export const USERS = {
  shenzhen: { username: 'city-440300', role: 'city', city: '440300' },
  hangzhou: { username: 'city-330100', role: 'city', city: '330100' },
  guangdong: { username: 'province-440000', role: 'province', province: '440000' },
  zhejiang: { username: 'province-330000', role: 'province', province: '330000' },
  analyst: { username: 'analyst', role: 'analyst' },
} as const satisfies Record<string, Identity>;

export type UserName = keyof typeof USERS;

export const UPLOAD_IDS = {
  '440300': '20241010T020304Z-aaaaaaaaaaaa',
  '330100': '20241011T020304Z-bbbbbbbbbbbb',
} as const;

export function apiUploadId(city: '440300' | '330100'): string {
  return `${city}.2024Q3.${UPLOAD_IDS[city]}`;
}

/** scrypt is slow on purpose: one hash for every harness of a test file. */
let passwordHash: Promise<string> | undefined;

export class MemoryUsers implements UserDirectory {
  readonly users = new Map<string, LocalUser>();
  async find(username: string) {
    return this.users.get(username);
  }
  async list() {
    return [...this.users.values()];
  }
  async put(user: LocalUser) {
    this.users.set(user.username, user);
  }
  async remove(username: string) {
    return this.users.delete(username);
  }
}

export interface Harness {
  app: ReturnType<typeof createApi>;
  store: MemorySubmissionStore;
  objects: MemoryObjectStore;
  tokens: TokenService;
  users: MemoryUsers;
  presigned: Array<{ key: string; maxBytes: number }>;
  rollups: string[][];
  tokenOf(user: UserName): Promise<string>;
  call(user: UserName | undefined, method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startHarness(
  options: { allowDemoUsers?: boolean; now?: () => Date } = {},
): Promise<Harness> {
  const now = options.now ?? (() => NOW);
  const store = new MemorySubmissionStore();
  const objects = new MemoryObjectStore();
  const tokens = createTokenService({ secret: SECRET, ttlSeconds: 600, now });
  const users = new MemoryUsers();
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  for (const identity of Object.values(USERS))
    await users.put({ ...identity, passwordHash: hash, createdAt: NOW.toISOString() });
  await seedWorld(store, objects);
  const notifications = await seedMessages();
  const presigned: Harness['presigned'] = [];
  const rollups: string[][] = [];
  const deps: ApiDeps = {
    objects,
    uploads: store,
    locks: store,
    audit: store,
    notifications,
    registry: async () => DEFAULT_REGISTRY,
    authenticate: bearerAuthentication(tokens),
    signIn: createLocalSignIn({
      users,
      tokens,
      limiter: createSignInLimiter({ now: () => now().getTime() }),
      audit: store,
      allowDemoUsers: options.allowDemoUsers ?? true,
      now,
    }),
    presigner: {
      async presign(request) {
        presigned.push(request);
        return { url: 'http://bucket.test/data', fields: { key: request.key }, expiresAt: NOW.toISOString() };
      },
    },
    downloads: { mode: 'inline', url: async () => '' },
    rollups: {
      async run(periods) {
        rollups.push([...periods]);
        return { state: 'completed', results: [] };
      },
    },
    deadlineDays: 15,
    maxUploadBytes: 1024 * 1024,
    now,
    sourceOf: () => '192.0.2.1',
  };
  const app = createApi(deps);
  const tokenOf = async (user: UserName) => (await tokens.issue(USERS[user])).token;
  return {
    app,
    store,
    objects,
    tokens,
    users,
    presigned,
    rollups,
    tokenOf,
    async call(user, method, path, body) {
      const headers: Record<string, string> = {};
      if (user) headers.authorization = `Bearer ${await tokenOf(user)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

async function seedWorld(store: MemorySubmissionStore, objects: MemoryObjectStore): Promise<void> {
  for (const city of ['440300', '330100'] as const) {
    const uploadId = UPLOAD_IDS[city];
    const reportKey = resultKeys.report(city, '2024Q3', uploadId);
    const annotatedKey = resultKeys.annotated(city, '2024Q3', uploadId);
    await store.createUpload(
      anUploadRecord({
        city,
        period: '2024Q3',
        uploadId,
        fileName: `report-${city}.xlsx`,
        status: 'rejected',
        counts: { errors: 2, warnings: 0 },
        reportKey,
        annotatedKey,
      }),
    );
    await objects.put(
      reportKey,
      JSON.stringify({ city, status: 'rejected', issues: [] }),
      'application/json',
    );
    await objects.put(annotatedKey, Buffer.from(`annotated ${city}`), 'application/octet-stream');
    await objects.put(reportKeys.city(city, '2024Q3', 'json'), JSON.stringify({ city }), 'application/json');
    await objects.put(
      reportKeys.city(city, '2024Q3', 'xlsx'),
      Buffer.from(`xlsx ${city}`),
      'application/octet-stream',
    );
  }
  await objects.put(
    reportKeys.national('2024Q3', 'json'),
    JSON.stringify({ national: true }),
    'application/json',
  );
  for (const province of ['440000', '330000'])
    await objects.put(
      `reports/provinces/${province}/2024Q3/province-summary-${province}-2024Q3.json`,
      JSON.stringify({ province }),
      'application/json',
    );
  await objects.put(
    'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.xlsx',
    Buffer.from('xlsx 440000'),
    'application/octet-stream',
  );
}

/**
 * One message in each mailbox: the result of each city's upload, a reminder to Shenzhen, the
 * Guangdong digest (about Shenzhen only) and the analysts' digest.
 */
async function seedMessages(): Promise<MemoryNotificationLog> {
  const log = new MemoryNotificationLog();
  const entry = (
    scope: string,
    id: string,
    kind: NotificationEntry['kind'],
    subject: string,
  ): NotificationEntry => ({
    id,
    kind,
    scope,
    to: [`${scope}@example.org`],
    subject,
    text: subject,
    period: '2024Q3',
    ...(/^\d{4}00$/.test(scope) || scope === 'analysts' ? {} : { city: scope }),
    createdAt: '2024-10-16T01:00:00.000Z',
    status: 'sent',
    claimedAt: '2024-10-16T01:00:00.000Z',
    attempts: 1,
  });
  for (const city of ['440300', '330100'] as const)
    await log.settle(
      entry(
        city,
        `upload-result.${city}.2024Q3.${UPLOAD_IDS[city]}`,
        'upload_result',
        `【退回】${city} 2024Q3 报送校验结果`,
      ),
    );
  await log.settle(
    entry('440300', 'reminder.440300.2024Q3.d7', 'reminder', '【提醒】深圳市 2024Q3 报送截止还有 7 天'),
  );
  await log.settle(
    entry('440000', 'digest.440000.2024Q3', 'digest', '【报送情况】广东省 2024Q3：深圳市未报'),
  );
  await log.settle(entry('analysts', 'digest.analysts.2024Q3', 'digest', '【报送情况】全国 2024Q3'));
  return log;
}
