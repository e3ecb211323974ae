/**
 * Each demo city's character: how big it is, how fast it moves towards its programme targets,
 * how its financial indicators grow, and how it sends its files. The cast is assigned by
 * position in the registry so that any registry gets the same variety (the default registry's
 * cities also get their real relative size and industries).
 */

import type { City } from '#shared/domain/registry.ts';
import { cityIndustries } from './names.ts';
import type { Random } from './random.ts';
import type { CsvEncoding } from './uploadFiles/writeUpload.ts';

export type DemoFormat =
  | { kind: 'xlsx'; titleRows: boolean }
  | {
      kind: 'csv';
      encoding: CsvEncoding;
      delimiter: ',' | ';';
      /** `english`: `indicators.csv`; `chinese`: `核心指标.csv`. */
      fileNames: 'english' | 'chinese';
      titleRows: boolean;
      totalRows: boolean;
    };

export interface DemoCityProfile {
  code: string;
  name: string;
  /** Position in the registry (decides the cast and the scenarios). */
  index: number;
  /** Economic size relative to the largest city (1). */
  scale: number;
  /** Progress towards the programme targets: 1 follows the expected line exactly. */
  pace: number;
  /** Year-on-year growth of the growth-targeted flows C04, D01, D02, D04 (0.3 = 30%). */
  financeGrowth: number;
  /** Year-on-year growth of the other flows. */
  generalGrowth: number;
  /** Yearly revenue growth of the agencies counted in A04. */
  agencyGrowth: number;
  /** Typical E04 (percent). */
  localRevenueGrowth: number;
  industries: readonly string[];
  format: DemoFormat;
  /** Whether the city fills in A04 and B07 (they may be left empty: they are derived). */
  declaresDerived: boolean;
  hasSecuritisation: boolean;
  hasOperationFund: boolean;
  /** False for the one city that never sends anything. */
  reports: boolean;
}

/** Relative size of the default registry's cities (patent output, roughly). */
const KNOWN_SCALES: Record<string, number> = {
  '440300': 1,
  '330100': 0.55,
  '510100': 0.45,
  '320500': 0.6,
  '420100': 0.4,
  '370200': 0.3,
  '610100': 0.3,
  '430100': 0.22,
  '350200': 0.15,
  '120116': 0.1,
  '340100': 0.25,
  '500112': 0.06,
};

const XLSX: DemoFormat = { kind: 'xlsx', titleRows: false };

interface CastMember {
  pace: number;
  financeGrowth: number;
  agencyGrowth: number;
  format: DemoFormat;
  declaresDerived?: boolean;
}

/**
 * Twelve characters, cycled over the registry. Index 9 lags far behind (严重滞后); 4 and 6 lag;
 * 0, 3, 8 and 10 are ahead; financial growth ranges from −5% to 55% around the 30% target.
 */
const CAST: readonly CastMember[] = [
  { pace: 1.3, financeGrowth: 0.42, agencyGrowth: 0.15, format: XLSX },
  { pace: 1.15, financeGrowth: 0.36, agencyGrowth: 0.06, format: XLSX },
  {
    pace: 0.95,
    financeGrowth: 0.33,
    agencyGrowth: 0.12,
    format: {
      kind: 'csv',
      encoding: 'utf8-bom',
      delimiter: ',',
      fileNames: 'english',
      titleRows: false,
      totalRows: false,
    },
  },
  { pace: 1.1, financeGrowth: 0.18, agencyGrowth: 0.09, format: { kind: 'xlsx', titleRows: true } },
  { pace: 0.8, financeGrowth: 0.12, agencyGrowth: 0.18, format: XLSX },
  {
    pace: 1.0,
    financeGrowth: 0.38,
    agencyGrowth: 0.04,
    format: {
      kind: 'csv',
      encoding: 'gb18030',
      delimiter: ',',
      fileNames: 'chinese',
      titleRows: true,
      totalRows: true,
    },
  },
  { pace: 0.85, financeGrowth: -0.05, agencyGrowth: 0.11, format: XLSX },
  { pace: 1.05, financeGrowth: 0.28, agencyGrowth: 0.2, format: XLSX, declaresDerived: false },
  {
    pace: 1.2,
    financeGrowth: 0.45,
    agencyGrowth: 0.07,
    format: {
      kind: 'csv',
      encoding: 'utf8',
      delimiter: ';',
      fileNames: 'english',
      titleRows: false,
      totalRows: false,
    },
  },
  { pace: 0.4, financeGrowth: 0.22, agencyGrowth: 0.03, format: XLSX },
  { pace: 1.25, financeGrowth: 0.55, agencyGrowth: 0.16, format: XLSX },
  { pace: 1.0, financeGrowth: 0.3, agencyGrowth: 0.1, format: XLSX },
];

export function cityProfile(
  city: City,
  index: number,
  registrySize: number,
  random: Random,
): DemoCityProfile {
  const cast = CAST[index % CAST.length] as CastMember;
  const scale =
    KNOWN_SCALES[city.code] ??
    Math.round(Math.exp(random.between(Math.log(0.04), Math.log(0.6))) * 100) / 100;
  return {
    code: city.code,
    name: city.name,
    index,
    scale,
    pace: cast.pace,
    financeGrowth: cast.financeGrowth,
    generalGrowth: random.between(0.03, 0.15),
    agencyGrowth: cast.agencyGrowth,
    localRevenueGrowth: random.between(5.5, 11.5),
    industries: cityIndustries(city, random),
    format: cast.format,
    declaresDerived: cast.declaresDerived ?? true,
    hasSecuritisation: scale >= 0.4 || random.chance(0.3),
    hasOperationFund: scale >= 0.3 || random.chance(0.6),
    // The last city of a registry of several never reports (the 未报送 case).
    reports: !(registrySize > 1 && index === registrySize - 1),
  };
}
