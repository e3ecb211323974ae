/**
 * The chart chunk, loaded on first use (a chunk of its own, so the first page stays small):
 * ECharts with only what the report charts draw, and the charts' selection and definitions that
 * the workbooks use (`shared/charts/`).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export { cityChartSpecs, summaryChartSpecs } from '#shared/charts/reportCharts.ts';
export { init };
