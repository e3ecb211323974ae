/** `POST /api/session`: local sign-in, `{ username, password }` → `{ token, expiresAt, user }`. */
import type { Hono } from 'hono';
import { ROLE_LABELS } from '../../domain/identity.ts';
import type { ApiEnv } from '../app.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, sourceOf } from '../http.ts';

export function registerSession(app: Hono<ApiEnv>, deps: ApiDeps): void {
  app.post('/api/session', async (c) => {
    if (!deps.signIn) throw new ApiError('SIGN_IN_UNAVAILABLE', '请通过统一身份认证（Cognito）登录');
    const body = await jsonBody(c);
    const { username, password } = body;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      throw new ApiError('BAD_REQUEST', '请填写用户名和密码');
    if (username.length > 128 || password.length > 1024) throw new ApiError('INVALID_CREDENTIALS');
    const result = await deps.signIn.signIn(username.trim(), password, sourceOf(c, deps));
    if (!result.ok) {
      if (result.reason === 'too_many_attempts')
        throw new ApiError(
          'TOO_MANY_ATTEMPTS',
          `登录失败次数过多，请 ${Math.ceil(result.retryAfterSeconds / 60)} 分钟后再试`,
          { retryAfterSeconds: result.retryAfterSeconds },
        );
      if (result.reason === 'challenge')
        throw new ApiError(
          'SIGN_IN_UNAVAILABLE',
          '需要完成额外的登录步骤（如修改初始密码），请通过管理员重置',
        );
      if (result.reason === 'no_role')
        throw new ApiError('TOKEN_INVALID', '账号未分配角色或城市，请联系管理员');
      throw new ApiError('INVALID_CREDENTIALS');
    }
    return c.json(
      {
        token: result.token,
        expiresAt: result.expiresAt,
        user: { ...result.identity, roleLabel: ROLE_LABELS[result.identity.role] },
      },
      201,
    );
  });
}
