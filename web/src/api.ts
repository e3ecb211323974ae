/**
 * The portal's client of the HTTP API (issue 13): one typed function per route, the bearer token
 * from the session, and the API's Chinese error message carried in ApiError.
 */
import type { Role } from '#shared/domain/identity.ts';
import type { UploadState } from '#shared/domain/submission.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import type { ReportJson } from '#shared/reports/reportJson.ts';
import { errorOutline } from './gatewayErrors.ts';

export type { ReportJson, Role, ValidationReport };

export interface Me {
  username: string;
  role: Role;
  roleLabel?: string;
  /** The city of a city user, and its name (深圳市). */
  city?: string;
  cityName?: string | null;
  /** The province of a province user, and its name (广东省). */
  province?: string;
  provinceName?: string | null;
  /** The cities the caller may read (one for a city, the province's for a province, all for analysts). */
  cities?: Array<{ code: string; name: string; province?: string }>;
  maxUploadBytes?: number;
}

/** An upload's state as the API reports it (the upload log's own states). */
export type UploadStatusCode = UploadState;

/** A city's own status for a period, or (province, analyst) how many of the caller's cities reported. */
export type PeriodStatus =
  | {
      uploads: number;
      reported: boolean;
      late: boolean;
      latest: { status: UploadStatusCode; eventTime: string; fileName: string } | null;
    }
  | { cities: number; reported: number };

export interface PeriodInfo {
  period: string;
  start?: string;
  end?: string;
  /** ISO-8601 deadline of the quarter. */
  deadline: string;
  /** Started (uploads accepted unless locked). */
  open?: boolean;
  overdue?: boolean;
  locked: boolean;
  status?: PeriodStatus;
}

export interface PeriodsAnswer {
  /** The server's clock (the demo runs at a fixed time). */
  now?: string;
  /** Newest first. */
  periods: PeriodInfo[];
}

export interface UploadSummary {
  /** The API's id: `{city}.{period}.{uploadId}`. */
  id: string;
  city: string;
  period: string;
  fileName: string;
  key?: string;
  status: UploadStatusCode;
  eventTime: string;
  late?: boolean;
  counts?: { errors: number; warnings: number };
  sheets?: Array<{ kind: string; name: string; status: string; rows: number }>;
  acceptedKinds?: string[];
  supersededKinds?: string[];
  hasReport?: boolean;
  hasAnnotated?: boolean;
  failure?: string;
}

export interface UploadDetail {
  upload: UploadSummary;
  /** Null until the ingest function has written it. */
  report: ValidationReport | null;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  key: string;
  maxBytes?: number;
  /** The form field that carries the file (last in the form). */
  fileField?: string;
}

export interface ReportEntry {
  key: string;
  name?: string;
  period: string | null;
  scope: string;
  city?: string | null;
  province?: string | null;
  format: string;
}

export interface AuditEntry {
  at: string;
  /** A user name, or the name tried in a failed sign-in. */
  actor: string;
  /** `upload`, `rollup`, `lock`, `unlock`, `sign_in_failed` … */
  action: string;
  /** What it was done to: a period, `440300/2024Q3`, a key … */
  target: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'ipstats.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** Called when the API answers 401: the app returns to the sign-in page. */
let onUnauthorised: () => void = () => {};
export function setUnauthorisedHandler(handler: () => void): void {
  onUnauthorised = handler;
}

function headers(json: boolean): Record<string, string> {
  const result: Record<string, string> = {};
  const token = storedToken();
  if (token) result.authorization = `Bearer ${token}`;
  if (json) result['content-type'] = 'application/json';
  return result;
}

async function failure(response: Response): Promise<ApiError> {
  const { code, message } = errorOutline(response.status, await response.json().catch(() => null));
  if (response.status === 401 && storedToken()) {
    storeToken(null);
    onUnauthorised();
  }
  return new ApiError(response.status, code, message);
}

export async function call(method: string, path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', { cause: error });
  }
  if (!response.ok) throw await failure(response);
  return response;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const q = encodeURIComponent;

/** Lists come back either bare or wrapped in an object (`{ periods: [...] }`). */
function list<T>(body: unknown, field: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const value = (body as Record<string, unknown> | null)?.[field];
  return Array.isArray(value) ? (value as T[]) : [];
}

/** `reports/cities/…/x.xlsx` → `/api/reports/cities/…/x.xlsx` (the bucket key is the API path). */
function reportPath(key: string): string {
  return `/api/${key.split('/').map(q).join('/')}`;
}

/** A sign-in's answer: a token, or (an initial password) the request to choose a new one. */
export type SignInAnswer =
  | { token: string; challenge?: undefined }
  | { challenge: 'NEW_PASSWORD_REQUIRED'; session: string; message: string; token?: undefined };

export const api = {
  signIn: (username: string, password: string) =>
    json<SignInAnswer>('POST', '/api/session', { username, password }),
  completeNewPassword: (username: string, session: string, newPassword: string) =>
    json<{ token: string }>('POST', '/api/session/new-password', { username, session, newPassword }),
  me: () => json<Me>('GET', '/api/me'),
  periods: async (): Promise<PeriodsAnswer> => {
    const body = await json<PeriodsAnswer | PeriodInfo[]>('GET', '/api/periods');
    return Array.isArray(body) ? { periods: body } : body;
  },
  uploads: async (filter: { period?: string; key?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as string[][]);
    const text = query.toString();
    return list<UploadSummary>(await json('GET', `/api/uploads${text ? `?${text}` : ''}`), 'uploads');
  },
  upload: (id: string) => json<UploadDetail>('GET', `/api/uploads/${q(id)}`),
  presign: (period: string, fileName: string, size: number) =>
    json<PresignedPost>('POST', '/api/uploads', { period, fileName, size }),
  reports: async (period?: string) =>
    list<ReportEntry>(await json('GET', `/api/reports${period ? `?period=${q(period)}` : ''}`), 'reports'),
  reportJson: (key: string) => json<ReportJson>('GET', reportPath(key)),
  rollup: (period: string) => json<unknown>('POST', '/api/rollups', { period }),
  lock: (period: string) => json<unknown>('PUT', `/api/locks/${q(period)}`),
  unlock: (period: string) => json<unknown>('DELETE', `/api/locks/${q(period)}`),
  audit: async () => list<AuditEntry>(await json('GET', '/api/audit'), 'entries'),
};

export const paths = {
  template: (period: string) => `/api/template?period=${q(period)}`,
  annotated: (id: string) => `/api/uploads/${q(id)}/annotated`,
  report: reportPath,
};
