/**
 * Answers that do not come from the API function but from API Gateway in front of it: the HTTP
 * API's JWT authorizer refuses a missing, expired or foreign Cognito token with
 * `401 {"message":"Unauthorized"}`, throttling answers `429 {"message":"Too Many Requests"}`, a
 * timeout `503`/`504`. HTTP APIs cannot customise these bodies (gateway responses exist only for
 * REST APIs), so the portal puts them into the API's own form: a stable code and a Chinese message.
 * The API's own errors (`{ "error": { code, message } }`) pass through unchanged.
 */

export interface ErrorOutline {
  code: string;
  message: string;
}

const GATEWAY_ANSWERS: Record<number, ErrorOutline> = {
  401: { code: 'UNAUTHENTICATED', message: '登录已过期或无效，请重新登录' },
  403: { code: 'FORBIDDEN', message: '无权访问' },
  404: { code: 'NOT_FOUND', message: '接口不存在' },
  413: { code: 'FILE_TOO_LARGE', message: '请求内容过大' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' },
};

const UNAVAILABLE: ErrorOutline = { code: 'UNAVAILABLE', message: '系统暂时无法响应，请稍后再试' };

/** The code and Chinese message of an error answer, whoever wrote it (`body`: its parsed JSON, if any). */
export function errorOutline(status: number, body: unknown): ErrorOutline {
  const detail = (body as { error?: unknown } | null)?.error;
  if (typeof detail === 'object' && detail !== null) {
    const { code, message } = detail as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return { code, message };
  }
  return (
    GATEWAY_ANSWERS[status] ??
    (status >= 500 ? UNAVAILABLE : { code: `HTTP_${status}`, message: `请求失败（HTTP ${status}）` })
  );
}
