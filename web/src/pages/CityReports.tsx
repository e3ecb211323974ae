/** 本市报告: the city's workbook of a period to download, its key figures, targets and charts. */
import { type Me, paths } from '../api.ts';
import { Section } from '../components/common.tsx';
import { DownloadButton } from '../components/controls.tsx';
import { displayName } from '../components/Layout.tsx';
import { ReportPage } from '../components/ReportPage.tsx';
import { AttainmentTable, FiguresTable } from '../components/ReportTables.tsx';
import { periodName, time } from '../format.ts';
import { ReportCharts } from '../reportCharts.tsx';
import { fileName, reportKeys } from '../reportKeys.ts';

export function CityReports({ me, asked }: { me: Me; asked: string | null }) {
  const city = me.city ?? '';
  const name = displayName(me);
  return (
    <ReportPage
      title="本市报告"
      heading={`本市报告${name ? ` · ${name}` : ''}`}
      asked={asked}
      reportKey={(period) => reportKeys.city(city, period, 'json')}
      what="报告"
      missing={(period) => `${periodName(period)}的报告尚未生成（部委运行汇总后发布）。`}
    >
      {(report) => {
        const own = report.cities[0];
        if (!own) return null;
        const xlsx = reportKeys.city(city, report.period, 'xlsx');
        return (
          <>
            <Section title={`${own.name} ${periodName(report.period)}汇总`} id="city-summary">
              <p>
                生成于 {time(report.generatedAt)} · 综合得分 {own.score ?? '—'} · 全国排名 {own.rank ?? '—'} ·{' '}
                <DownloadButton
                  path={paths.report(xlsx)}
                  fileName={fileName(xlsx)}
                  label="下载本市汇总工作簿"
                />
              </p>
            </Section>
            <Section title="图表" id="city-charts">
              <ReportCharts report={report} />
            </Section>
            <Section title="绩效目标" id="city-targets">
              <AttainmentTable cities={[own]} caption="本市绩效目标完成情况" />
            </Section>
            <Section title="主要指标" id="city-figures">
              <FiguresTable figures={own.indicators} caption="本市主要指标" />
            </Section>
          </>
        );
      }}
    </ReportPage>
  );
}
