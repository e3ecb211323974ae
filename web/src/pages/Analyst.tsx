/**
 * 总览 for a chosen period: completeness, attainment and the cities needing attention, growth,
 * charts, typical enterprises and models, every workbook, the roll-up and the period lock.
 */
import { useState } from 'preact/hooks';
import { type ApiError, api, paths, type ReportJson } from '../api.ts';
import { ErrorMessage, Notice, Section, Status } from '../components/common.tsx';
import { DownloadButton } from '../components/controls.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ReportPage } from '../components/ReportPage.tsx';
import { FiguresTable } from '../components/ReportTables.tsx';
import { SummarySections } from '../components/SummarySections.tsx';
import { number, periodName } from '../format.ts';
import { toApiError } from '../load.ts';
import { fileName, provinceOf, reportKeys } from '../reportKeys.ts';

function Actions({
  period,
  locked,
  onDone,
}: {
  period: string;
  locked: boolean | undefined;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const act = async (what: string, run: () => Promise<unknown>, done: string) => {
    setBusy(what);
    setError(undefined);
    setMessage(undefined);
    try {
      await run();
      setMessage(done);
      onDone();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };
  const quarter = /Q/.test(period);
  return (
    <div class="actions">
      <button
        type="button"
        class="primary"
        disabled={busy !== undefined}
        onClick={() => act('rollup', () => api.rollup(period), `已完成 ${period} 的汇总，报告已更新。`)}
      >
        {busy === 'rollup' ? '正在汇总…' : `运行汇总（${period}）`}
      </button>
      {quarter && locked !== undefined ? (
        locked ? (
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() => act('unlock', () => api.unlock(period), `已解锁 ${period}，城市可以重新上传。`)}
          >
            解锁报告期
          </button>
        ) : (
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() => act('lock', () => api.lock(period), `已锁定 ${period}，城市不能再上传该期数据。`)}
          >
            锁定报告期
          </button>
        )
      ) : null}
      {quarter && locked !== undefined ? (
        <span>
          当前：
          {locked ? <Status code="rejected" text="已锁定" /> : <Status code="accepted" text="开放上传" />}
        </span>
      ) : null}
      {message ? <Notice tone="good">{message}</Notice> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** A chooser (省份, 城市) and the download of the chosen one's workbook. */
function ChosenDownload({
  id,
  label,
  options,
  keyOf,
  button,
}: {
  id: string;
  label: string;
  options: ReadonlyArray<{ code: string; name: string }>;
  keyOf: (code: string) => string;
  button: string;
}) {
  const [chosen, setChosen] = useState(options[0]?.code ?? '');
  const key = keyOf(chosen);
  return (
    <p class="field-inline">
      <label for={id}>{label}</label>
      <select id={id} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
        {options.map((option) => (
          <option key={option.code} value={option.code}>
            {option.name}
          </option>
        ))}
      </select>
      <DownloadButton path={paths.report(key)} fileName={fileName(key)} label={button} />
    </p>
  );
}

function provincesOf(report: ReportJson): Array<{ code: string; name: string }> {
  if (report.provinces) return report.provinces.map(({ code, name }) => ({ code, name }));
  const codes = [...new Set(report.cities.map((city) => provinceOf(city.code)))].sort();
  return codes.map((code) => ({ code, name: code }));
}

function Downloads({ report }: { report: ReportJson }) {
  const national = reportKeys.national(report.period, 'xlsx');
  return (
    <div class="downloads">
      <p>
        <DownloadButton
          path={paths.report(national)}
          fileName={fileName(national)}
          label="下载全国汇总工作簿"
        />
      </p>
      <ChosenDownload
        id="download-province"
        label="省份"
        options={provincesOf(report)}
        keyOf={(code) => reportKeys.province(code, report.period, 'xlsx')}
        button="下载省级汇总工作簿"
      />
      <ChosenDownload
        id="download-city"
        label="城市"
        options={report.cities}
        keyOf={(code) => reportKeys.city(code, report.period, 'xlsx')}
        button="下载城市汇总工作簿"
      />
    </div>
  );
}

function Overview({ report }: { report: ReportJson }) {
  return (
    <>
      <SummarySections report={report} scope="全国" id="" whose="" />
      <Section title="全国主要指标与同比增长" id="growth">
        <FiguresTable figures={report.national} caption="全国主要指标（已报城市合计，增长为同口径）" />
      </Section>
      <Section title="典型企业" id="enterprises">
        <DataTable
          caption={`全国典型企业（前 ${report.typicalEnterprises.length} 名）`}
          label="典型企业"
          rows={report.typicalEnterprises}
          rowKey={(enterprise) => enterprise.uscc}
          columns={[
            { header: '排名', num: true, cell: (enterprise) => enterprise.rank },
            { header: '企业', rowHeader: true, cell: (enterprise) => enterprise.name },
            { header: '城市', cell: (enterprise) => enterprise.cityName },
            { header: '得分', num: true, cell: (enterprise) => number(enterprise.score) },
            { header: '亮点', cell: (enterprise) => enterprise.highlights.join('；') },
            { header: '城市推荐', cell: (enterprise) => (enterprise.recommended ? '是' : '否') },
          ]}
        />
      </Section>
      <Section title="典型模式" id="models">
        <DataTable
          caption={`入选的典型模式（共 ${report.typicalModels.length} 个）`}
          label="典型模式"
          rows={report.typicalModels}
          rowKey={(model) => `${model.city}-${model.title}`}
          columns={[
            { header: '类别', cell: (model) => model.category },
            { header: '案例', rowHeader: true, cell: (model) => model.title },
            { header: '城市', cell: (model) => model.cityName },
            {
              header: '成效',
              cell: (model) =>
                `${model.outcomeMetric ?? ''} ${model.outcomeValue !== null ? number(model.outcomeValue, model.outcomeUnit ?? '') : ''}`.trim(),
            },
            { header: '入选理由', cell: (model) => model.reason },
          ]}
        />
      </Section>
      <Section title="下载工作簿" id="downloads">
        <Downloads report={report} />
      </Section>
    </>
  );
}

export function Analyst({ asked }: { asked: string | null }) {
  return (
    <ReportPage
      title="总览"
      asked={asked}
      reportKey={(period) => reportKeys.national(period, 'json')}
      what="全国汇总"
      missing={(period) => `${periodName(period)}尚未汇总。点击“运行汇总”生成报告。`}
      controls={({ period, info, reload }) => (
        <Actions period={period} locked={info?.locked} onDone={reload} />
      )}
    >
      {(report) => <Overview report={report} />}
    </ReportPage>
  );
}
