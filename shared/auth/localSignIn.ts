/**
 * Sign-in against the local users: password checked with scrypt, attempts rate-limited, failures
 * written to the audit trail, a short-lived token issued on success. An unknown user costs the
 * same scrypt work as a wrong password, and both get the same answer. A user added with an
 * initial password (`ipstats users add --temporary`) must choose a new one first, within
 * `NEW_PASSWORD_SESSION_SECONDS` of signing in with it, as Cognito asks of its users.
 */
import { randomBytes } from 'node:crypto';

import type { Identity } from '../domain/identity.ts';
import { type AuditTrail, type SignInResult, type SignInService, sessionAudit } from '../ports.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import type { SignInLimiter } from './rateLimit.ts';
import type { TokenService } from './tokens.ts';
import type { LocalUser, UserDirectory } from './users.ts';

/** How long the answer to a sign-in with an initial password may take (Cognito's session: 3 minutes). */
export const NEW_PASSWORD_SESSION_SECONDS = 180;

export function createLocalSignIn(deps: {
  users: UserDirectory;
  tokens: TokenService;
  limiter: SignInLimiter;
  audit: AuditTrail;
  /** False when the server listens beyond loopback: demo users are refused then. */
  allowDemoUsers: boolean;
  now?: () => Date;
}): SignInService {
  const now = deps.now ?? (() => new Date());
  const audit = sessionAudit(deps.audit, now);
  /** Sign-ins with an initial password waiting for the new one: session → user, expiry (ms). */
  const sessions = new Map<string, { username: string; expiresAt: number }>();
  const forgetExpiredSessions = () => {
    for (const [session, pending] of sessions)
      if (pending.expiresAt <= now().getTime()) sessions.delete(session);
  };
  const signedIn = async (user: LocalUser): Promise<SignInResult> => {
    const identity: Identity = {
      username: user.username,
      role: user.role,
      ...(user.city ? { city: user.city } : {}),
      ...(user.province ? { province: user.province } : {}),
    };
    const { token, expiresAt } = await deps.tokens.issue(identity);
    return { ok: true, token, expiresAt, identity };
  };
  return {
    async signIn(username, password, source) {
      const retryAfter = deps.limiter.retryAfter(username, source);
      if (retryAfter > 0) {
        await audit('sign_in_failed', username, 'too_many_attempts', source);
        return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: retryAfter };
      }
      const user = await deps.users.find(username);
      const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !matches || (user.demo && !deps.allowDemoUsers)) {
        deps.limiter.failed(username, source);
        await audit(
          'sign_in_failed',
          username,
          !user ? 'unknown_user' : !matches ? 'wrong_password' : 'demo_user_off_loopback',
          source,
        );
        return { ok: false, reason: 'invalid_credentials' };
      }
      deps.limiter.succeeded(username);
      if (user.mustChangePassword) {
        const session = randomBytes(32).toString('base64url');
        forgetExpiredSessions();
        sessions.set(session, {
          username: user.username,
          expiresAt: now().getTime() + NEW_PASSWORD_SESSION_SECONDS * 1000,
        });
        return { ok: false, reason: 'new_password_required', session };
      }
      return signedIn(user);
    },

    async completeNewPassword(username, session, newPassword, source) {
      const pending = sessions.get(session);
      if (!pending || pending.username !== username || pending.expiresAt <= now().getTime()) {
        await audit('sign_in_failed', username, 'new_password_session_expired', source);
        return { ok: false, reason: 'session_expired' };
      }
      const weak = passwordProblem(newPassword);
      if (weak) return { ok: false, reason: 'password_rejected', message: weak };
      const user = await deps.users.find(username);
      if (!user) return { ok: false, reason: 'session_expired' };
      if (await verifyPassword(newPassword, user.passwordHash))
        return { ok: false, reason: 'password_rejected', message: '新密码不能与初始密码相同' };
      sessions.delete(session);
      const { mustChangePassword: _changed, ...rest } = user;
      const changed: LocalUser = { ...rest, passwordHash: await hashPassword(newPassword) };
      await deps.users.put(changed);
      await audit('password_changed', username, 'initial_password', source);
      return signedIn(changed);
    },
  };
}
