/**
 * 总览 for a chosen period: completeness, attainment and the cities needing attention, growth,
 * charts, typical enterprises and models, every workbook, the roll-up and the period lock.
 */
import { useState } from 'preact/hooks';
import { type ApiError, api, paths, type ReportJson } from '../api.ts';
import {
  ErrorMessage,
  Loading,
  Notice,
  PageTitle,
  Section,
  Status,
  TableScroll,
} from '../components/common.tsx';
import { DownloadButton, PeriodSelect } from '../components/controls.tsx';
import { AttainmentTable, attention, CompletenessTable, FiguresTable } from '../components/ReportTables.tsx';
import { number, percent, periodName, time } from '../format.ts';
import { toApiError, useLoad } from '../load.ts';
import { latestReported, reportPeriods } from '../periods.ts';
import { NationalCharts } from '../reportCharts.tsx';
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

function Downloads({ report }: { report: ReportJson }) {
  const [city, setCity] = useState(report.cities[0]?.code ?? '');
  const provinces = [
    ...new Set(report.cities.map((entry) => entry.province || provinceOf(entry.code))),
  ].sort();
  const [province, setProvince] = useState(provinces[0] ?? '');
  const national = reportKeys.national(report.period, 'xlsx');
  const cityKey = reportKeys.city(city, report.period, 'xlsx');
  const provinceKey = reportKeys.province(province, report.period, 'xlsx');
  return (
    <div class="downloads">
      <p>
        <DownloadButton
          path={paths.report(national)}
          fileName={fileName(national)}
          label="下载全国汇总工作簿"
        />
      </p>
      <p class="field-inline">
        <label for="download-province">省份</label>
        <select
          id="download-province"
          value={province}
          onChange={(e) => setProvince((e.target as HTMLSelectElement).value)}
        >
          {provinces.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <DownloadButton
          path={paths.report(provinceKey)}
          fileName={fileName(provinceKey)}
          label="下载省级汇总工作簿"
        />
      </p>
      <p class="field-inline">
        <label for="download-city">城市</label>
        <select
          id="download-city"
          value={city}
          onChange={(e) => setCity((e.target as HTMLSelectElement).value)}
        >
          {report.cities.map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.name}
            </option>
          ))}
        </select>
        <DownloadButton
          path={paths.report(cityKey)}
          fileName={fileName(cityKey)}
          label="下载城市汇总工作簿"
        />
      </p>
    </div>
  );
}

function Overview({ report }: { report: ReportJson }) {
  const needing = attention(report.cities);
  const { completeness } = report;
  return (
    <>
      <Section title="填报情况" id="completeness">
        <p>
          应报 {completeness.expected} 个城市，已报 {completeness.reported} 个（迟报 {completeness.late}{' '}
          个），报送率{' '}
          {completeness.expected > 0 ? percent((completeness.reported / completeness.expected) * 100) : '—'}
          。截止时间 {time(report.deadline)}，数据截至 {time(report.lineage.dataAsOf)}。
        </p>
        <CompletenessTable cities={report.cities} />
      </Section>
      <Section title="需要关注的城市" id="attention">
        {needing.length === 0 ? (
          <p>没有需要特别关注的城市。</p>
        ) : (
          <ul class="plain">
            {needing.map(({ city, reasons }) => (
              <li key={city.code}>
                <strong>{city.name}</strong>：{reasons.join('；')}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="绩效目标完成情况" id="attainment">
        <AttainmentTable cities={report.cities} />
      </Section>
      <Section title="图表" id="charts">
        <NationalCharts report={report} />
      </Section>
      <Section title="全国主要指标与同比增长" id="growth">
        <FiguresTable figures={report.national} caption="全国主要指标（已报城市合计，增长为同口径）" />
      </Section>
      <Section title="典型企业" id="enterprises">
        <TableScroll label="典型企业">
          <table class="data">
            <caption>全国典型企业（前 {report.typicalEnterprises.length} 名）</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  排名
                </th>
                <th scope="col">企业</th>
                <th scope="col">城市</th>
                <th scope="col" class="num">
                  得分
                </th>
                <th scope="col">亮点</th>
                <th scope="col">城市推荐</th>
              </tr>
            </thead>
            <tbody>
              {report.typicalEnterprises.map((enterprise) => (
                <tr key={enterprise.uscc}>
                  <td class="num">{enterprise.rank}</td>
                  <th scope="row">{enterprise.name}</th>
                  <td>{enterprise.cityName}</td>
                  <td class="num">{number(enterprise.score)}</td>
                  <td>{enterprise.highlights.join('；')}</td>
                  <td>{enterprise.recommended ? '是' : '否'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>
      <Section title="典型模式" id="models">
        <TableScroll label="典型模式">
          <table class="data">
            <caption>入选的典型模式（共 {report.typicalModels.length} 个）</caption>
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">案例</th>
                <th scope="col">城市</th>
                <th scope="col">成效</th>
                <th scope="col">入选理由</th>
              </tr>
            </thead>
            <tbody>
              {report.typicalModels.map((model) => (
                <tr key={`${model.city}-${model.title}`}>
                  <td>{model.category}</td>
                  <th scope="row">{model.title}</th>
                  <td>{model.cityName}</td>
                  <td>
                    {model.outcomeMetric ?? ''}{' '}
                    {model.outcomeValue !== null ? number(model.outcomeValue, model.outcomeUnit ?? '') : ''}
                  </td>
                  <td>{model.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>
      <Section title="下载工作簿" id="downloads">
        <Downloads report={report} />
      </Section>
    </>
  );
}

export function Analyst({ asked }: { asked: string | null }) {
  const periods = useLoad(() => api.periods(), []);
  const options = reportPeriods(periods.data?.periods ?? []);
  const [chosen, setChosen] = useState<string>();
  const period =
    chosen ??
    (asked && options.includes(asked)
      ? asked
      : latestReported(periods.data?.periods ?? [], periods.data?.now));
  const report = useLoad(
    () => (period ? api.reportJson(reportKeys.national(period, 'json')) : Promise.resolve(undefined)),
    [period],
  );
  const info = periods.data?.periods.find((candidate) => candidate.period === period);
  return (
    <>
      <PageTitle title="总览">总览</PageTitle>
      {periods.error ? <ErrorMessage error={periods.error} /> : null}
      {options.length > 0 ? (
        <div class="toolbar">
          <PeriodSelect periods={options} value={period} onChange={setChosen} />
          <Actions
            period={period}
            locked={info?.locked}
            onDone={() => {
              periods.reload();
              report.reload();
            }}
          />
        </div>
      ) : null}
      {report.error?.status === 404 ? (
        <Notice tone="info">{periodName(period)}尚未汇总。点击“运行汇总”生成报告。</Notice>
      ) : report.error ? (
        <ErrorMessage error={report.error} />
      ) : null}
      {report.loading && !report.data ? <Loading what="全国汇总" /> : null}
      {report.data ? <Overview report={report.data} /> : null}
    </>
  );
}
