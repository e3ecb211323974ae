/**
 * A report chart on screen: the shared definition (`shared/charts/`) drawn by ECharts as SVG in a
 * `role="img"` frame named by its title and what it shows, with its numbers in a table below.
 */

import { useEffect, useRef } from 'preact/hooks';
import type { ChartSpec } from '#shared/charts/definitions.ts';
import { chartTables } from '../chartData.ts';
import type { ChartKit } from '../reportCharts.tsx';
import { DataTable } from './DataTable.tsx';

/** The page's fonts (the definitions name the font bundled for the workbooks' pictures). */
const PAGE_FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

function subtitle(spec: ChartSpec): string {
  const title = spec.option.title;
  const first = Array.isArray(title) ? title[0] : title;
  return typeof first?.subtext === 'string' ? first.subtext : '';
}

function ChartData({ spec }: { spec: ChartSpec }) {
  const tables = chartTables(spec);
  return (
    <details class="chart-data">
      <summary>图表数据（表格）</summary>
      {tables.map((table) => (
        <DataTable
          key={table.caption}
          caption={table.caption}
          label={table.caption}
          columns={[
            { header: table.category, rowHeader: true, cell: (row) => row.label },
            ...table.columns.map((name, index) => ({
              header: name,
              num: true,
              cell: (row: (typeof table.rows)[number]) => row.cells[index],
            })),
          ]}
          rows={table.rows}
          rowKey={(row, index) => `${index}-${row.label}`}
        />
      ))}
    </details>
  );
}

export function Chart({ spec, kit }: { spec: ChartSpec; kit: ChartKit }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = kit.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      ...spec.option,
      textStyle: { ...spec.option.textStyle, fontFamily: PAGE_FONTS },
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [spec, kit]);
  // Charts of several panels (the trends) take a row of their own; every chart takes its frame's
  // width (the definitions place panels in shares of it) and its definition's height.
  const wide = Array.isArray(spec.option.grid);
  const note = subtitle(spec);
  return (
    <figure class={wide ? 'chart chart-wide' : 'chart'}>
      <div
        ref={ref}
        role="img"
        aria-label={`${spec.title}${note ? `。${note}` : ''}。数据见图下“图表数据”表格。`}
        data-chart={spec.title}
        style={{ height: `${spec.height}px` }}
      />
      <figcaption>
        <ChartData spec={spec} />
      </figcaption>
    </figure>
  );
}
