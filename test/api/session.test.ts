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
