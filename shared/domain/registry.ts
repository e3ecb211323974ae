/**
 * The city registry (城市名录): who reports, since when, with which targets. A built-in default
 * of twelve pilot cities, or a JSON file given by the operator.
 */
import { findIndicator, TARGETED_INDICATORS } from '../catalogue/indicators.ts';
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
  /**
   * Base-year figures from the city's application (the performance assessment's 基期): a year
   * before the programme (normally the batch year − 1) and its yearly values of the growth
   * indicators (C04, D01, D02, D04), in their catalogue units.
   */
  baseline?: CityBaseline;
}

export interface CityBaseline {
  year: number;
  values: Record<string, number>;
}

export class RegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
  }
}

export const DEFAULT_PROGRAMME_QUARTERS = 12;

/** Indicators with a growth (年均增幅) target: the ones a `baseline` may carry. */
const GROWTH_CODES = TARGETED_INDICATORS.filter((definition) => definition.target.kind === 'growth').map(
  (definition) => definition.code,
);

/**
 * The twelve pilot cities. Their baselines stand in for the 2016–2018-style figures of a city's
 * application (the demo's flows grow from them at the city's pace); 青岛市, 天津市滨海新区 and
 * 重庆市渝北区 have none, so the assessment shows 基期为项目首年 / 无基期数据 as well.
 */
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
    baseline: { year: 2021, values: { C04: 99490, D01: 499090, D02: 894, D04: 156360 } },
  },
  {
    code: '330100',
    name: '杭州市',
    province: '浙江省',
    batchYear: 2022,
    fundingApproved: 20000,
    baseline: { year: 2021, values: { C04: 61040, D01: 300080, D02: 530, D04: 95490 } },
  },
  {
    code: '510100',
    name: '成都市',
    province: '四川省',
    batchYear: 2022,
    fundingApproved: 15000,
    baseline: { year: 2021, values: { C04: 51040, D01: 247920, D02: 457, D04: 80380 } },
  },
  {
    code: '320500',
    name: '苏州市',
    province: '江苏省',
    batchYear: 2022,
    fundingApproved: 20000,
    baseline: { year: 2021, values: { C04: 83940, D01: 436150, D02: 743, D04: 132110 } },
  },
  {
    code: '420100',
    name: '武汉市',
    province: '湖北省',
    batchYear: 2022,
    fundingApproved: 15000,
    baseline: { year: 2021, values: { C04: 62730, D01: 313790, D02: 570, D04: 105110 } },
  },
  { code: '370200', name: '青岛市', province: '山东省', batchYear: 2022, fundingApproved: 15000 },
  {
    code: '610100',
    name: '西安市',
    province: '陕西省',
    batchYear: 2023,
    fundingApproved: 15000,
    baseline: { year: 2022, values: { C04: 62450, D01: 314370, D02: 576, D04: 99210 } },
  },
  {
    code: '430100',
    name: '长沙市',
    province: '湖南省',
    batchYear: 2023,
    fundingApproved: 15000,
    baseline: { year: 2022, values: { C04: 35140, D01: 178540, D02: 304, D04: 56890 } },
  },
  {
    code: '350200',
    name: '厦门市',
    province: '福建省',
    batchYear: 2023,
    fundingApproved: 15000,
    baseline: { year: 2022, values: { C04: 21000, D01: 103040, D02: 190, D04: 31680 } },
  },
  { code: '120116', name: '天津市滨海新区', province: '天津市', batchYear: 2023, fundingApproved: 15000 },
  {
    code: '340100',
    name: '合肥市',
    province: '安徽省',
    batchYear: 2023,
    fundingApproved: 15000,
    baseline: { year: 2022, values: { C04: 32060, D01: 163340, D02: 283, D04: 52590 } },
  },
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
  const baseline =
    raw.baseline === undefined ? undefined : parseBaseline(raw.baseline, programmeStart, where);
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
    ...(baseline ? { baseline } : {}),
  };
}

/** `baseline`: a year before the programme's first year, and values of growth-targeted indicators only. */
function parseBaseline(raw: unknown, programmeStart: QuarterPeriod, where: string): CityBaseline {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new RegistryError(`${where}: baseline 应为对象，如 { "year": 2021, "values": { "D01": 52000 } }`);
  const { year, values } = raw as { year?: unknown; values?: unknown };
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year >= programmeStart.year) {
    throw new RegistryError(
      `${where}: baseline.year 应为项目开始（${programmeStart.code}）之前的年份，实际为 "${String(year)}"`,
    );
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new RegistryError(`${where}: baseline.values 应为对象（指标代码 → 基期年度值）`);
  const parsed: Record<string, number> = {};
  for (const [indicatorCode, value] of Object.entries(values)) {
    const definition = findIndicator(indicatorCode);
    if (definition?.target.kind !== 'growth') {
      throw new RegistryError(
        `${where}: baseline.values.${indicatorCode} 不是年均增幅目标指标（应为 ${GROWTH_CODES.join('、')} 之一）`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RegistryError(`${where}: baseline.values.${indicatorCode} 应为非负数`);
    }
    parsed[definition.code] = value;
  }
  return { year, values: parsed };
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
