/**
 * The sections a summary report opens with, on 总览 (全国) and on the province page: completeness
 * with upload times, the attention list, attainment, and the charts.
 */
import type { ReportJson } from '../api.ts';
import { percent, time } from '../format.ts';
import { ReportCharts } from '../reportCharts.tsx';
import { Section } from './common.tsx';
import { AttainmentTable, AttentionLists, CompletenessTable } from './ReportTables.tsx';

export function SummarySections({
  report,
  scope,
  id,
  whose,
  attainmentCaption,
}: {
  report: ReportJson;
  /** 全国, or the province's name (in the charts' titles). */
  scope: string;
  /** Prefix of the sections' ids. */
  id: string;
  /** Whose cities, before 应报 (本省), none for the nation. */
  whose: string;
  attainmentCaption?: string;
}) {
  const { completeness } = report;
  return (
    <>
      <Section title="填报情况" id={`${id}completeness`}>
        <p>
          {whose}应报 {completeness.expected} 个城市，已报送 {completeness.reported} 个（迟报{' '}
          {completeness.late} 个），报送率 {percent(completeness.rate)}
          {completeness.notDue > 0 ? `（${completeness.notDue} 个城市尚未到截止时间，报送率截止后计算）` : ''}
          。截止时间 {time(report.deadline)}，数据截至 {time(report.lineage.dataAsOf)}。
          {report.notDueQuarters.length > 0
            ? ` 未到期的季度：${report.notDueQuarters.join('、')}（不计未报）。`
            : ''}
        </p>
        <CompletenessTable cities={report.cities} />
      </Section>
      <Section title="需要关注的城市" id={`${id}attention`}>
        <AttentionLists attention={report.attention} />
      </Section>
      <Section title="绩效目标完成情况" id={`${id}attainment`}>
        <AttainmentTable
          cities={report.cities}
          {...(attainmentCaption ? { caption: attainmentCaption } : {})}
        />
      </Section>
      <Section title="图表" id={`${id}charts`}>
        <ReportCharts report={report} scope={scope} />
      </Section>
    </>
  );
}
