/** Tables of a report JSON shared by the city, province and analyst pages. */
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import type { ReportJson } from '../api.ts';
import { number, percent, SUBMISSION_TEXT, time } from '../format.ts';
import { Status } from './common.tsx';
import { type Column, DataTable } from './DataTable.tsx';

type CityJson = ReportJson['cities'][number];
type Attention = ReportJson['attention'];

const TARGET_NAMES: Record<string, string> = Object.fromEntries(
  INDICATORS.map((definition) => [definition.code, definition.name]),
);
TARGET_NAMES.agencyGrowth = '运营机构营收增幅';

export function targetName(key: string): string {
  return TARGET_NAMES[key] ?? key;
}

const CITY_NAME: Column<CityJson> = { header: '城市', rowHeader: true, cell: (city) => city.name };

/** 填报情况: one row per city, named, with its submission state and upload times. */
export function CompletenessTable({
  cities,
  caption = '填报情况',
}: {
  cities: readonly CityJson[];
  caption?: string;
}) {
  return (
    <DataTable
      caption={caption}
      label={caption}
      rows={cities}
      rowKey={(city) => city.code}
      columns={[
        CITY_NAME,
        {
          header: '报送情况',
          cell: (city) => (
            <Status code={city.submission} text={SUBMISSION_TEXT[city.submission] ?? city.submission} />
          ),
        },
        { header: '首次接受时间', cell: (city) => time(city.submissionDetail.firstAcceptedAt) },
        { header: '当前数据上传时间', cell: (city) => time(city.submissionDetail.currentUploadAt) },
        { header: '上传次数', num: true, cell: (city) => city.submissionDetail.uploads },
        { header: '退回', num: true, cell: (city) => city.submissionDetail.rejectedUploads },
        { header: '警告', num: true, cell: (city) => city.submissionDetail.warnings },
      ]}
    />
  );
}

function targetCell(city: CityJson, key: string) {
  const target = city.targets[key];
  if (!target) return '—';
  return (
    <>
      <Status code={target.status} text={target.status} />
      {target.attainment !== null && target.kind === 'programme' ? (
        <span class="sub"> {percent(target.attainment)}</span>
      ) : null}
    </>
  );
}

/** 目标完成: each city's targets with attainment and coloured status words, score and rank. */
export function AttainmentTable({
  cities,
  caption = '绩效目标完成情况',
}: {
  cities: readonly CityJson[];
  caption?: string;
}) {
  const keys = [...new Set(cities.flatMap((city) => Object.keys(city.targets)))];
  const sorted = [...cities].sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999));
  return (
    <DataTable
      caption={caption}
      label={caption}
      className="attainment"
      rows={sorted}
      rowKey={(city) => city.code}
      columns={[
        { header: '排名', num: true, cell: (city) => city.rank ?? '—' },
        CITY_NAME,
        { header: '综合得分', num: true, cell: (city) => number(city.score) },
        ...keys.map(
          (key): Column<CityJson> => ({
            header: key === 'agencyGrowth' ? '运营机构营收增幅' : `${key} ${targetName(key)}`,
            title: targetName(key),
            cell: (city) => targetCell(city, key),
          }),
        ),
      ]}
    />
  );
}

type Figures = Record<
  string,
  { value: number | null; ytd: number | null; lastYearYtd: number | null; growth: number | null }
>;

/** Key figures: each indicator's value for the period, year to date, last year and growth. */
export function FiguresTable({ figures, caption }: { figures: Figures; caption: string }) {
  const rows = INDICATORS.flatMap((definition) => {
    const entry = figures[definition.code];
    return entry ? [{ definition, entry }] : [];
  });
  return (
    <DataTable
      caption={caption}
      label={caption}
      rows={rows}
      rowKey={(row) => row.definition.code}
      columns={[
        {
          header: '指标',
          rowHeader: true,
          cell: ({ definition }) => `${definition.code} ${definition.name}（${definition.unit}）`,
        },
        { header: '本期', num: true, cell: ({ entry }) => number(entry.value) },
        { header: '本年累计', num: true, cell: ({ entry }) => number(entry.ytd) },
        { header: '上年同期累计', num: true, cell: ({ entry }) => number(entry.lastYearYtd) },
        { header: '同比增长', num: true, cell: ({ entry }) => percent(entry.growth) },
      ]}
    />
  );
}

/**
 * 需关注 as the report lists it: cities not reported, late or only rejected; targets behind the
 * progress expected by now, furthest behind first, each with the sentence saying why; warnings
 * still waiting for an explanation.
 */
export function AttentionLists({ attention }: { attention: Attention }) {
  const { submissions, targets, warnings } = attention;
  if (submissions.length + targets.length + warnings.length === 0) return <p>没有需要特别关注的城市。</p>;
  return (
    <>
      {submissions.length > 0 ? (
        <>
          <h3>报送</h3>
          <ul class="plain">
            {submissions.map((entry) => (
              <li key={entry.city}>
                <strong>{entry.cityName}</strong>：
                <Status
                  code={entry.submission}
                  text={SUBMISSION_TEXT[entry.submission] ?? entry.submission}
                />{' '}
                {entry.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {targets.length > 0 ? (
        <div class="attention-targets">
          <DataTable
            caption={`落后于应完成进度的目标（${targets.length} 项，落后最多的在前）`}
            label="落后的目标"
            rows={targets}
            rowKey={(entry) => `${entry.city}-${entry.target}`}
            columns={[
              { header: '城市', rowHeader: true, cell: (entry) => entry.cityName },
              { header: '目标', cell: (entry) => entry.targetLabel },
              { header: '状态', cell: (entry) => <Status code={entry.status} text={entry.status} /> },
              { header: '落后', num: true, cell: (entry) => percent(entry.gapPercent) },
              { header: '说明', cell: (entry) => entry.reason },
            ]}
          />
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <h3>待说明的警告</h3>
          <ul class="plain">
            {warnings.map((entry) => (
              <li key={entry.city}>
                <strong>{entry.cityName}</strong>：{entry.count} 个警告待说明，例如：{entry.example}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
