/** 本期填报: the period to report, its deadline and countdown, what has arrived and what is missing. */
import { DATA_SHEET_KINDS, sheetDefinition } from '#shared/catalogue/sheets.ts';
import { api, type Me, type PeriodInfo, paths, type UploadSummary } from '../api.ts';
import { ErrorMessage, Loading, Notice, PageTitle, Section, Status } from '../components/common.tsx';
import { DownloadButton } from '../components/controls.tsx';
import { headingFor } from '../components/Layout.tsx';
import { countdown, periodName, time, uploadStatusText } from '../format.ts';
import { useLoad } from '../load.ts';

/** The period a city works on now: the earliest open one whose deadline is still ahead, else the latest. */
export function currentPeriod(periods: readonly PeriodInfo[], now = new Date()): PeriodInfo | undefined {
  const sorted = [...periods]
    .filter((info) => /Q/.test(info.period))
    .sort((a, b) => a.period.localeCompare(b.period));
  const started = sorted.filter((info) => periodStart(info.period) <= now.getTime());
  const open = started.find((info) => !info.locked && new Date(info.deadline).getTime() >= now.getTime());
  return open ?? started.at(-1) ?? sorted.at(-1);
}

function periodStart(period: string): number {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5));
  return Date.UTC(year, (quarter - 1) * 3, 1) - 8 * 3_600_000;
}

const NOTHING_ACCEPTED = new Set(['received', 'rejected', 'failed']);

/** Sheet kinds received for the period: accepted in some upload (a later rejection keeps them current). */
export function receivedKinds(uploads: readonly UploadSummary[]): Set<string> {
  const kinds = new Set<string>();
  for (const upload of uploads) {
    if (NOTHING_ACCEPTED.has(upload.status)) continue;
    for (const sheet of upload.sheets ?? []) if (sheet.status !== 'rejected') kinds.add(sheet.kind);
  }
  return kinds;
}

function statusText(status: PeriodInfo['status']): string {
  if (!status || !('uploads' in status)) return '';
  if (status.reported) return status.late ? ' · 已报送（迟报）' : ' · 已报送';
  return status.uploads > 0 ? ' · 已上传，但核心指标尚未被接受' : ' · 尚未报送';
}

export function CityCurrent({ me }: { me: Me }) {
  const loaded = useLoad(async () => {
    const answer = await api.periods();
    const now = answer.now ? new Date(answer.now) : new Date();
    const period = currentPeriod(answer.periods, now);
    const uploads = period ? await api.uploads({ period: period.period }) : [];
    return { period, uploads, now };
  }, []);
  const { data, error } = loaded;
  const period = data?.period;
  const received = receivedKinds(data?.uploads ?? []);
  return (
    <>
      <PageTitle title="本期填报">{headingFor('本期填报', me)}</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="本期情况" /> : null}
      {data && !period ? <Notice tone="info">目前没有需要填报的报告期。</Notice> : null}
      {period ? (
        <>
          <Section title={`报告期 ${period.period}（${periodName(period.period)}）`} id="current-period">
            <dl class="facts">
              <dt>报送截止</dt>
              <dd>
                {time(period.deadline)}（北京时间），
                <strong>{countdown(period.deadline, data?.now ?? new Date())}</strong>
              </dd>
              <dt>本期状态</dt>
              <dd>
                {period.locked ? (
                  <Status code="rejected" text="已锁定，不再接收上传" />
                ) : (
                  <Status code="accepted" text="开放上传" />
                )}
                {statusText(period.status)}
              </dd>
            </dl>
            <p class="actions">
              <DownloadButton
                path={paths.template(period.period)}
                fileName={`填报模板-${me.city ?? ''}-${period.period}.xlsx`}
                label="下载填报模板"
              />
              {!period.locked ? (
                <a class="button primary" href={`#/city/upload?period=${period.period}`}>
                  去上传
                </a>
              ) : null}
            </p>
          </Section>
          <Section title="已收到与尚缺的表" id="sheets">
            <table class="data">
              <caption>本期各表报送情况（核心指标必须报送）</caption>
              <thead>
                <tr>
                  <th scope="col">工作表</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {DATA_SHEET_KINDS.map((kind) => (
                  <tr key={kind}>
                    <th scope="row">
                      {sheetDefinition(kind).name}
                      {kind === 'core' ? <span class="tag">必报</span> : null}
                    </th>
                    <td>
                      {received.has(kind) ? (
                        <Status code="accepted" text="已收到" />
                      ) : (
                        <Status code={kind === 'core' ? 'rejected' : 'neutral'} text="尚未收到" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="本期上传" id="period-uploads">
            {data && data.uploads.length === 0 ? <p>本期尚未上传文件。</p> : null}
            <ul class="plain">
              {(data?.uploads ?? []).map((upload) => (
                <li key={upload.id}>
                  <a href={`#/uploads/${encodeURIComponent(upload.id)}`}>{upload.fileName}</a> ·{' '}
                  {time(upload.eventTime)} ·{' '}
                  <Status code={upload.status} text={uploadStatusText(upload.status)} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      ) : null}
    </>
  );
}
