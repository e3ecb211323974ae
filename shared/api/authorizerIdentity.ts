/** The caller on AWS: API Gateway's JWT authorizer has verified the token and passes its claims. */
import { type Claims, identityFromClaims } from '../domain/claims.ts';
import type { Authenticate } from './deps.ts';
import { ApiError } from './errors.ts';

/** Reads the authorizer's claims from the Lambda event Hono passes as `env.event`. */
export const authorizerAuthentication: Authenticate = async ({ env }) => {
  const claims = (env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: Claims } } } } })
    .event?.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new ApiError('UNAUTHENTICATED');
  const identity = identityFromClaims(claims);
  if (!identity) throw new ApiError('TOKEN_INVALID', '账号未分配角色或城市，请联系管理员');
  return identity;
};
