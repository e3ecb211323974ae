/** The portal's reading of error answers: API Gateway's English bodies become the API's Chinese form. */
import { describe, expect, it } from 'vitest';
import { errorOutline } from '../../web/src/gatewayErrors.ts';

describe("the portal's error outline", () => {
  it("keeps the API's own code and Chinese message", () => {
    const body = { error: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } };

    expect(errorOutline(401, body)).toEqual({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
  });

  it("turns the JWT authorizer's 401 {message: Unauthorized} into a Chinese sign-in prompt", () => {
    expect(errorOutline(401, { message: 'Unauthorized' })).toEqual({
      code: 'UNAUTHENTICATED',
      message: '登录已过期或无效，请重新登录',
    });
  });

  it("turns the gateway's throttling and timeouts into Chinese messages", () => {
    expect(errorOutline(429, { message: 'Too Many Requests' }).message).toBe('请求过于频繁，请稍后再试');
    expect(errorOutline(503, { message: 'Service Unavailable' }).code).toBe('UNAVAILABLE');
    expect(errorOutline(504, null).message).toBe('系统暂时无法响应，请稍后再试');
  });

  it('names the status of any other answer without a body it understands', () => {
    expect(errorOutline(418, 'not json')).toEqual({ code: 'HTTP_418', message: '请求失败（HTTP 418）' });
  });
});
