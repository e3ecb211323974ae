/**
 * The identity in a Cognito ID token's claims: the role is the user's one Cognito group (`city`,
 * `province`, `analyst`), the city and province codes its custom attributes `custom:city` /
 * `custom:province`. Used where API Gateway's JWT authorizer hands over verified claims and where
 * a Cognito sign-in returns a token.
 */
import { type Identity, identityProblem, ROLES, type Role } from './identity.ts';

/** Claims as API Gateway HTTP API passes them (`requestContext.authorizer.jwt.claims`). */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

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
