/** One published report by key (`#/report?key=…`): its figures and its download. Others' keys are refused. */
import { api, type Me, paths } from '../api.ts';
import { ErrorMessage, Loading, PageTitle, Section } from '../components/common.tsx';
import { DownloadButton } from '../components/controls.tsx';
import { AttainmentTable, CompletenessTable, FiguresTable } from '../components/ReportTables.tsx';
import { periodName, time } from '../format.ts';
import { useLoad } from '../load.ts';
import { fileName } from '../reportKeys.ts';

export function ReportView({ me, reportKey }: { me: Me; reportKey: string }) {
  const jsonKey = reportKey.replace(/\.xlsx$/, '.json');
  const { data, error } = useLoad(() => api.reportJson(jsonKey), [jsonKey]);
  const xlsxKey = jsonKey.replace(/\.json$/, '.xlsx');
  return (
    <>
      <PageTitle title="报告">报告 {fileName(xlsxKey)}</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="报告" /> : null}
      {data ? (
        <>
          <p>
            {periodName(data.period)} · 生成于 {time(data.generatedAt)} ·{' '}
            <DownloadButton path={paths.report(xlsxKey)} fileName={fileName(xlsxKey)} label="下载工作簿" />
          </p>
          <Section title="填报与目标" id="report-cities">
            <CompletenessTable cities={data.cities} caption={data.city ? '本市填报情况' : '填报情况'} />
            <AttainmentTable cities={data.cities} />
          </Section>
          <Section title="主要指标" id="report-figures">
            <FiguresTable
              figures={data.city ? (data.cities[0]?.indicators ?? {}) : data.national}
              caption={data.city ? `${data.cities[0]?.name ?? ''}主要指标` : '全国主要指标'}
            />
          </Section>
        </>
      ) : null}
      <p>
        <a href={`#/${me.role}`}>返回</a>
      </p>
    </>
  );
}
