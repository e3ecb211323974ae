/** Sign-in and tokens: wrong passwords, expired and tampered tokens are refused; attempts are limited and audited. */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '#shared/auth/passwords.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '#shared/auth/tokens.ts';
import { NOW, PASSWORD, SECRET, startHarness, USERS } from './support/apiHarness.ts';

const signIn = (harness: Awaited<ReturnType<typeof startHarness>>, username: string, password: string) =>
  harness.app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

const me = (harness: Awaited<ReturnType<typeof startHarness>>, token: string) =>
  harness.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });

describe('POST /api/session', () => {
  it('gives a token for the right password, and the token identifies the user', async () => {
    const harness = await startHarness();

    const response = await signIn(harness, 'city-440300', PASSWORD);
    const { token, expiresAt, user } = (await response.json()) as {
      token: string;
      expiresAt: string;
      user: unknown;
    };

    expect(response.status).toBe(201);
    expect(expiresAt).toBe(new Date(NOW.getTime() + 600_000).toISOString());
    expect(user).toMatchObject({ username: 'city-440300', role: 'city', city: '440300' });
    expect(await (await me(harness, token)).json()).toMatchObject({
      username: 'city-440300',
      cityName: '深圳市',
    });
  });

  it('refuses a wrong password and an unknown user with the same answer, and audits both', async () => {
    const harness = await startHarness();

    const wrong = await signIn(harness, 'city-440300', 'not the password');
    const unknown = await signIn(harness, 'city-999999', PASSWORD);

    const refusal = { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } };
    expect([wrong.status, await wrong.json()]).toEqual([401, refusal]);
    expect([unknown.status, await unknown.json()]).toEqual([401, refusal]);
    const entries = await harness.store.listAudit({
      from: '2024-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.details?.reason])).toEqual([
      ['sign_in_failed', 'city-440300', 'wrong_password'],
      ['sign_in_failed', 'city-999999', 'unknown_user'],
    ]);
  });

  it('stops a username after five failures, even with the right password, with Retry-After', async () => {
    const harness = await startHarness();
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await signIn(harness, 'analyst', `guess ${attempt}`)).status).toBe(401);

    const blocked = await signIn(harness, 'analyst', PASSWORD);

    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn(harness, 'city-440300', PASSWORD)).status).toBe(201);
  });

  it('refuses demo users when the server is not on loopback', async () => {
    const harness = await startHarness({ allowDemoUsers: false });
    const user = harness.users.users.get('analyst')!;
    await harness.users.put({ ...user, demo: true });

    expect((await signIn(harness, 'analyst', PASSWORD)).status).toBe(401);
    expect((await signIn(harness, 'city-440300', PASSWORD)).status).toBe(201);
  });

  it('asks for both fields in Chinese', async () => {
    const harness = await startHarness();

    const response = await harness.app.request('/api/session', { method: 'POST', body: 'not json' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: '请求体应为 JSON 对象' },
    });
  });
});

