/**
 * `POST /api/session`: sign-in, `{ username, password }` → 201 `{ token, expiresAt, user }`; or,
 * for a user whose password is an initial one, 200 `{ challenge: 'NEW_PASSWORD_REQUIRED', session }`
 * and then `POST /api/session/new-password`, `{ username, session, newPassword }` → 201 as above.
 */
import type { Context, Hono } from 'hono';
import { ROLE_LABELS } from '../../domain/identity.ts';
import type { SignInResult, SignInService } from '../../ports.ts';
import type { ApiEnv } from '../app.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, sourceOf } from '../http.ts';

export const NEW_PASSWORD_CHALLENGE = 'NEW_PASSWORD_REQUIRED';

export function registerSession(app: Hono<ApiEnv>, deps: ApiDeps): void {
  const service = (): SignInService => {
    if (!deps.signIn) throw new ApiError('SIGN_IN_UNAVAILABLE', '请通过统一身份认证（Cognito）登录');
    return deps.signIn;
  };

  app.post('/api/session', async (c) => {
    const signIn = service();
    const { username, password } = await jsonBody(c);
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      throw new ApiError('BAD_REQUEST', '请填写用户名和密码');
    if (username.length > 128 || password.length > 1024) throw new ApiError('INVALID_CREDENTIALS');
    return answer(c, await signIn.signIn(username.trim(), password, sourceOf(c, deps)));
  });

  app.post('/api/session/new-password', async (c) => {
    const signIn = service();
    const { username, session, newPassword } = await jsonBody(c);
    if (typeof username !== 'string' || typeof session !== 'string' || !username || !session)
      throw new ApiError('BAD_REQUEST', '缺少用户名或登录会话，请用初始密码重新登录');
    if (typeof newPassword !== 'string' || !newPassword) throw new ApiError('BAD_REQUEST', '请填写新密码');
    if (username.length > 128 || session.length > 4096 || newPassword.length > 256)
      throw new ApiError('BAD_REQUEST', '用户名、会话或新密码过长');
    return answer(
      c,
      await signIn.completeNewPassword(username.trim(), session, newPassword, sourceOf(c, deps)),
    );
  });
}

function answer(c: Context<ApiEnv>, result: SignInResult): Response {
  if (result.ok)
    return c.json(
      {
        token: result.token,
        expiresAt: result.expiresAt,
        user: { ...result.identity, roleLabel: ROLE_LABELS[result.identity.role] },
      },
      201,
    );
  switch (result.reason) {
    case 'new_password_required':
      return c.json(
        {
          challenge: NEW_PASSWORD_CHALLENGE,
          session: result.session,
          message: '这是管理员设置的初始密码，请设置您自己的新密码后登录',
        },
        200,
      );
    case 'too_many_attempts':
      throw new ApiError(
        'TOO_MANY_ATTEMPTS',
        `登录失败次数过多，请 ${Math.ceil(result.retryAfterSeconds / 60)} 分钟后再试`,
        { retryAfterSeconds: result.retryAfterSeconds },
      );
    case 'password_rejected':
      throw new ApiError('PASSWORD_REJECTED', result.message);
    case 'session_expired':
      throw new ApiError('NEW_PASSWORD_SESSION_EXPIRED');
    case 'challenge':
      throw new ApiError('SIGN_IN_UNAVAILABLE', '需要完成额外的登录步骤（如多因素验证），请联系管理员');
    case 'no_role':
      throw new ApiError('TOKEN_INVALID', '账号未分配角色或城市，请联系管理员');
    default:
      throw new ApiError('INVALID_CREDENTIALS');
  }
}
