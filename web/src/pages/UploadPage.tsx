/** One upload's validation result (`#/uploads/{id}`): another city's id is refused by the API. */
import { api, type Me } from '../api.ts';
import { ErrorMessage, Loading, Notice, PageTitle } from '../components/common.tsx';
import { ValidationResult } from '../components/ValidationResult.tsx';
import { useLoad } from '../load.ts';

export function UploadPage({ me, id }: { me: Me; id: string }) {
  const { data, error } = useLoad(() => api.upload(id), [id]);
  return (
    <>
      <PageTitle title="校验结果">上传的校验结果</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="校验结果" /> : null}
      {data && !data.report ? (
        <Notice tone="info">
          {data.upload.status === 'failed'
            ? (data.upload.failure ?? '系统处理失败，请重新上传')
            : '文件正在校验，结果稍后显示，请刷新本页。'}
        </Notice>
      ) : null}
      {data?.report ? (
        <section class="card" aria-label="校验结果">
          <ValidationResult
            report={data.report}
            apiId={data.upload.id}
            annotated={data.upload.hasAnnotated === true}
          />
        </section>
      ) : null}
      <p>
        <a href={me.role === 'city' ? '#/city/history' : '#/'}>返回</a>
      </p>
    </>
  );
}
