/**
 * Province: its cities' completeness, attainment, attention list and charts from the province's
 * own report (`reports/provinces/{code}/…/province-summary-….json`), and its workbooks (it reads,
 * it writes nothing).
 */
import { type Me, paths, type ReportJson } from '../api.ts';
import { Section } from '../components/common.tsx';
import { DownloadButton } from '../components/controls.tsx';
import { headingFor } from '../components/Layout.tsx';
import { ReportPage } from '../components/ReportPage.tsx';
import { SummarySections } from '../components/SummarySections.tsx';
import { periodName } from '../format.ts';
import { fileName, provinceOf, reportKeys } from '../reportKeys.ts';

function CityWorkbooks({ report }: { report: ReportJson }) {
  return (
    <ul class="plain">
      {report.cities.map((city) => {
        const key = reportKeys.city(city.code, report.period, 'xlsx');
        return (
          <li key={city.code}>
            <DownloadButton
              path={paths.report(key)}
              fileName={fileName(key)}
              label={`下载${city.name}汇总工作簿`}
            />
          </li>
        );
      })}
    </ul>
  );
}

export function Province({ me, asked }: { me: Me; asked: string | null }) {
  const province = me.province || provinceOf(me.cities?.[0]?.code ?? '');
  return (
    <ReportPage
      title="本省城市"
      heading={headingFor('本省城市', me)}
      asked={asked}
      reportKey={(period) => reportKeys.province(province, period, 'json')}
      what="本省汇总"
      missing={(period) => `${periodName(period)}的本省汇总尚未生成（部委运行汇总后发布）。`}
      controls={({ period }) => {
        const xlsx = reportKeys.province(province, period, 'xlsx');
        return (
          <DownloadButton path={paths.report(xlsx)} fileName={fileName(xlsx)} label="下载本省汇总工作簿" />
        );
      }}
    >
      {(report) => {
        return (
          <>
            <SummarySections
              report={report}
              scope={report.province?.name ?? me.provinceName ?? ''}
              id="province-"
              whose="本省"
              attainmentCaption="本省城市绩效目标完成情况（排名为全国排名）"
            />
            <Section title="城市汇总工作簿" id="province-downloads">
              <CityWorkbooks report={report} />
            </Section>
          </>
        );
      }}
    </ReportPage>
  );
}
