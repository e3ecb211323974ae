/**
 * Sign-in on AWS: `POST /api/session` signs in through Cognito's USER_PASSWORD_AUTH flow and
 * returns Cognito's ID token; API Gateway's JWT authorizer verifies such tokens (issuer, audience =
 * the portal's app client, expiry, signature) before the API function runs
 * (`api/authorizerIdentity.ts`).
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Claims, identityFromClaims } from '../domain/claims.ts';
import type { AuditTrail, SignInService } from '../ports.ts';

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
        if (!token) return { ok: false, reason: 'challenge' };
        const claims = JSON.parse(
          Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
        ) as Claims;
        const identity = identityFromClaims(claims);
        if (!identity) return { ok: false, reason: 'no_role' };
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
