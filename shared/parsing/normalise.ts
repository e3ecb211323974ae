/**
 * Text normalisation shared by header matching, sheet recognition and cell reading: what real
 * files from Excel and WPS vary in (full-width characters, spaces, line breaks, `*` markers,
 * units in brackets) is removed before comparing with the catalogue.
 */

const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]+/g;

/** True when `text` is plain printable ASCII without spaces (no normalisation can change it). */
function isCompactAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return false;
  }
  return true;
}

/** NFKC (full-width → half-width, ideographic space → space) with every space and line break removed. */
export function compact(text: string): string {
  if (isCompactAscii(text)) return text;
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

const TEN_THOUSAND_YUAN = { multiply: 1, divide: 1 };
const HUNDRED_MILLION_YUAN = { multiply: 10000, divide: 1 };

/**
 * Money units a header, a unit cell or a value suffix may carry, as factors to 万元. `12.5万` and
 * `3亿` are how amounts are written in Chinese (万 and 亿 of 元), and share the factor object of
 * 万元 and 亿元, so that comparing factors tells the same unit whatever its spelling.
 */
export const MONEY_UNITS: Readonly<Record<string, { multiply: number; divide: number }>> = {
  元: { multiply: 1, divide: 10000 },
  千元: { multiply: 1, divide: 10 },
  万元: TEN_THOUSAND_YUAN,
  万: TEN_THOUSAND_YUAN,
  百万元: { multiply: 100, divide: 1 },
  亿元: HUNDRED_MILLION_YUAN,
  亿: HUNDRED_MILLION_YUAN,
};

/** Whether two money units are the same unit (`万` and `万元`). */
export function sameMoneyUnit(a: string, b: string): boolean {
  return a in MONEY_UNITS && MONEY_UNITS[a] === MONEY_UNITS[b];
}

/** Counter words: a count is the same number whichever of them is written. */
export const COUNT_UNITS: ReadonlySet<string> = new Set(['个', '家', '件', '次', '笔', '项', '户']);

/** What a count written with `unit` is multiplied by: 1 for a counter word, 10,000 for `万` (`1.2万`, `3万件`). */
export function countFactor(unit: string): number | undefined {
  if (unit === '' || COUNT_UNITS.has(unit)) return 1;
  if (unit.startsWith('万') && (unit.length === 1 || COUNT_UNITS.has(unit.slice(1)))) return 10000;
  return undefined;
}

/** Spellings of the percent unit (after `compact`). */
export const PERCENT_UNITS: ReadonlySet<string> = new Set(['%', '百分比', '百分点']);

export function isKnownUnit(unit: string): boolean {
  return unit in MONEY_UNITS || (unit !== '' && countFactor(unit) !== undefined) || PERCENT_UNITS.has(unit);
}

/** Row-number columns cities add in front of every table; recognised and left out, not warned about. */
const ROW_NUMBER_HEADERS: ReadonlySet<string> = new Set([
  '序号',
  '编号',
  '行号',
  '序',
  'No.',
  'NO.',
  'No',
  'NO',
]);

export function isRowNumberHeader(raw: string): boolean {
  return ROW_NUMBER_HEADERS.has(compact(raw));
}

export interface HeaderText {
  /** The header without `*` markers, spaces and a trailing unit in brackets. */
  key: string;
  /** The compacted header including any bracket (tried first, for headers whose bracket is part of the name). */
  full: string;
  /** The unit in trailing brackets, when it is a known unit. */
  unit?: string;
}

const TRAILING_BRACKET = /\(([^()]*)\)$/;

/** Splits a header cell into its comparable key and its unit: `本年累计主营业务收入（元）*` → key + `元`. */
export function headerText(raw: string): HeaderText {
  const full = compact(raw).replace(/^\*+|\*+$/g, '');
  const bracket = TRAILING_BRACKET.exec(full);
  if (!bracket) return { key: full, full };
  const inside = (bracket[1] ?? '').replace(/^单位[:：]?/, '');
  const key = full.slice(0, bracket.index).replace(/\*+$/, '');
  return isKnownUnit(inside) ? { key, full, unit: inside } : { key, full };
}

/** `单位：元` / `金额单位：万元` written in a title row above the header: the sheet's money unit. */
export function declaredMoneyUnit(raw: string): string | undefined {
  const match = /单位[:：]?(千元|万元|百万元|亿元|元)$/.exec(compact(raw));
  return match?.[1];
}

/** Placeholders people type to mean "nothing to report": read as an empty cell. */
const EMPTY_MARKERS: ReadonlySet<string> = new Set([
  '-',
  '--',
  '—',
  '——',
  '/',
  '无',
  '空',
  'N/A',
  'n/a',
  'NA',
]);

export function isEmptyMarker(text: string): boolean {
  return EMPTY_MARKERS.has(text);
}

/** 合计 / 总计 / 小计 in the first cell marks a total row. */
export function isTotalLabel(text: string): boolean {
  const label = compact(text).replace(/[:：]$/, '');
  return label === '合计' || label === '总计' || label === '小计' || label === '总合计' || label === '合计数';
}

const FOOTNOTE_START = new Set(['注', '备', '说', '填']);

/** Whether a first character is one of 注备说填 or a space (the first cell of every row is asked). */
function mayStartFootnote(code: number): boolean {
  return (
    code === 0x6ce8 ||
    code === 0x5907 ||
    code === 0x8bf4 ||
    code === 0x586b ||
    code <= 0x20 ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Foot-notes below the data (`注：…`, `填表说明：…`) are not rows. */
export function isFootnote(text: string): boolean {
  if (!mayStartFootnote(text.charCodeAt(0))) return false;
  return (
    FOOTNOTE_START.has(text.trimStart().charAt(0)) &&
    /^(注|备注|说明|填表说明|填报说明)\d*[:：]/.test(compact(text))
  );
}
