/**
 * 上传: choose or drop a file, watch it upload, then the validation result as soon as the ingest
 * function has written it (the page asks the API until the upload leaves 校验中).
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError, api, type Me, type UploadDetail } from '../api.ts';
import { ErrorMessage, Loading, Notice, PageTitle, Section } from '../components/common.tsx';
import { PeriodSelect } from '../components/controls.tsx';
import { headingFor } from '../components/Layout.tsx';
import { ValidationResult } from '../components/ValidationResult.tsx';
import { toApiError, useLoad } from '../load.ts';
import { postToStorage } from '../transfer.ts';
import { currentPeriod } from './CityCurrent.tsx';

const POLL_MS = 700;
const WAIT_MS = 120_000;

type Phase =
  | { step: 'idle' }
  | { step: 'uploading'; share: number }
  | { step: 'validating' }
  | { step: 'done'; detail: UploadDetail }
  | { step: 'failed'; error: ApiError };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for an upload of `key` that was not there before, until its validation report exists. */
async function waitForReport(key: string, before: ReadonlySet<string>): Promise<UploadDetail> {
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    const uploads = await api.uploads({ key });
    const mine = uploads.filter((upload) => !before.has(upload.id)).at(-1);
    if (mine && mine.status !== 'received') {
      const detail = await api.upload(mine.id);
      if (detail.report || mine.status === 'failed') return detail;
    }
    await sleep(POLL_MS);
  }
  throw new ApiError(0, 'TIMEOUT', '文件已上传，但校验结果迟迟未出，请稍后在“历史”页面查看结果');
}

export function CityUpload({ me, asked }: { me: Me; asked: string | null }) {
  const periods = useLoad(() => api.periods(), []);
  const now = periods.data?.now ? new Date(periods.data.now) : new Date();
  const [chosen, setChosen] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const quarters = (periods.data?.periods ?? []).filter((info) => /Q/.test(info.period));
  const period =
    chosen ??
    (asked && quarters.some((info) => info.period === asked) ? asked : undefined) ??
    currentPeriod(quarters, now)?.period ??
    '';
  const info = quarters.find((candidate) => candidate.period === period);
  const busy = phase.step === 'uploading' || phase.step === 'validating';

  const start = async (event: Event) => {
    event.preventDefault();
    if (!file || !period) return;
    setPhase({ step: 'uploading', share: 0 });
    try {
      const post = await api.presign(period, file.name, file.size);
      const before = new Set((await api.uploads({ key: post.key })).map((upload) => upload.id));
      await postToStorage(post, file, (share) => setPhase({ step: 'uploading', share }));
      setPhase({ step: 'validating' });
      const detail = await waitForReport(post.key, before);
      setPhase({ step: 'done', detail });
    } catch (caught) {
      setPhase({ step: 'failed', error: toApiError(caught) });
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer?.files[0];
    if (dropped) {
      setFile(dropped);
      setPhase({ step: 'idle' });
    }
  };

  return (
    <>
      <PageTitle title="上传">{headingFor('上传填报文件', me)}</PageTitle>
      {periods.error ? <ErrorMessage error={periods.error} /> : null}
      {periods.loading && !periods.data ? <Loading what="报告期" /> : null}
      {quarters.length > 0 ? (
        <Section title="选择报告期和文件" id="choose">
          <form class="form upload-form" onSubmit={start}>
            <div class="field">
              <PeriodSelect
                periods={quarters
                  .map((candidate) => candidate.period)
                  .sort()
                  .reverse()}
                value={period}
                onChange={(value) => {
                  setChosen(value);
                  setPhase({ step: 'idle' });
                }}
              />
              {info?.locked ? <span class="hint">（该报告期已锁定）</span> : null}
            </div>
            {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the labelled file input is the accessible way */}
            <div
              class={`dropzone${dragging ? ' dragging' : ''}`}
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={drop}
            >
              <label for="file">选择文件</label>
              <input
                ref={input}
                id="file"
                name="file"
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                aria-describedby="file-hint"
                onChange={(event) => {
                  setFile((event.target as HTMLInputElement).files?.[0] ?? null);
                  setPhase({ step: 'idle' });
                }}
              />
              <p id="file-hint" class="hint">
                也可以把文件拖到这里。支持填报模板 .xlsx 或 .csv，单个文件不超过 20 MB。
              </p>
              {file ? (
                <p class="chosen">
                  已选择：{file.name}（{Math.ceil(file.size / 1024)} KB）
                </p>
              ) : null}
            </div>
            <button type="submit" class="primary" disabled={!file || busy}>
              上传
            </button>
          </form>
        </Section>
      ) : null}
      {phase.step === 'uploading' ? (
        <div class="progress-block">
          <label for="progress">正在上传 {Math.round(phase.share * 100)}%</label>
          <progress id="progress" max={100} value={Math.round(phase.share * 100)} />
        </div>
      ) : null}
      {phase.step === 'validating' ? (
        <p class="loading" role="status">
          文件已上传，正在校验…（通常只需几秒）
        </p>
      ) : null}
      {phase.step === 'failed' ? (
        <>
          <ErrorMessage error={phase.error} />
          {phase.error.code.includes('LOCK') ? (
            <Notice tone="info">
              该报告期已被部委锁定，数据不能再更改。如确需更正，请联系部委分析人员解锁。
            </Notice>
          ) : null}
        </>
      ) : null}
      {phase.step === 'done' && !phase.detail.report ? (
        <Notice tone="bad">{phase.detail.upload.failure ?? '系统处理失败，请重新上传'}</Notice>
      ) : null}
      {phase.step === 'done' && phase.detail.report ? (
        <section class="card" aria-label="校验结果">
          <ValidationResult
            report={phase.detail.report}
            apiId={phase.detail.upload.id}
            annotated={phase.detail.upload.hasAnnotated === true}
          />
          <p>
            <a href={`#/uploads/${encodeURIComponent(phase.detail.upload.id)}`}>本次上传的固定链接</a> ·{' '}
            <a href="#/city/history">查看全部历史</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
