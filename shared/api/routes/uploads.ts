/**
 * Uploads: `POST /api/uploads` presigns a browser upload into the caller's own
 * `uploads/{city}/{period}/` (the key is built here from the identity, never from the request);
 * the bucket's notification then runs the same ingest as every other upload.
 * `GET /api/uploads` lists uploads with their status, `GET /api/uploads/{id}` gives one with its
 * validation report, `…/annotated` the annotated workbook.
 *
 * Upload ids in the API are `{city}.{period}.{uploadId}`: the city is checked before anything is
 * read, so asking for another city's upload answers 403 whether it exists or not.
 */
import { canReadCity, type Identity, uploadCityOf } from '../../domain/identity.ts';
import { isFuture, parseQuarter } from '../../domain/period.ts';
import { findCity } from '../../domain/registry.ts';
import type { UploadRecord } from '../../domain/submission.ts';
import { ALL_CITIES } from '../../ingest/locks.ts';
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { audit, callerOf, jsonBody, nowOf, parsePeriodParam, readableCities, sendObject } from '../http.ts';

/** How long a presigned POST stays valid. */
export const PRESIGN_SECONDS = 15 * 60;
const UPLOAD_SUFFIXES = ['.xlsx', '.csv'];
const MAX_FILE_NAME = 120;

export const registerUploads: RouteModule = (app, deps) => {
  app.post('/uploads', async (c) => {
    const identity = callerOf(c);
    const city = uploadCityOf(identity);
    if (!city) throw new ApiError('FORBIDDEN', '只有城市用户可以上传');
    const body = await jsonBody(c);
    const period = parsePeriodParam(typeof body.period === 'string' ? body.period : '', 'quarter');
    if (!period) throw new ApiError('INVALID_PERIOD', '请指定报告期（季度，如 2024Q3）');
    const fileName = cleanFileName(body.fileName);
    const size = body.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
      throw new ApiError('BAD_REQUEST', 'size 应为文件的字节数');
    if (size === 0) throw new ApiError('FILE_EMPTY');
    if (size > deps.maxUploadBytes)
      throw new ApiError('FILE_TOO_LARGE', `文件超过大小上限 ${formatBytes(deps.maxUploadBytes)}`);
    if (!findCity(await deps.registry(), city)) throw new ApiError('UNKNOWN_CITY');
    const quarter = parseQuarter(period.code);
    if (isFuture(quarter, nowOf(deps)))
      throw new ApiError('PERIOD_NOT_STARTED', `报告期 ${quarter.code} 尚未开始，不能上传`);
    const locks = await deps.locks.listLocks(quarter.code);
    if (locks.some((lock) => lock.city === ALL_CITIES || lock.city === city))
      throw new ApiError('PERIOD_LOCKED', `报告期 ${quarter.code} 已锁定，不能上传（如需更正请联系部委）`);

    const key = `uploads/${city}/${quarter.code}/${fileName}`;
    const post = await deps.presigner.presign({
      key,
      maxBytes: deps.maxUploadBytes,
      expiresSeconds: PRESIGN_SECONDS,
    });
    await audit(c, deps, {
      action: 'upload',
      target: key,
      details: { city, period: quarter.code, fileName },
    });
    return c.json(
      { key, period: quarter.code, fileName, maxBytes: deps.maxUploadBytes, ...post, fileField: 'file' },
      201,
    );
  });

  app.get('/uploads', async (c) => {
    const identity = callerOf(c);
    const period = parsePeriodParam(c.req.query('period'), 'quarter');
    const cities = readableCities(identity, await deps.registry(), c.req.query('city'));
    const key = c.req.query('key');
    const etag = c.req.query('etag')?.replace(/"/g, '');
    const uploads: UploadRecord[] = [];
    for (const city of cities) uploads.push(...(await deps.uploads.listUploads(city.code, period?.code)));
    const matching = uploads.filter(
      (upload) => (!key || upload.key === key) && (!etag || upload.etag?.replace(/"/g, '') === etag),
    );
    return c.json({ uploads: matching.map(uploadSummary) });
  });

  app.get('/uploads/:id', async (c) => {
    const upload = await readableUpload(callerOf(c), c.req.param('id'));
    const report = upload.reportKey ? await deps.objects.getJson(upload.reportKey).catch(() => null) : null;
    return c.json({ upload: uploadSummary(upload), report });
  });

  app.get('/uploads/:id/annotated', async (c) => {
    const upload = await readableUpload(callerOf(c), c.req.param('id'));
    if (!upload.annotatedKey)
      throw new ApiError('NOT_FOUND', upload.reportKey ? '该文件没有问题，没有批注版工作簿' : '结果尚未生成');
    const base = upload.fileName.replace(/\.[^.]+$/, '');
    return sendObject(c, deps, upload.annotatedKey, `${base}-校验批注.xlsx`);
  });

  async function readableUpload(identity: Identity, id: string): Promise<UploadRecord> {
    const parts = parseUploadId(id);
    // Authorization first: the answer for another city must not depend on what exists.
    if (!parts || !canReadCity(identity, parts.city)) throw new ApiError('FORBIDDEN');
    const upload = await deps.uploads.getUpload(parts.city, parts.period, parts.uploadId);
    if (!upload) throw new ApiError('NOT_FOUND', '上传记录不存在');
    return upload;
  }
};

/** The API's id of an upload: `{city}.{period}.{uploadId}`. */
export function uploadApiId(upload: Pick<UploadRecord, 'city' | 'period' | 'uploadId'>): string {
  return `${upload.city}.${upload.period}.${upload.uploadId}`;
}

export function parseUploadId(id: string): { city: string; period: string; uploadId: string } | undefined {
  const match = /^(\d{6})\.(\d{4}Q[1-4])\.([0-9TZ]{16}-[0-9a-f]{12})$/.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { city: match[1], period: match[2], uploadId: match[3] };
}

export function uploadSummary(upload: UploadRecord) {
  return {
    id: uploadApiId(upload),
    city: upload.city,
    period: upload.period,
    fileName: upload.fileName,
    key: upload.key,
    status: upload.status,
    eventTime: upload.eventTime,
    late: upload.late,
    counts: upload.counts,
    sheets: upload.sheets,
    acceptedKinds: upload.acceptedKinds,
    supersededKinds: upload.supersededKinds,
    ...(upload.etag ? { etag: upload.etag } : {}),
    ...(upload.size === undefined ? {} : { size: upload.size }),
    ...(upload.sameAsUploadId ? { sameAs: uploadApiId({ ...upload, uploadId: upload.sameAsUploadId }) } : {}),
    hasReport: Boolean(upload.reportKey),
    hasAnnotated: Boolean(upload.annotatedKey),
    ...(upload.status === 'failed' ? { failure: '系统处理失败，请重新上传或联系管理员' } : {}),
  };
}

/** The last path segment, without control characters; must end in .xlsx or .csv. */
function cleanFileName(raw: unknown): string {
  if (typeof raw !== 'string') throw new ApiError('INVALID_FILE_NAME', '请指定文件名（fileName）');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name || name === '.' || name === '..' || name.length > MAX_FILE_NAME)
    throw new ApiError('INVALID_FILE_NAME', `文件名无效（最长 ${MAX_FILE_NAME} 个字符）`);
  if (!UPLOAD_SUFFIXES.some((suffix) => name.toLowerCase().endsWith(suffix)))
    throw new ApiError('INVALID_FILE_TYPE');
  return name;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
