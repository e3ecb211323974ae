/** 审计记录: every write (uploads, roll-ups, locks, failed sign-ins), newest first. */
import { type AuditEntry, api } from '../api.ts';
import { ErrorMessage, Loading, PageTitle, TableScroll } from '../components/common.tsx';
import { time } from '../format.ts';
import { useLoad } from '../load.ts';

const ACTIONS: Record<string, string> = {
  upload: '上传',
  rollup: '运行汇总',
  lock: '锁定报告期',
  unlock: '解锁报告期',
  sign_in_failed: '登录失败',
  user_added: '添加用户',
  user_removed: '删除用户',
};

const ROLES: Record<string, string> = { city: '城市', province: '省级', analyst: '部委' };

function roleOf(entry: AuditEntry): string {
  const role = entry.details?.role;
  return typeof role === 'string' ? role : '';
}

/** The details worth reading (a reason, a key), without who and from where (in other columns). */
function detailText(entry: AuditEntry): string {
  return Object.entries(entry.details ?? {})
    .filter(([name]) => !['role', 'source', 'city', 'province'].includes(name))
    .map(([, value]) => (typeof value === 'string' ? value : JSON.stringify(value)))
    .join(' · ');
}

export function Audit() {
  const { data, error } = useLoad(() => api.audit(), []);
  const entries = [...(data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <>
      <PageTitle title="审计记录">审计记录</PageTitle>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading what="审计记录" /> : null}
      {data ? (
        <TableScroll label="审计记录">
          <table class="data">
            <caption>全部写操作（共 {entries.length} 条，最新的在前）</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">详情</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td>{time(entry.at)}</td>
                  <td>
                    {entry.actor}
                    {roleOf(entry) ? `（${ROLES[roleOf(entry)] ?? roleOf(entry)}）` : ''}
                  </td>
                  <td>{ACTIONS[entry.action] ?? entry.action}</td>
                  <td>{entry.target}</td>
                  <td class="value">{detailText(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </>
  );
}
