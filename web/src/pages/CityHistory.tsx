/** 历史: every upload of the city, newest first, with its status and a link to its result. */
import { api, type Me } from '../api.ts';
import { ErrorMessage, Loading, PageTitle, Status, TableScroll } from '../components/common.tsx';
import { time, uploadStatusText } from '../format.ts';
import { useLoad } from '../load.ts';

export function CityHistory({ me }: { me: Me }) {
  const { data, error } = useLoad(() => api.uploads(), []);
  const uploads = [...(data ?? [])].sort((a, b) => b.eventTime.localeCompare(a.eventTime));
  return (
    <>
      <PageTitle title="历史">
        上传历史{me.cityName || me.provinceName ? ` · ${me.cityName ?? me.provinceName}` : ''}
      </PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="上传历史" /> : null}
      {data ? (
        <TableScroll label="上传历史">
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
                <tr key={upload.id}>
                  <td>
                    {time(upload.eventTime)}
                    {upload.late ? '（迟报）' : ''}
                  </td>
                  <td>{upload.period}</td>
                  <td>
                    <a href={`#/uploads/${encodeURIComponent(upload.id)}`}>{upload.fileName}</a>
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
        </TableScroll>
      ) : null}
    </>
  );
}
