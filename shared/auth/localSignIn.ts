/**
 * Sign-in against the local users: password checked with scrypt, attempts rate-limited, failures
 * written to the audit trail, a short-lived token issued on success. An unknown user costs the
 * same scrypt work as a wrong password, and both get the same answer.
 */

import type { Identity } from '../domain/identity.ts';
import type { AuditTrail, SignInService } from '../ports.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import type { SignInLimiter } from './rateLimit.ts';
import type { TokenService } from './tokens.ts';
import type { UserDirectory } from './users.ts';

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
  return {
    async signIn(username, password, source) {
      const retryAfter = deps.limiter.retryAfter(username, source);
      if (retryAfter > 0) {
        await deps.audit.append({
          at: now().toISOString(),
          action: 'sign_in_failed',
          actor: username,
          target: 'session',
          details: { reason: 'too_many_attempts', source },
        });
        return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: retryAfter };
      }
      const user = await deps.users.find(username);
      const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !matches || (user.demo && !deps.allowDemoUsers)) {
        deps.limiter.failed(username, source);
        await deps.audit.append({
          at: now().toISOString(),
          action: 'sign_in_failed',
          actor: username,
          target: 'session',
          details: {
            reason: !user ? 'unknown_user' : !matches ? 'wrong_password' : 'demo_user_off_loopback',
            source,
          },
        });
        return { ok: false, reason: 'invalid_credentials' };
      }
      deps.limiter.succeeded(username);
      const identity: Identity = {
        username: user.username,
        role: user.role,
        ...(user.city ? { city: user.city } : {}),
        ...(user.province ? { province: user.province } : {}),
      };
      const { token, expiresAt } = await deps.tokens.issue(identity);
      return { ok: true, token, expiresAt, identity };
    },
  };
}
