/** 审计记录: every write (uploads, roll-ups, locks, failed sign-ins), newest first. */
import { type AuditEntry, api } from '../api.ts';
import { ErrorMessage, Loading, PageTitle } from '../components/common.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { time } from '../format.ts';
import { useLoad } from '../load.ts';

const ACTIONS: Record<string, string> = {
  upload: '上传',
  rollup: '运行汇总',
  lock: '锁定报告期',
  unlock: '解锁报告期',
  sign_in_failed: '登录失败',
  password_changed: '设置新密码',
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
        <DataTable
          caption={`全部写操作（共 ${entries.length} 条，最新的在前）`}
          label="审计记录"
          rows={entries}
          rowKey={(entry, index) => `${entry.at}-${index}`}
          columns={[
            { header: '时间', cell: (entry) => time(entry.at) },
            {
              header: '操作人',
              cell: (entry) =>
                `${entry.actor}${roleOf(entry) ? `（${ROLES[roleOf(entry)] ?? roleOf(entry)}）` : ''}`,
            },
            { header: '操作', cell: (entry) => ACTIONS[entry.action] ?? entry.action },
            { header: '对象', cell: (entry) => entry.target },
            { header: '详情', className: 'value', cell: detailText },
          ]}
        />
      ) : null}
    </>
  );
}