const newPassword = (
  harness: Awaited<ReturnType<typeof startHarness>>,
  body: { username: string; session: string; newPassword: string },
) =>
  harness.app.request('/api/session/new-password', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A harness whose user `city-440300` was given an initial password by an administrator. */
async function harnessWithInitialPassword(options: { now?: () => Date } = {}) {
  const harness = await startHarness(options);
  const user = harness.users.users.get('city-440300')!;
  await harness.users.put({ ...user, mustChangePassword: true });
  return harness;
}

async function challenge(harness: Awaited<ReturnType<typeof startHarness>>): Promise<string> {
  const response = await signIn(harness, 'city-440300', PASSWORD);
  expect(response.status).toBe(200);
  return ((await response.json()) as { session: string }).session;
}

describe('a first sign-in with an initial password', () => {
  it('asks for a new password instead of giving a token', async () => {
    const harness = await harnessWithInitialPassword();

    const response = await signIn(harness, 'city-440300', PASSWORD);
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      challenge: 'NEW_PASSWORD_REQUIRED',
      message: '这是管理员设置的初始密码，请设置您自己的新密码后登录',
    });
    expect(body.session).toMatch(/^[\w-]{40,}$/);
    expect(body).not.toHaveProperty('token');
  });

  it('signs in with the new password, which replaces the initial one for good', async () => {
    const harness = await harnessWithInitialPassword();
    const session = await challenge(harness);

    const response = await newPassword(harness, {
      username: 'city-440300',
      session,
      newPassword: '深圳 的新密码 2024',
    });
    const { token, user } = (await response.json()) as { token: string; user: unknown };

    expect(response.status).toBe(201);
    expect(user).toMatchObject({ username: 'city-440300', role: 'city', city: '440300' });
    expect((await me(harness, token)).status).toBe(200);
    const stored = harness.users.users.get('city-440300')!;
    expect(stored.mustChangePassword).toBeUndefined();
    expect(await verifyPassword('深圳 的新密码 2024', stored.passwordHash)).toBe(true);
    expect((await signIn(harness, 'city-440300', PASSWORD)).status).toBe(401);
    expect((await signIn(harness, 'city-440300', '深圳 的新密码 2024')).status).toBe(201);
    const entries = await harness.store.listAudit({
      from: '2024-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    });
    expect(entries.map((entry) => [entry.action, entry.actor])).toContainEqual([
      'password_changed',
      'city-440300',
    ]);
  });

  it('refuses a short new password or the initial one again, in Chinese, and keeps the session', async () => {
    const harness = await harnessWithInitialPassword();
    const session = await challenge(harness);

    const short = await newPassword(harness, { username: 'city-440300', session, newPassword: 'short' });
    const same = await newPassword(harness, { username: 'city-440300', session, newPassword: PASSWORD });
    const good = await newPassword(harness, {
      username: 'city-440300',
      session,
      newPassword: 'a much better one 42',
    });

    expect([short.status, await short.json()]).toEqual([
      400,
      { error: { code: 'PASSWORD_REJECTED', message: '密码至少 8 个字符' } },
    ]);
    expect([same.status, await same.json()]).toEqual([
      400,
      { error: { code: 'PASSWORD_REJECTED', message: '新密码不能与初始密码相同' } },
    ]);
    expect(good.status).toBe(201);
  });

  it('refuses a session that expired, was used already, or belongs to another user', async () => {
    let now = NOW;
    const harness = await harnessWithInitialPassword({ now: () => now });
    const hangzhou = harness.users.users.get('city-330100')!;
    await harness.users.put({ ...hangzhou, mustChangePassword: true });
    const session = await challenge(harness);
    const expired = {
      error: { code: 'NEW_PASSWORD_SESSION_EXPIRED', message: '设置新密码的时限已过，请用初始密码重新登录' },
    };

    const otherUser = await newPassword(harness, {
      username: 'city-330100',
      session,
      newPassword: 'taking over 12345',
    });
    now = new Date(NOW.getTime() + 181_000);
    const late = await newPassword(harness, {
      username: 'city-440300',
      session,
      newPassword: 'too late now 12345',
    });
    now = NOW;
    const fresh = await challenge(harness);
    const used = await newPassword(harness, {
      username: 'city-440300',
      session: fresh,
      newPassword: 'the first answer 1',
    });
    const again = await newPassword(harness, {
      username: 'city-440300',
      session: fresh,
      newPassword: 'the second answer 2',
    });

    expect([otherUser.status, await otherUser.json()]).toEqual([401, expired]);
    expect([late.status, await late.json()]).toEqual([401, expired]);
    expect(used.status).toBe(201);
    expect([again.status, await again.json()]).toEqual([401, expired]);
    expect(harness.users.users.get('city-330100')?.mustChangePassword).toBe(true);
  });

  it('asks for every field in Chinese', async () => {
    const harness = await harnessWithInitialPassword();

    const noSession = await newPassword(harness, { username: 'city-440300', session: '', newPassword: 'x' });
    const noPassword = await newPassword(harness, {
      username: 'city-440300',
      session: 'abc',
      newPassword: '',
    });

    expect(await noSession.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: '缺少用户名或登录会话，请用初始密码重新登录' },
    });
    expect(await noPassword.json()).toEqual({ error: { code: 'BAD_REQUEST', message: '请填写新密码' } });
  });
});

describe('tokens', () => {
  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    let now = NOW;
    const harness = await startHarness({ now: () => now });
    const { token } = (await (await signIn(harness, 'city-440300', PASSWORD)).json()) as { token: string };
    expect((await me(harness, token)).status).toBe(200);

    now = new Date(NOW.getTime() + 601_000);
    const response = await me(harness, token);

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token whose claims were changed (another city) as TOKEN_INVALID', async () => {
    const harness = await startHarness();
    const token = await harness.tokenOf('shenzhen');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, city: '330100' })).toString('base64url'),
      signature,
    ].join('.');

    const response = await me(harness, tampered);

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another secret, an unsigned one and one for another audience', async () => {
    const harness = await startHarness();
    const claims = { role: 'analyst' };
    const otherSecret = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('analyst')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(NOW.getTime() / 1000))
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60)
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'analyst', ...claims })).toString('base64url')}.`;
    const otherAudience = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('analyst')
      .setIssuer(TOKEN_ISSUER)
      .setAudience('someone-else')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000))
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60)
      .sign(SECRET);

    for (const token of [otherSecret, unsigned, otherAudience, 'garbage'])
      expect((await me(harness, token)).status, token).toBe(401);
  });

  it('carries the role of the user it was issued to', async () => {
    const harness = await startHarness();
    const verified = await harness.tokens.verify(await harness.tokenOf('guangdong'));

    expect(verified).toEqual(USERS.guangdong);
  });
});

describe('password hashes', () => {
  it('are salted scrypt hashes that verify only the same password', async () => {
    const first = await hashPassword('一个足够长的密码');
    const second = await hashPassword('一个足够长的密码');

    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('一个足够长的密码', first)).toBe(true);
    expect(await verifyPassword('一个足够长的密码 ', first)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });
});
