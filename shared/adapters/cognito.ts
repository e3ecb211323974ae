/**
 * Sign-in on AWS: `POST /api/session` signs in through Cognito's USER_PASSWORD_AUTH flow and
 * returns Cognito's ID token; API Gateway's JWT authorizer verifies such tokens (issuer, audience =
 * the portal's app client, expiry, signature) before the API function runs
 * (`api/authorizerIdentity.ts`). A user created by an administrator signs in first with a
 * temporary password: Cognito answers with the NEW_PASSWORD_REQUIRED challenge, and
 * `completeNewPassword` answers it with the password the user chose.
 */
import {
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Claims, identityFromClaims } from '../domain/claims.ts';
import { type AuditTrail, type SignInResult, type SignInService, sessionAudit } from '../ports.ts';

/** The user pool's password policy (`infra/constructs/api.ts`), as the portal tells it. */
export const COGNITO_PASSWORD_POLICY_TEXT = '新密码至少 12 个字符，须包含大写字母、小写字母、数字和符号';

export function createCognitoSignIn(deps: {
  client: CognitoIdentityProviderClient;
  clientId: string;
  audit: AuditTrail;
  now?: () => Date;
}): SignInService {
  const now = deps.now ?? (() => new Date());
  const audit = sessionAudit(deps.audit, now);
  const signedIn = (result: AuthenticationResultType | undefined): SignInResult => {
    const token = result?.IdToken;
    if (!token) return { ok: false, reason: 'challenge' };
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
    const identity = identityFromClaims(claims);
    if (!identity) return { ok: false, reason: 'no_role' };
    const expiresIn = result?.ExpiresIn ?? 3600;
    return {
      ok: true,
      token,
      identity,
      expiresAt: new Date(now().getTime() + expiresIn * 1000).toISOString(),
    };
  };
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
        if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED' && result.Session)
          return { ok: false, reason: 'new_password_required', session: result.Session };
        return signedIn(result.AuthenticationResult);
      } catch (error) {
        if (!(error instanceof NotAuthorizedException || error instanceof UserNotFoundException)) throw error;
        await audit('sign_in_failed', username, error.name, source);
        // Cognito counts failures and locks the user out for a while (its own rate limit).
        return /attempts exceeded/i.test(error.message)
          ? { ok: false, reason: 'too_many_attempts', retryAfterSeconds: 900 }
          : { ok: false, reason: 'invalid_credentials' };
      }
    },

    async completeNewPassword(username, session, newPassword, source) {
      try {
        const result = await deps.client.send(
          new RespondToAuthChallengeCommand({
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            ClientId: deps.clientId,
            Session: session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
          }),
        );
        const answer = signedIn(result.AuthenticationResult);
        if (answer.ok) await audit('password_changed', username, 'initial_password', source);
        return answer;
      } catch (error) {
        if (error instanceof InvalidPasswordException)
          return { ok: false, reason: 'password_rejected', message: COGNITO_PASSWORD_POLICY_TEXT };
        // An expired or unknown session (3 minutes), or a session of another user.
        if (!(error instanceof NotAuthorizedException || error instanceof UserNotFoundException)) throw error;
        await audit('sign_in_failed', username, `new_password: ${error.name}`, source);
        return { ok: false, reason: 'session_expired' };
      }
    },
  };
}

export function createCognitoClient(region?: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(region ? { region } : {});
}
