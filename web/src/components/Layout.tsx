/** The frame of every signed-in page: skip link, site name, the role's navigation and the user. */
import type { ComponentChildren } from 'preact';
import type { Me } from '../api.ts';

export interface NavItem {
  path: string;
  label: string;
}

export const NAV: Record<Me['role'], NavItem[]> = {
  city: [
    { path: '/city', label: '本期填报' },
    { path: '/city/upload', label: '上传' },
    { path: '/city/history', label: '历史' },
    { path: '/city/reports', label: '本市报告' },
  ],
  province: [{ path: '/province', label: '本省城市' }],
  analyst: [
    { path: '/analyst', label: '总览' },
    { path: '/analyst/audit', label: '审计记录' },
  ],
};

const ROLE_TEXT: Record<Me['role'], string> = { city: '城市', province: '省级', analyst: '部委分析人员' };

/** 深圳市, 广东省, or nothing for analysts. */
export function displayName(me: Me): string {
  return me.cityName || me.provinceName || '';
}

/** A page heading with the caller's city or province: `本期填报 · 深圳市`. */
export function headingFor(title: string, me: Me): string {
  const name = displayName(me);
  return name ? `${title} · ${name}` : title;
}

function focusMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

export function Layout({
  me,
  path,
  onSignOut,
  children,
}: {
  me: Me | null;
  path: string;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const items = me ? NAV[me.role] : [];
  return (
    <>
      <button type="button" class="skip" onClick={focusMain}>
        跳到主要内容
      </button>
      <header class="top">
        <div class="brand">
          <span class="brand-name">知识产权运营服务体系建设</span>
          <span class="brand-sub">统计报送平台</span>
        </div>
        {items.length > 0 ? (
          <nav aria-label="主导航">
            <ul>
              {items.map((item) => (
                <li key={item.path}>
                  <a href={`#${item.path}`} aria-current={path === item.path ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {me ? (
          <div class="user">
            <span>
              {displayName(me)}（{me.roleLabel ?? ROLE_TEXT[me.role]}） {me.username}
            </span>
            <button type="button" class="link-button" onClick={onSignOut}>
              退出
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
