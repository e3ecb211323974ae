/**
 * Sign-in through Cognito (`adapters/cognito.ts`) with the real SDK client against a fake user pool
 * over HTTP: a password sign-in, a wrong password, and a first sign-in with the temporary password
 * an administrator set, answered with the user's own new password.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COGNITO_PASSWORD_POLICY_TEXT, createCognitoSignIn } from '#shared/adapters/cognito.ts';
import type { SignInResult, SignInService } from '#shared/ports.ts';
import { type FakeCognito, startFakeCognito } from '../support/fakeCognito.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';

const NOW = new Date('2024-11-01T04:00:00Z');
const CITY_CLAIMS = { 'cognito:groups': ['city'], 'custom:city': '440300' };

let cognito: FakeCognito;
let audit: MemorySubmissionStore;
let signIn: SignInService;

beforeEach(async () => {
  cognito = await startFakeCognito({
    'sz-stats': { password: 'Permanent-Pass-1', temporary: false, claims: CITY_CLAIMS },
    'sz-new': { password: 'Temp-Pass-0001', temporary: true, claims: CITY_CLAIMS },
  });
  audit = new MemorySubmissionStore();
  signIn = createCognitoSignIn({
    client: new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    clientId: 'portal-client',
    audit,
    now: () => NOW,
  });
});

afterEach(async () => {
  await cognito.stop();
});

const auditTrail = async () =>
  (await audit.listAudit({ from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' })).map((entry) => [
    entry.action,
    entry.actor,
    entry.details?.reason,
  ]);

function sessionOf(result: SignInResult): string {
  if (result.ok || result.reason !== 'new_password_required')
    throw new Error(`no challenge: ${JSON.stringify(result)}`);
  return result.session;
}

describe('Cognito sign-in', () => {
  it("gives the ID token and the identity in its claims for a user's own password", async () => {
    const result = await signIn.signIn('sz-stats', 'Permanent-Pass-1', '192.0.2.1');

    expect(result).toMatchObject({
      ok: true,
      identity: { username: 'sz-stats', role: 'city', city: '440300' },
      expiresAt: '2024-11-01T05:00:00.000Z',
    });
  });

  it('refuses a wrong password and audits it', async () => {
    const result = await signIn.signIn('sz-stats', 'wrong', '192.0.2.1');

    expect(result).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await auditTrail()).toEqual([['sign_in_failed', 'sz-stats', 'NotAuthorizedException']]);
  });

  it('asks a user with a temporary password for a new one, then signs them in with it', async () => {
    const session = sessionOf(await signIn.signIn('sz-new', 'Temp-Pass-0001', '192.0.2.1'));

    const result = await signIn.completeNewPassword('sz-new', session, 'My-Own-Pass-2024', '192.0.2.1');

    expect(result).toMatchObject({
      ok: true,
      identity: { username: 'sz-new', role: 'city', city: '440300' },
    });
    expect(cognito.users.get('sz-new')).toMatchObject({ password: 'My-Own-Pass-2024', temporary: false });
    expect(await signIn.signIn('sz-new', 'My-Own-Pass-2024', '192.0.2.1')).toMatchObject({ ok: true });
    expect(await auditTrail()).toEqual([['password_changed', 'sz-new', 'initial_password']]);
  });

  it("tells the pool's password policy in Chinese when the new password breaks it, and the session still works", async () => {
    const session = sessionOf(await signIn.signIn('sz-new', 'Temp-Pass-0001', '192.0.2.1'));

    const weak = await signIn.completeNewPassword('sz-new', session, 'alllowercase', '192.0.2.1');
    const strong = await signIn.completeNewPassword('sz-new', session, 'My-Own-Pass-2024', '192.0.2.1');

    expect(weak).toEqual({ ok: false, reason: 'password_rejected', message: COGNITO_PASSWORD_POLICY_TEXT });
    expect(strong).toMatchObject({ ok: true });
  });

  it('answers an expired session as expired and audits it', async () => {
    const session = sessionOf(await signIn.signIn('sz-new', 'Temp-Pass-0001', '192.0.2.1'));
    cognito.expireSessions();

    const result = await signIn.completeNewPassword('sz-new', session, 'My-Own-Pass-2024', '192.0.2.1');

    expect(result).toEqual({ ok: false, reason: 'session_expired' });
    expect(cognito.users.get('sz-new')?.temporary).toBe(true);
    expect(await auditTrail()).toEqual([
      ['sign_in_failed', 'sz-new', 'new_password: NotAuthorizedException'],
    ]);
  });
});
