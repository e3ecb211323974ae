/** 本市报告: the city's workbook of a period to download, its key figures, targets and charts. */
import { useState } from 'preact/hooks';
import { api, type Me, paths } from '../api.ts';
import { ErrorMessage, Loading, Notice, PageTitle, Section } from '../components/common.tsx';
import { DownloadButton, PeriodSelect } from '../components/controls.tsx';
import { AttainmentTable, FiguresTable } from '../components/ReportTables.tsx';
import { periodName, time } from '../format.ts';
import { useLoad } from '../load.ts';
import { latestReported, reportPeriods } from '../periods.ts';
import { CityCharts } from '../reportCharts.tsx';
import { fileName, reportKeys } from '../reportKeys.ts';

export function CityReports({ me, asked }: { me: Me; asked: string | null }) {
  const periods = useLoad(() => api.periods(), []);
  const options = reportPeriods(periods.data?.periods ?? []);
  const [chosen, setChosen] = useState<string>();
  const period =
    chosen ??
    (asked && options.includes(asked)
      ? asked
      : latestReported(periods.data?.periods ?? [], periods.data?.now));
  const city = me.city ?? '';
  const report = useLoad(
    () => (period ? api.reportJson(reportKeys.city(city, period, 'json')) : Promise.resolve(undefined)),
    [period, city],
  );
  const xlsx = reportKeys.city(city, period, 'xlsx');
  const own = report.data?.cities[0];
  return (
    <>
      <PageTitle title="本市报告">
        本市报告{me.cityName || me.provinceName ? ` · ${me.cityName ?? me.provinceName}` : ''}
      </PageTitle>
      {periods.error ? <ErrorMessage error={periods.error} /> : null}
      {options.length > 0 ? (
        <p class="toolbar">
          <PeriodSelect periods={options} value={period} onChange={setChosen} />
        </p>
      ) : null}
      {report.error?.status === 404 ? (
        <Notice tone="info">{periodName(period)}的报告尚未生成（部委运行汇总后发布）。</Notice>
      ) : report.error ? (
        <ErrorMessage error={report.error} />
      ) : null}
      {report.loading && !report.data ? <Loading what="报告" /> : null}
      {report.data && own ? (
        <>
          <Section title={`${own.name} ${periodName(report.data.period)}汇总`} id="city-summary">
            <p>
              生成于 {time(report.data.generatedAt)} · 综合得分 {own.score ?? '—'} · 全国排名{' '}
              {own.rank ?? '—'} ·{' '}
              <DownloadButton
                path={paths.report(xlsx)}
                fileName={fileName(xlsx)}
                label="下载本市汇总工作簿"
              />
            </p>
            <CityCharts report={report.data} />
          </Section>
          <Section title="绩效目标" id="city-targets">
            <AttainmentTable cities={[own]} caption="本市绩效目标完成情况" />
          </Section>
          <Section title="主要指标" id="city-figures">
            <FiguresTable figures={own.indicators} caption="本市主要指标" />
          </Section>
        </>
      ) : null}
    </>
  );
}
