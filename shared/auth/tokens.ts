/**
 * Local session tokens: short-lived JWTs (HS256, jose) carrying the identity. The secret is the
 * state directory's (generated once); `ipstats serve` signs and verifies with it. On AWS, Cognito
 * issues the tokens and API Gateway's JWT authorizer verifies them (`api/authorizerIdentity.ts`).
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { type Identity, identityProblem, isRole } from '../domain/identity.ts';

export const TOKEN_ISSUER = 'ipstats-local';
export const TOKEN_AUDIENCE = 'ipstats-api';
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export interface TokenService {
  issue(identity: Identity): Promise<{ token: string; expiresAt: string }>;
  /** The identity in a valid token; throws TokenError (`expired` or `invalid`) otherwise. */
  verify(token: string): Promise<Identity>;
}

export class TokenError extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid',
    options?: { cause?: unknown },
  ) {
    super(reason === 'expired' ? '登录已过期' : '登录凭证无效', options);
    this.name = 'TokenError';
  }
}

export function createTokenService(options: {
  secret: Uint8Array;
  ttlSeconds?: number;
  now?: () => Date;
}): TokenService {
  const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const now = options.now ?? (() => new Date());
  return {
    async issue(identity) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const token = await new SignJWT({
        role: identity.role,
        ...(identity.city ? { city: identity.city } : {}),
        ...(identity.province ? { province: identity.province } : {}),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity.username)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .sign(options.secret);
      return { token, expiresAt: new Date((issuedAt + ttl) * 1000).toISOString() };
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, options.secret, {
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          algorithms: ['HS256'],
          currentDate: now(),
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const identity: Identity = {
          username: String(payload.sub),
          role: isRole(payload.role) ? payload.role : ('?' as never),
          ...(typeof payload.city === 'string' ? { city: payload.city } : {}),
          ...(typeof payload.province === 'string' ? { province: payload.province } : {}),
        };
        if (identityProblem(identity)) throw new TokenError('invalid');
        return identity;
      } catch (error) {
        if (error instanceof TokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenError('expired', { cause: error });
        throw new TokenError('invalid', { cause: error });
      }
    },
  };
}
