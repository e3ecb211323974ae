/**
 * The frame of the pages that show one published report of a chosen period (本市报告, 本省城市,
 * 总览): the heading, the period chooser and the page's own controls, then the report once it has
 * loaded, or in words why not (not yet rolled up, not allowed, the network).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type PeriodInfo, type ReportJson } from '../api.ts';
import { useLoad } from '../load.ts';
import { latestReported, reportPeriods } from '../periods.ts';
import { ErrorMessage, Loading, Notice, PageTitle } from './common.tsx';
import { PeriodSelect } from './controls.tsx';

export interface ReportPageState {
  period: string;
  /** What the API says of the period (deadline, lock). */
  info: PeriodInfo | undefined;
  /** Loads the periods and the report again (after a roll-up, a lock). */
  reload: () => void;
}

export function ReportPage({
  title,
  heading = title,
  asked,
  reportKey,
  what,
  missing,
  controls,
  children,
}: {
  /** The page's name (the window title). */
  title: string;
  heading?: string;
  /** The period in the address, if any. */
  asked: string | null;
  /** The report JSON's key for a period. */
  reportKey: (period: string) => string;
  /** What is loading, in words (本市报告 …). */
  what: string;
  /** Why there is no report yet for the period, in words. */
  missing: (period: string) => string;
  controls?: (state: ReportPageState) => ComponentChildren;
  children: (report: ReportJson, state: ReportPageState) => ComponentChildren;
}) {
  const periods = useLoad(() => api.periods(), []);
  const options = reportPeriods(periods.data?.periods ?? []);
  const [chosen, setChosen] = useState<string>();
  const period =
    chosen ??
    (asked && options.includes(asked)
      ? asked
      : latestReported(periods.data?.periods ?? [], periods.data?.now));
  const report = useLoad(
    () => (period ? api.reportJson(reportKey(period)) : Promise.resolve(undefined)),
    [period],
  );
  const state: ReportPageState = {
    period,
    info: periods.data?.periods.find((candidate) => candidate.period === period),
    reload: () => {
      periods.reload();
      report.reload();
    },
  };
  return (
    <>
      <PageTitle title={title}>{heading}</PageTitle>
      {periods.error ? <ErrorMessage error={periods.error} /> : null}
      {options.length > 0 ? (
        <div class="toolbar">
          <PeriodSelect periods={options} value={period} onChange={setChosen} />
          {controls?.(state)}
        </div>
      ) : null}
      {report.error?.status === 404 ? (
        <Notice tone="info">{missing(period)}</Notice>
      ) : report.error ? (
        <ErrorMessage error={report.error} />
      ) : null}
      {report.loading && !report.data ? <Loading what={what} /> : null}
      {report.data && !report.error ? children(report.data, state) : null}
    </>
  );
}
