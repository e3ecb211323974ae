/**
 * The city registry (城市名录): who reports, since when, with which targets. A built-in default
 * of twelve pilot cities, or a JSON file given by the operator.
 */
import { findIndicator } from '../catalogue/indicators.ts';
import { type Contact, parseContacts } from './contacts.ts';
import { addQuarters, parseQuarter, type QuarterPeriod, quarterIndex, quarterPeriod } from './period.ts';

export interface City {
  code: string;
  name: string;
  province: string;
  batchYear: number;
  /** First quarter of the programme, `2022Q1` by default (Q1 of the batch year). */
  programmeStart: string;
  programmeQuarters: number;
  /** Central funding approved, 万元. */
  fundingApproved?: number;
  /** Per-city target overrides by indicator code (programme minimum or growth percent). */
  targets: Record<string, number>;
  /** Who receives the city's notifications (results, reminders); none is allowed and listed. */
  contacts: Contact[];
}

export class RegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
  }
}

export const DEFAULT_PROGRAMME_QUARTERS = 12;

const defaults: ReadonlyArray<
  Omit<City, 'programmeStart' | 'programmeQuarters' | 'targets' | 'contacts'> & {
    targets?: Record<string, number>;
  }
> = [
  {
    code: '440300',
    name: '深圳市',
    province: '广东省',
    batchYear: 2022,
    fundingApproved: 20000,
    targets: { A02: 12, C02: 1500 },
  },
  { code: '330100', name: '杭州市', province: '浙江省', batchYear: 2022, fundingApproved: 20000 },
  { code: '510100', name: '成都市', province: '四川省', batchYear: 2022, fundingApproved: 15000 },
  { code: '320500', name: '苏州市', province: '江苏省', batchYear: 2022, fundingApproved: 20000 },
  { code: '420100', name: '武汉市', province: '湖北省', batchYear: 2022, fundingApproved: 15000 },
  { code: '370200', name: '青岛市', province: '山东省', batchYear: 2022, fundingApproved: 15000 },
  { code: '610100', name: '西安市', province: '陕西省', batchYear: 2023, fundingApproved: 15000 },
  { code: '430100', name: '长沙市', province: '湖南省', batchYear: 2023, fundingApproved: 15000 },
  { code: '350200', name: '厦门市', province: '福建省', batchYear: 2023, fundingApproved: 15000 },
  { code: '120116', name: '天津市滨海新区', province: '天津市', batchYear: 2023, fundingApproved: 15000 },
  { code: '340100', name: '合肥市', province: '安徽省', batchYear: 2023, fundingApproved: 15000 },
  { code: '500112', name: '重庆市渝北区', province: '重庆市', batchYear: 2023, fundingApproved: 15000 },
];

export const DEFAULT_REGISTRY: readonly City[] = defaults.map((city) =>
  normaliseCity({ ...city, targets: city.targets ?? {} }, 'default registry'),
);

/** Parses and checks a registry JSON document; every problem names the entry and the field. */
export function parseRegistry(json: unknown, source = 'registry'): City[] {
  if (!Array.isArray(json)) throw new RegistryError(`${source}: 城市名录应为 JSON 数组`);
  const cities = json.map((entry, index) => normaliseCity(entry, `${source}[${index}]`));
  const seen = new Set<string>();
  for (const city of cities) {
    if (seen.has(city.code)) throw new RegistryError(`${source}: 城市代码 ${city.code} 重复`);
    seen.add(city.code);
  }
  return cities;
}

function normaliseCity(entry: unknown, where: string): City {
  if (typeof entry !== 'object' || entry === null) throw new RegistryError(`${where}: 应为对象`);
  const raw = entry as Record<string, unknown>;
  const code = String(raw.code ?? '');
  if (!/^\d{6}$/.test(code))
    throw new RegistryError(`${where}: code 应为 6 位行政区划代码，实际为 "${code}"`);
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') throw new RegistryError(`${where}: 缺少 name`);
  const batchYear = Number(raw.batchYear);
  if (!Number.isInteger(batchYear) || batchYear < 2000 || batchYear > 2100) {
    throw new RegistryError(`${where}: batchYear 应为年份，实际为 "${String(raw.batchYear)}"`);
  }
  let programmeStart: QuarterPeriod;
  try {
    programmeStart =
      raw.programmeStart === undefined
        ? quarterPeriod(batchYear, 1)
        : parseQuarter(String(raw.programmeStart));
  } catch (cause) {
    throw new RegistryError(`${where}: programmeStart 应为季度（如 2022Q1）`, { cause });
  }
  const programmeQuarters =
    raw.programmeQuarters === undefined ? DEFAULT_PROGRAMME_QUARTERS : Number(raw.programmeQuarters);
  if (!Number.isInteger(programmeQuarters) || programmeQuarters < 1) {
    throw new RegistryError(`${where}: programmeQuarters 应为正整数`);
  }
  const fundingApproved = raw.fundingApproved === undefined ? undefined : Number(raw.fundingApproved);
  if (fundingApproved !== undefined && !(Number.isFinite(fundingApproved) && fundingApproved >= 0)) {
    throw new RegistryError(`${where}: fundingApproved 应为非负数（万元）`);
  }
  const targets: Record<string, number> = {};
  const rawTargets = raw.targets ?? {};
  if (typeof rawTargets !== 'object' || rawTargets === null)
    throw new RegistryError(`${where}: targets 应为对象`);
  for (const [indicatorCode, value] of Object.entries(rawTargets)) {
    const definition = findIndicator(indicatorCode);
    if (!definition || definition.target.kind === 'track') {
      throw new RegistryError(`${where}: targets.${indicatorCode} 不是有目标值的指标`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RegistryError(`${where}: targets.${indicatorCode} 应为非负数`);
    }
    targets[definition.code] = value;
  }
  const contacts = parseContacts(raw.contacts, `${where}.contacts`, (message) => new RegistryError(message));
  return {
    code,
    name: name.trim(),
    province: typeof raw.province === 'string' ? raw.province : '',
    batchYear,
    programmeStart: programmeStart.code,
    programmeQuarters,
    ...(fundingApproved === undefined ? {} : { fundingApproved }),
    targets,
    contacts,
  };
}

/** Cities that receive no notification because the registry names no contact for them. */
export function citiesWithoutContacts(registry: readonly City[]): City[] {
  return registry.filter((city) => city.contacts.length === 0);
}

export function findCity(registry: readonly City[], code: string): City | undefined {
  return registry.find((city) => city.code === code);
}

/** 1-based position of a quarter in the city's programme, or undefined outside it. */
export function programmeQuarterNumber(city: City, period: QuarterPeriod): number | undefined {
  const offset = quarterIndex(period) - quarterIndex(parseQuarter(city.programmeStart));
  return offset >= 0 && offset < city.programmeQuarters ? offset + 1 : undefined;
}

/** Whether a city is expected to report the given quarter. */
export function programmeCovers(city: City, period: QuarterPeriod): boolean {
  return programmeQuarterNumber(city, period) !== undefined;
}

export function programmeEnd(city: City): QuarterPeriod {
  return addQuarters(parseQuarter(city.programmeStart), city.programmeQuarters - 1);
}

/** The target a city must meet for an indicator: its override or the catalogue default. */
export function targetFor(city: City, code: string): number | undefined {
  const definition = findIndicator(code);
  if (!definition) return undefined;
  const override = city.targets[definition.code];
  if (override !== undefined) return override;
  if (definition.target.kind === 'programme') return definition.target.minimum;
  if (definition.target.kind === 'growth') return definition.target.minimumPercent;
  return undefined;
}
