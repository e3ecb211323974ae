/** The report charts on screen (filled in from shared/charts once it lands). */
import type { ReportJson } from './api.ts';

export function CityCharts(_: { report: ReportJson }) {
  return null;
}

export function NationalCharts(_: { report: ReportJson }) {
  return null;
}
