/** Small pieces every page uses: status words with a colour, messages, loading and error states. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api.ts';
import { statusTone } from '../format.ts';

export function Status({ code, text }: { code: string; text: string }) {
  return <span class={`status status-${statusTone(code)}`}>{text}</span>;
}

export function ErrorMessage({ error }: { error: ApiError }) {
  const forbidden = error.status === 403 || error.status === 404;
  return (
    <div class="message message-bad" role="alert">
      <strong>{forbidden ? '无法查看：' : '出错了：'}</strong>
      {error.message}
      {error.code && !error.code.startsWith('HTTP_') ? <span class="code">（{error.code}）</span> : null}
    </div>
  );
}

export function Notice({
  tone,
  children,
}: {
  tone: 'good' | 'warn' | 'bad' | 'info';
  children: ComponentChildren;
}) {
  return (
    <div class={`message message-${tone}`} role={tone === 'bad' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      正在加载{what}…
    </p>
  );
}

/** The page heading: takes the focus when the page opens, so screen readers announce it. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} - 知识产权运营服务体系统计报送`;
    ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A wide table's scrolling frame: focusable so that keyboard users can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
