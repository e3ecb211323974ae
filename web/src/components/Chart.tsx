/** A chart from an ECharts option; the library loads on first use so the first page stays small. */
import type { EChartsOption } from 'echarts';
import { useEffect, useRef, useState } from 'preact/hooks';

export function Chart({
  option,
  label,
  height = 300,
}: {
  option: EChartsOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const resize = () => chart?.resize();
    import('../echarts.ts').then(
      ({ init }) => {
        if (disposed || !ref.current) return;
        const instance = init(ref.current, undefined, { renderer: 'svg' });
        instance.setOption(option);
        chart = instance;
        window.addEventListener('resize', resize);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <figure class="chart">
      <div ref={ref} role="img" aria-label={label} style={{ height: `${height}px` }} data-chart={label} />
      <figcaption>{failed ? `${label}（图表加载失败，数据见下表）` : label}</figcaption>
    </figure>
  );
}
