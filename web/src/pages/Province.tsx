/** Province: its cities' completeness, attainment and workbooks (it reads, it writes nothing). */
import { useState } from 'preact/hooks';
import { ApiError, api, type Me, paths, type ReportJson } from '../api.ts';
import { ErrorMessage, Loading, Notice, PageTitle, Section } from '../components/common.tsx';
import { DownloadButton, PeriodSelect } from '../components/controls.tsx';
import { AttainmentTable, CompletenessTable } from '../components/ReportTables.tsx';
import { periodName } from '../format.ts';
import { useLoad } from '../load.ts';
import { latestReported, reportPeriods } from '../periods.ts';
import { fileName, provinceOf, reportKeys } from '../reportKeys.ts';

type City = ReportJson['cities'][number];

/** The province's cities of the period: from each city report the province may read. */
async function provinceCities(me: Me, period: string): Promise<City[]> {
  const codes = (me.cities ?? []).map((city) => city.code);
  const reports = await Promise.all(
    codes.map((code) =>
      api.reportJson(reportKeys.city(code, period, 'json')).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }),
    ),
  );
  return reports.flatMap((report) => (report?.cities[0] ? [report.cities[0]] : []));
}

export function Province({ me, asked }: { me: Me; asked: string | null }) {
  const periods = useLoad(() => api.periods(), []);
  const options = reportPeriods(periods.data?.periods ?? []);
  const [chosen, setChosen] = useState<string>();
  const period =
    chosen ??
    (asked && options.includes(asked)
      ? asked
      : latestReported(periods.data?.periods ?? [], periods.data?.now));
  const cities = useLoad(() => (period ? provinceCities(me, period) : Promise.resolve([])), [period]);
  const province = me.province || provinceOf(me.cities?.[0]?.code ?? '');
  const provinceXlsx = reportKeys.province(province, period, 'xlsx');
  const reported = (cities.data ?? []).filter(
    (city) => city.submission === 'on_time' || city.submission === 'late',
  );
  return (
    <>
      <PageTitle title="本省城市">
        本省城市{me.cityName || me.provinceName ? ` · ${me.cityName ?? me.provinceName}` : ''}
      </PageTitle>
      {periods.error ? <ErrorMessage error={periods.error} /> : null}
      {options.length > 0 ? (
        <p class="toolbar">
          <PeriodSelect periods={options} value={period} onChange={setChosen} />
          <DownloadButton
            path={paths.report(provinceXlsx)}
            fileName={fileName(provinceXlsx)}
            label="下载本省汇总工作簿"
          />
        </p>
      ) : null}
      {cities.error ? <ErrorMessage error={cities.error} /> : null}
      {cities.loading && !cities.data ? <Loading what="本省城市" /> : null}
      {cities.data && cities.data.length === 0 ? (
        <Notice tone="info">{periodName(period)}的报告尚未生成。</Notice>
      ) : null}
      {cities.data && cities.data.length > 0 ? (
        <>
          <Section title={`${periodName(period)}填报情况`} id="province-completeness">
            <p>
              本省 {cities.data.length} 个城市，已报送 {reported.length} 个。
            </p>
            <CompletenessTable cities={cities.data} />
          </Section>
          <Section title="绩效目标完成情况" id="province-attainment">
            <AttainmentTable cities={cities.data} caption="本省城市绩效目标完成情况（排名为全国排名）" />
          </Section>
          <Section title="城市汇总工作簿" id="province-downloads">
            <ul class="plain">
              {cities.data.map((city) => {
                const key = reportKeys.city(city.code, period, 'xlsx');
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
          </Section>
        </>
      ) : null}
    </>
  );
}
