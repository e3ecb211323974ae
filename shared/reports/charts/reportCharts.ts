/**
 * The workbooks' charts: which ones each workbook shows (`shared/charts/reportCharts.ts`, the
 * same selection the portal draws), rendered to pictures.
 */
import type { ChartSpec } from '../../charts/definitions.ts';
import { type RenderedChart, renderChart } from './renderChart.ts';

export { cityChartSpecs, summaryChartSpecs } from '../../charts/reportCharts.ts';

/** Renders the charts one after the other (each is CPU-bound; the process renders one at a time). */
export async function renderCharts(specs: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const spec of specs) rendered.push(await renderChart(spec));
  return rendered;
}
