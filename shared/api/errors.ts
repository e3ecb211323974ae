/**
 * API errors: a stable code for programs, a Chinese message for people, an HTTP status. Every
 * failure a route reports is one of these; anything else is answered as INTERNAL without detail.
 */

export const API_ERRORS = {
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  TOKEN_INVALID: { status: 401, message: '登录凭证无效，请重新登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  TOO_MANY_ATTEMPTS: { status: 429, message: '登录失败次数过多，请稍后再试' },
  SIGN_IN_UNAVAILABLE: { status: 404, message: '此部署不通过本接口登录' },
  PASSWORD_REJECTED: { status: 400, message: '新密码不符合要求' },
  NEW_PASSWORD_SESSION_EXPIRED: { status: 401, message: '设置新密码的时限已过，请用初始密码重新登录' },
  FORBIDDEN: { status: 403, message: '无权访问' },
  NOT_FOUND: { status: 404, message: '不存在' },
  BAD_REQUEST: { status: 400, message: '请求格式错误' },
  INVALID_PERIOD: { status: 400, message: '报告期格式错误（应为 2024Q3 或 2024）' },
  INVALID_FILE_NAME: { status: 400, message: '文件名无效' },
  INVALID_FILE_TYPE: { status: 400, message: '只接受 .xlsx 或 .csv 文件' },
  FILE_TOO_LARGE: { status: 413, message: '文件超过大小上限' },
  FILE_EMPTY: { status: 400, message: '文件为空' },
  PERIOD_NOT_STARTED: { status: 409, message: '报告期尚未开始，不能上传' },
  PERIOD_LOCKED: { status: 409, message: '报告期已锁定，不能上传' },
  UNKNOWN_CITY: { status: 400, message: '城市代码不在城市名录中' },
  NOT_READY: { status: 409, message: '结果尚未生成' },
  INTERNAL: { status: 500, message: '系统错误，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    /** A more precise Chinese message than the code's default (never about another city). */
    message?: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message ?? API_ERRORS[code].message, options);
    this.name = 'ApiError';
    this.status = API_ERRORS[code].status;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export function errorBody(code: ApiErrorCode, message?: string): ApiErrorBody {
  return { error: { code, message: message ?? API_ERRORS[code].message } };
}
