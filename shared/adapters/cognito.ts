/**
 * Identity on AWS: Cognito signs users in and issues ID tokens; API Gateway's JWT authorizer
 * verifies them (issuer, audience = the portal's app client, expiry, signature) before the API
 * function runs, and hands over the claims. The role is the user's one Cognito group (`city`,
 * `province`, `analyst`), the city and province codes its custom attributes `custom:city` /
 * `custom:province`. `POST /api/session` signs in through Cognito's USER_PASSWORD_AUTH flow.
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Authenticate } from '../api/deps.ts';
import { ApiError } from '../api/errors.ts';
import type { SignInService } from '../auth/localSignIn.ts';
import { type Identity, identityProblem, ROLES, type Role } from '../domain/identity.ts';
import type { AuditTrail } from '../ports.ts';

/** Claims as API Gateway HTTP API passes them (`requestContext.authorizer.jwt.claims`). */
type Claims = Record<string, string | number | boolean | string[] | undefined>;

export const CITY_ATTRIBUTE = 'city';
export const PROVINCE_ATTRIBUTE = 'province';

/** API Gateway renders a list claim as `"[city]"` or `"[a b]"`; a decoded token has an array. */
export function claimList(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The identity in verified claims; undefined when they do not make exactly one valid identity. */
export function identityFromClaims(claims: Claims): Identity | undefined {
  const roles = claimList(claims['cognito:groups']).filter((group): group is Role =>
    (ROLES as readonly string[]).includes(group),
  );
  if (roles.length !== 1 || !roles[0]) return undefined;
  const username = String(claims['cognito:username'] ?? claims.username ?? claims.sub ?? '');
  if (!username) return undefined;
  const city = claims[`custom:${CITY_ATTRIBUTE}`];
  const province = claims[`custom:${PROVINCE_ATTRIBUTE}`];
  const identity: Identity = {
    username,
    role: roles[0],
    ...(roles[0] === 'city' && typeof city === 'string' ? { city } : {}),
    ...(roles[0] === 'province' && typeof province === 'string' ? { province } : {}),
  };
  return identityProblem(identity) ? undefined : identity;
}

/** Reads the authorizer's claims from the Lambda event Hono passes as `env.event`. */
export const authorizerAuthentication: Authenticate = async ({ env }) => {
  const claims = (env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: Claims } } } } })
    .event?.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new ApiError('UNAUTHENTICATED');
  const identity = identityFromClaims(claims);
  if (!identity) throw new ApiError('TOKEN_INVALID', '账号未分配角色或城市，请联系管理员');
  return identity;
};

export function createCognitoSignIn(deps: {
  client: CognitoIdentityProviderClient;
  clientId: string;
  audit: AuditTrail;
  now?: () => Date;
}): SignInService {
  const now = deps.now ?? (() => new Date());
  return {
    async signIn(username, password, source) {
      try {
        const result = await deps.client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: deps.clientId,
            AuthParameters: { USERNAME: username, PASSWORD: password },
          }),
        );
        const token = result.AuthenticationResult?.IdToken;
        if (!token)
          throw new ApiError(
            'SIGN_IN_UNAVAILABLE',
            '需要完成额外的登录步骤（如修改初始密码），请通过管理员重置',
          );
        const claims = JSON.parse(
          Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
        ) as Claims;
        const identity = identityFromClaims(claims);
        if (!identity) throw new ApiError('TOKEN_INVALID', '账号未分配角色或城市，请联系管理员');
        const expiresIn = result.AuthenticationResult?.ExpiresIn ?? 3600;
        return {
          ok: true,
          token,
          identity,
          expiresAt: new Date(now().getTime() + expiresIn * 1000).toISOString(),
        };
      } catch (error) {
        if (!(error instanceof NotAuthorizedException || error instanceof UserNotFoundException)) throw error;
        await deps.audit.append({
          at: now().toISOString(),
          action: 'sign_in_failed',
          actor: username,
          target: 'session',
          details: { reason: error.name, source },
        });
        // Cognito counts failures and locks the user out for a while (its own rate limit).
        return /attempts exceeded/i.test(error.message)
          ? { ok: false, reason: 'too_many_attempts', retryAfterSeconds: 900 }
          : { ok: false, reason: 'invalid_credentials' };
      }
    },
  };
}

export function createCognitoClient(region?: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(region ? { region } : {});
}
