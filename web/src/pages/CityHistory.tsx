/** 历史: every upload of the city, newest first, with its status and a link to its result. */
import { api, type Me } from '../api.ts';
import { ErrorMessage, Loading, PageTitle, Status } from '../components/common.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { headingFor } from '../components/Layout.tsx';
import { time, uploadStatusText } from '../format.ts';
import { useLoad } from '../load.ts';

export function CityHistory({ me }: { me: Me }) {
  const { data, error } = useLoad(() => api.uploads(), []);
  const uploads = [...(data ?? [])].sort((a, b) => b.eventTime.localeCompare(a.eventTime));
  return (
    <>
      <PageTitle title="历史">{headingFor('上传历史', me)}</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="上传历史" /> : null}
      {data ? (
        <DataTable
          caption={`本市全部上传（共 ${uploads.length} 个，最新的在前）`}
          label="上传历史"
          rows={uploads}
          rowKey={(upload) => upload.id}
          columns={[
            {
              header: '上传时间',
              cell: (upload) => `${time(upload.eventTime)}${upload.late ? '（迟报）' : ''}`,
            },
            { header: '报告期', cell: (upload) => upload.period },
            {
              header: '文件',
              cell: (upload) => <a href={`#/uploads/${encodeURIComponent(upload.id)}`}>{upload.fileName}</a>,
            },
            {
              header: '结果',
              cell: (upload) => <Status code={upload.status} text={uploadStatusText(upload.status)} />,
            },
            { header: '错误', num: true, cell: (upload) => upload.counts?.errors ?? '—' },
            { header: '警告', num: true, cell: (upload) => upload.counts?.warnings ?? '—' },
          ]}
        />
      ) : null}
    </>
  );
}
