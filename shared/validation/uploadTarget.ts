/**
 * Which city and quarter a file is for, when they are not given: from its path (laid out as
 * uploads are, `…/{city}/{period}/{file}`) or from its 基本信息 sheet. Pure; the command line
 * reads the file.
 */
import { UploadKeyError } from '../domain/errors.ts';
import type { BasicInfo } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import { parseUploadKey, type UploadKey } from '../domain/uploadKey.ts';
import { readInfoPeriod, sameCityName } from './infoRules.ts';

export type TargetSource = 'path' | 'basicInfo';

/** Neither the options, the path nor the file say which city or quarter a file is for. */
export class UploadTargetUnknownError extends Error {
  constructor(readonly missing: ReadonlyArray<'city' | 'period'>) {
    const what = missing.map((field) => (field === 'city' ? '城市代码' : '报告期')).join('和');
    super(
      `无法确定${what}：请用 --city 与 --period 指定（或把文件放在 …/城市代码/报告期/ 目录下，或在基本信息表中填写城市代码与报告期）`,
    );
    this.name = 'UploadTargetUnknownError';
  }
}

/**
 * The city and quarter of an offline validation: as given, else from the path's last two folders
 * (`440300/2024Q3/…`, the layout of uploads), else from 基本信息 (城市代码, or a 城市名称 the
 * registry knows, and 报告期).
 */
export function uploadTargetOf(
  given: { city?: string | undefined; period?: string | undefined },
  path: string,
  info: BasicInfo | undefined,
  registry: readonly City[],
): { city: string; period: string; from?: TargetSource } {
  if (given.city && given.period) return { city: given.city, period: given.period };
  const fromPath = uploadKeyOfPath(path);
  if (fromPath)
    return { city: given.city ?? fromPath.city, period: given.period ?? fromPath.period, from: 'path' };
  const infoCity = cityOfInfo(info, registry);
  const infoPeriod = info?.period ? readInfoPeriod(info.period) : undefined;
  const city = given.city ?? infoCity;
  const period = given.period ?? infoPeriod;
  if (!city || !period) {
    const missing = [...(city ? [] : ['city' as const]), ...(period ? [] : ['period' as const])];
    throw new UploadTargetUnknownError(missing);
  }
  return { city, period, from: 'basicInfo' };
}

/** The path's last three parts read as an upload key (`…/440300/2024Q3/file`), by the key's own rules. */
function uploadKeyOfPath(path: string): UploadKey | undefined {
  try {
    return parseUploadKey(['uploads', ...path.split(/[\\/]/).slice(-3)].join('/'));
  } catch (error) {
    if (error instanceof UploadKeyError) return undefined;
    throw error;
  }
}

function cityOfInfo(info: BasicInfo | undefined, registry: readonly City[]): string | undefined {
  const code = info?.cityCode?.normalize('NFKC').replace(/\s+/g, '');
  if (code && /^\d{6}$/.test(code)) return code;
  const name = info?.cityName;
  const named = name ? registry.filter((city) => sameCityName(name, city.name)) : [];
  return named.length === 1 ? named[0]?.code : undefined;
}
