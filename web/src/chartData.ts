/**
 * The numbers behind a chart as tables, read from its ECharts option: one table per grid (a
 * panel), one row per category (city, indicator or quarter), one column per series, each cell
 * worded as the chart's own label says it. Screen readers and keyboard users read the table.
 */
import type { ChartSpec } from '#shared/charts/definitions.ts';

/** As the portal's tables write numbers (format.ts), without its browser-only imports. */
const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export interface ChartTable {
  caption: string;
  /** Header of the first column: 报告期, 城市 or 指标. */
  category: string;
  columns: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

interface Axis {
  type?: string;
  data?: unknown[];
  gridIndex?: number;
}

interface Series {
  name?: string;
  data?: unknown[];
  xAxisIndex?: number;
  yAxisIndex?: number;
  label?: { formatter?: unknown };
}

type Formatter = (params: { value: unknown; dataIndex: number; name: string; seriesName: string }) => string;

function list<T>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

function itemValue(item: unknown): unknown {
  return typeof item === 'object' && item !== null && 'value' in item
    ? (item as { value: unknown }).value
    : item;
}

function cell(series: Series, index: number, name: string): string {
  const value = itemValue(series.data?.[index]);
  if (value === null || value === undefined) return '—';
  const formatter = series.label?.formatter;
  if (typeof formatter === 'function')
    return (formatter as Formatter)({ value, dataIndex: index, name, seriesName: series.name ?? '' });
  return typeof value === 'number' ? NUMBER.format(value) : String(value);
}

function categoryHeader(categories: readonly string[], title: string): string {
  if (categories.every((category) => /^\d{4}(Q[1-4])?$/.test(category))) return '报告期';
  return title.includes('城市') ? '城市' : '指标';
}

export function chartTables(spec: ChartSpec): ChartTable[] {
  const option = spec.option as Record<string, unknown>;
  const xAxes = list<Axis>(option.xAxis);
  const yAxes = list<Axis>(option.yAxis);
  const series = list<Series>(option.series);
  const titles = list<{ text?: string; subtext?: string }>(option.title);
  const grids = Math.max(1, list(option.grid).length);
  const tables: ChartTable[] = [];
  for (let grid = 0; grid < grids; grid += 1) {
    const inGrid = (axis: Axis) => (axis.gridIndex ?? 0) === grid && axis.type === 'category';
    const onX = xAxes.findIndex(inGrid);
    const onY = yAxes.findIndex(inGrid);
    const axis = onX >= 0 ? xAxes[onX] : yAxes[onY];
    if (!axis) continue;
    const categories = (axis.data ?? []).map(String);
    const own = series.filter((entry) =>
      onX >= 0 ? (entry.xAxisIndex ?? 0) === onX : (entry.yAxisIndex ?? 0) === onY,
    );
    // A panel's caption is its title and its target line (目标同比增长 …), as the panel shows them.
    const panel = titles[grid + 1];
    const caption =
      grids > 1 && panel?.text ? [panel.text, panel.subtext].filter(Boolean).join('，') : spec.title;
    tables.push({
      caption,
      category: categoryHeader(categories, spec.title),
      columns: own.map((entry) => entry.name ?? ''),
      rows: categories.map((label, index) => ({
        label,
        cells: own.map((entry) => cell(entry, index, label)),
      })),
    });
  }
  return tables;
}
