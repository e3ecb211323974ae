/** Tables of a report JSON shared by the city, province and analyst pages. */
import { INDICATORS } from '../../../shared/catalogue/indicators.ts';
import type { ReportJson } from '../api.ts';
import { number, percent, SUBMISSION_TEXT, time } from '../format.ts';
import { Status, TableScroll } from './common.tsx';

type CityJson = ReportJson['cities'][number];

const TARGET_NAMES: Record<string, string> = Object.fromEntries(
  INDICATORS.map((definition) => [definition.code, definition.name]),
);
TARGET_NAMES.agencyGrowth = '运营机构营收增幅';

export function targetName(key: string): string {
  return TARGET_NAMES[key] ?? key;
}

/** 填报情况: one row per city, named, with its submission state and upload times. */
export function CompletenessTable({
  cities,
  caption = '填报情况',
}: {
  cities: readonly CityJson[];
  caption?: string;
}) {
  return (
    <TableScroll label={caption}>
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">城市</th>
            <th scope="col">报送情况</th>
            <th scope="col">首次接受时间</th>
            <th scope="col">当前数据上传时间</th>
            <th scope="col" class="num">
              上传次数
            </th>
            <th scope="col" class="num">
              退回
            </th>
            <th scope="col" class="num">
              警告
            </th>
          </tr>
        </thead>
        <tbody>
          {cities.map((city) => (
            <tr key={city.code}>
              <th scope="row">{city.name}</th>
              <td>
                <Status code={city.submission} text={SUBMISSION_TEXT[city.submission] ?? city.submission} />
              </td>
              <td>{time(city.submissionDetail.firstAcceptedAt)}</td>
              <td>{time(city.submissionDetail.currentUploadAt)}</td>
              <td class="num">{city.submissionDetail.uploads}</td>
              <td class="num">{city.submissionDetail.rejectedUploads}</td>
              <td class="num">{city.submissionDetail.warnings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
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
    <TableScroll label={caption}>
      <table class="data attainment">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              排名
            </th>
            <th scope="col">城市</th>
            <th scope="col" class="num">
              综合得分
            </th>
            {keys.map((key) => (
              <th scope="col" key={key} title={targetName(key)}>
                {key === 'agencyGrowth' ? '运营机构营收增幅' : `${key} ${targetName(key)}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((city) => (
            <tr key={city.code}>
              <td class="num">{city.rank ?? '—'}</td>
              <th scope="row">{city.name}</th>
              <td class="num">{number(city.score)}</td>
              {keys.map((key) => {
                const target = city.targets[key];
                return (
                  <td key={key}>
                    {target ? (
                      <>
                        <Status code={target.status} text={target.status} />
                        {target.attainment !== null && target.kind === 'programme' ? (
                          <span class="sub"> {percent(target.attainment)}</span>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Key figures: each indicator's value for the period, year to date, last year and growth. */
export function FiguresTable({
  figures,
  caption,
}: {
  figures: Record<
    string,
    { value: number | null; ytd: number | null; lastYearYtd: number | null; growth: number | null }
  >;
  caption: string;
}) {
  return (
    <TableScroll label={caption}>
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">指标</th>
            <th scope="col" class="num">
              本期
            </th>
            <th scope="col" class="num">
              本年累计
            </th>
            <th scope="col" class="num">
              上年同期累计
            </th>
            <th scope="col" class="num">
              同比增长
            </th>
          </tr>
        </thead>
        <tbody>
          {INDICATORS.filter((definition) => figures[definition.code]).map((definition) => {
            const entry = figures[definition.code]!;
            return (
              <tr key={definition.code}>
                <th scope="row">
                  {definition.code} {definition.name}（{definition.unit}）
                </th>
                <td class="num">{number(entry.value)}</td>
                <td class="num">{number(entry.ytd)}</td>
                <td class="num">{number(entry.lastYearYtd)}</td>
                <td class="num">{percent(entry.growth)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Cities needing attention: not reported, rejected, late, or with targets far behind. */
export function attention(cities: readonly CityJson[]): Array<{ city: CityJson; reasons: string[] }> {
  return cities
    .map((city) => {
      const reasons: string[] = [];
      if (city.submission !== 'on_time' && city.submission !== ('not_due' as string))
        reasons.push(SUBMISSION_TEXT[city.submission] ?? city.submission);
      const far = Object.entries(city.targets).filter(([, target]) => target.status === '严重滞后');
      const behind = Object.entries(city.targets).filter(([, target]) => target.status === '滞后');
      if (far.length > 0) reasons.push(`严重滞后：${far.map(([key]) => targetName(key)).join('、')}`);
      if (behind.length > 0) reasons.push(`滞后：${behind.map(([key]) => targetName(key)).join('、')}`);
      return { city, reasons };
    })
    .filter((entry) => entry.reasons.length > 0);
}
