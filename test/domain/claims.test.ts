/**
 * Cognito claims → identity: API Gateway passes groups as `"[city]"`, a decoded ID token as an
 * array; exactly one known group and the attribute its role needs make an identity.
 */
import { describe, expect, it } from 'vitest';
import { type Claims, claimList, identityFromClaims } from '#shared/domain/claims.ts';

function claims(overrides: Claims): Claims {
  return { 'cognito:username': 'sz-clerk', ...overrides };
}

describe('identity from Cognito claims', () => {
  it('reads a list claim as API Gateway renders it and as a decoded token holds it', () => {
    expect([claimList('[city]'), claimList('[a b]'), claimList(['analyst']), claimList(undefined)]).toEqual([
      ['city'],
      ['a', 'b'],
      ['analyst'],
      [],
    ]);
  });

  it('gives a city user its city from custom:city, and nothing of the province attribute', () => {
    const identity = identityFromClaims(
      claims({ 'cognito:groups': '[city]', 'custom:city': '440300', 'custom:province': '440000' }),
    );

    expect(identity).toEqual({ username: 'sz-clerk', role: 'city', city: '440300' });
  });

  it('gives a province user its province code', () => {
    const identity = identityFromClaims(
      claims({ 'cognito:groups': ['province'], 'custom:province': '440000' }),
    );

    expect(identity).toEqual({ username: 'sz-clerk', role: 'province', province: '440000' });
  });

  it('refuses no group, two groups, an unknown group and a city user without a city', () => {
    const refused = [
      claims({}),
      claims({ 'cognito:groups': '[city analyst]', 'custom:city': '440300' }),
      claims({ 'cognito:groups': '[admin]' }),
      claims({ 'cognito:groups': '[city]' }),
      { 'cognito:groups': '[analyst]' },
    ].map(identityFromClaims);

    expect(refused).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
