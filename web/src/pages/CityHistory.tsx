/** 历史: every upload of the city, newest first, with its status and a link to its result. */
import { ApiError, api, type Me, type UploadSummary } from '../api.ts';
import { ErrorMessage, Loading, PageTitle, Status } from '../components/common.tsx';
import { time, uploadStatusText } from '../format.ts';
import { useLoad } from '../load.ts';

/** All uploads: one call when the API lists every period at once, else one call per period. */
async function allUploads(): Promise<UploadSummary[]> {
  try {
    return await api.uploads();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    const periods = await api.periods();
    const lists = await Promise.all(periods.map((info) => api.uploads(info.period)));
    return lists.flat();
  }
}

export function CityHistory({ me }: { me: Me }) {
  const { data, error } = useLoad(allUploads, []);
  const uploads = [...(data ?? [])].sort((a, b) => b.eventTime.localeCompare(a.eventTime));
  return (
    <>
      <PageTitle title="历史">上传历史{me.name ? ` · ${me.name}` : ''}</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="上传历史" /> : null}
      {data ? (
        <div class="table-scroll">
          <table class="data">
            <caption>本市全部上传（共 {uploads.length} 个，最新的在前）</caption>
            <thead>
              <tr>
                <th scope="col">上传时间</th>
                <th scope="col">报告期</th>
                <th scope="col">文件</th>
                <th scope="col">结果</th>
                <th scope="col" class="num">
                  错误
                </th>
                <th scope="col" class="num">
                  警告
                </th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((upload) => (
                <tr key={upload.uploadId}>
                  <td>
                    {time(upload.eventTime)}
                    {upload.late ? '（迟报）' : ''}
                  </td>
                  <td>{upload.period}</td>
                  <td>
                    <a href={`#/uploads/${encodeURIComponent(upload.uploadId)}`}>{upload.fileName}</a>
                  </td>
                  <td>
                    <Status code={upload.status} text={uploadStatusText(upload.status)} />
                  </td>
                  <td class="num">{upload.counts?.errors ?? '—'}</td>
                  <td class="num">{upload.counts?.warnings ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
