/**
 * Typical models (典型模式) from the 典型案例 sheets of the period.
 *
 * Candidates: cases the city recommends or with a quantified outcome (成效数值 > 0). Within a
 * 模式类别 they are ordered by: recommended first; with an outcome first; outcome value compared
 * only among cases with the same 成效单位 — as the share of those cases whose value is ≤ its own,
 * so the order stays a total order across units; then 案例名称 and city code.
 *
 * Selection takes turns over the categories (catalogue order): each round gives every category
 * its best remaining candidate whose city has fewer than 2 selected cases, until each category
 * has 3 or runs out. Taking turns keeps a city's two places from all going to the category
 * that happens to come first in the catalogue.
 *
 * For a year, a case reported in several quarters by one city (same 案例名称) counts once, as
 * reported in the latest quarter.
 */
import { CASE_CATEGORIES } from '../catalogue/sheets.ts';
import type { CaseRecord } from '../domain/records.ts';
import type { SheetRecords } from './input.ts';
import { compareText, formatNumber, groupBy } from './numbers.ts';
import type { TypicalModel } from './types.ts';

export const MODELS_PER_CATEGORY = 3;
export const MODELS_PER_CITY = 2;

export interface CityCases {
  city: string;
  cityName: string;
  sheets: readonly SheetRecords<CaseRecord>[];
}

/** A city's case that may be selected: recommended, or with a quantified outcome. */
export interface CaseCandidate {
  city: string;
  cityName: string;
  record: CaseRecord;
  hasOutcome: boolean;
}

interface Candidate extends CaseCandidate {
  /** Share of the category's candidates with the same unit whose outcome is ≤ this one's (0 without outcome). */
  outcomeRank: number;
}

/** The selection from every city's 典型案例 sheets: `cityCaseCandidates` of each, then `rankTypicalModels`. */
export function selectTypicalModels(cities: readonly CityCases[]): TypicalModel[] {
  return rankTypicalModels(cities.flatMap(cityCaseCandidates));
}

/** The national step: the candidates of every city ranked within their category, then taken in turns. */
export function rankTypicalModels(cityCandidates: readonly CaseCandidate[]): TypicalModel[] {
  const byCategory = groupBy(withOutcomeRanks(cityCandidates), (candidate) => candidate.record.category);
  const categories = [...byCategory.keys()].sort(compareCategories);
  const ordered = new Map(
    categories.map((category) => [category, orderCandidates(byCategory.get(category) ?? [])]),
  );

  const selected = new Map<string, Candidate[]>(categories.map((category) => [category, []]));
  const perCity = new Map<string, number>();
  const next = new Map(categories.map((category) => [category, 0]));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const category of categories) {
      const chosen = selected.get(category) as Candidate[];
      const list = ordered.get(category) as Candidate[];
      if (chosen.length >= MODELS_PER_CATEGORY) continue;
      let index = next.get(category) as number;
      while (index < list.length && (perCity.get((list[index] as Candidate).city) ?? 0) >= MODELS_PER_CITY)
        index++;
      const pick = list[index];
      next.set(category, index + 1);
      if (!pick) continue;
      chosen.push(pick);
      perCity.set(pick.city, (perCity.get(pick.city) ?? 0) + 1);
      progressed = true;
    }
  }

  return categories.flatMap((category) => {
    const list = ordered.get(category) as Candidate[];
    return (selected.get(category) as Candidate[]).map((candidate) =>
      toModel(candidate, list.indexOf(candidate) + 1, list.length),
    );
  });
}

/**
 * A city's step: its candidates, each case counted once as reported in the latest quarter. Only
 * the candidates' records are kept, not the sheets.
 */
export function cityCaseCandidates(city: CityCases): CaseCandidate[] {
  const result: CaseCandidate[] = [];
  const latest = new Map<string, CaseRecord>();
  const sheets = [...city.sheets].sort(
    (a, b) => compareText(a.period, b.period) || compareText(a.uploadId, b.uploadId),
  );
  for (const sheet of sheets) for (const record of sheet.records) latest.set(record.title, record);
  for (const record of latest.values()) {
    const hasOutcome = (record.outcomeValue ?? 0) > 0;
    if (record.recommended === true || hasOutcome) {
      result.push({ city: city.city, cityName: city.cityName, record, hasOutcome });
    }
  }
  return result;
}

function withOutcomeRanks(candidates: readonly CaseCandidate[]): Candidate[] {
  const groupKey = (candidate: CaseCandidate) =>
    `${candidate.record.category}\u0000${unitOf(candidate.record)}`;
  const sameUnit = groupBy(
    candidates.filter((candidate) => candidate.hasOutcome),
    groupKey,
  );
  return candidates.map((candidate) => {
    if (!candidate.hasOutcome) return { ...candidate, outcomeRank: 0 };
    const peers = sameUnit.get(groupKey(candidate)) ?? [];
    const own = candidate.record.outcomeValue as number;
    const atMost = peers.filter((peer) => (peer.record.outcomeValue as number) <= own).length;
    return { ...candidate, outcomeRank: atMost / peers.length };
  });
}

function unitOf(record: CaseRecord): string {
  return (record.outcomeUnit ?? '').trim();
}

function orderCandidates(list: readonly Candidate[]): Candidate[] {
  return [...list].sort(
    (a, b) =>
      Number(b.record.recommended === true) - Number(a.record.recommended === true) ||
      Number(b.hasOutcome) - Number(a.hasOutcome) ||
      b.outcomeRank - a.outcomeRank ||
      compareText(a.record.title, b.record.title) ||
      compareText(a.city, b.city),
  );
}

/** Catalogue order; a category outside the catalogue (never accepted by validation) goes last. */
function compareCategories(a: string, b: string): number {
  const position = (category: string) => {
    const index = (CASE_CATEGORIES as readonly string[]).indexOf(category);
    return index < 0 ? CASE_CATEGORIES.length : index;
  };
  return position(a) - position(b) || compareText(a, b);
}

/** e.g. "城市推荐；融资金额 5000万元；在「质押融资」类 4 个候选案例中排第 1". */
function toModel(candidate: Candidate, position: number, of: number): TypicalModel {
  const { record } = candidate;
  const parts = [record.recommended === true ? '城市推荐' : '有量化成效'];
  if (candidate.hasOutcome) {
    parts.push(
      `${record.outcomeMetric?.trim() || '成效'} ${formatNumber(record.outcomeValue as number)}${unitOf(record)}`,
    );
  }
  parts.push(`在「${record.category}」类 ${of} 个候选案例中排第 ${position}`);
  return {
    category: record.category,
    title: record.title,
    city: candidate.city,
    cityName: candidate.cityName,
    ...(record.subject ? { subject: record.subject } : {}),
    practice: record.practice,
    ...(record.outcomeMetric ? { outcomeMetric: record.outcomeMetric } : {}),
    ...(record.outcomeValue !== undefined ? { outcomeValue: record.outcomeValue } : {}),
    ...(record.outcomeUnit ? { outcomeUnit: record.outcomeUnit } : {}),
    recommended: record.recommended === true,
    reason: parts.join('；'),
  };
}
