/**
 * The report charts on screen: the workbooks' selection and definitions (`shared/charts/`) built
 * from the report JSON, drawn once the chart chunk (ECharts) has loaded.
 */

import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ChartSpec } from '#shared/charts/definitions.ts';
import type { ReportJson } from './api.ts';
import { Chart } from './components/Chart.tsx';

export type ChartKit = typeof import('./echarts.ts');

let loading: Promise<ChartKit> | undefined;

function loadKit(): Promise<ChartKit> {
  loading ??= import('./echarts.ts').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The charts of a report: a city report's (no scope: programme attainment, the city against the
 * national median, its trend), or the summary's of `scope` (全国 or a province: scores and
 * attainment by city, trends with the growth target line, completeness by quarter).
 */
export function ReportCharts({ report, scope }: { report: ReportJson; scope?: string }) {
  const [kit, setKit] = useState<ChartKit>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadKit().then(
      (loaded) => live && setKit(() => loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const specs = useMemo((): ChartSpec[] => {
    if (!kit) return [];
    if (scope !== undefined) return kit.summaryChartSpecs(report, scope);
    const city = report.cities[0];
    return city ? kit.cityChartSpecs(report, city) : [];
  }, [kit, report, scope]);
  if (failed) return <p class="message message-warn">图表加载失败，请刷新页面重试；数据见下方表格。</p>;
  if (!kit)
    return (
      <p class="loading" role="status">
        正在加载图表…
      </p>
    );
  return (
    <div class="charts">
      {specs.map((spec) => (
        <Chart key={spec.title} spec={spec} kit={kit} />
      ))}
    </div>
  );
}
