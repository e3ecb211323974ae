/**
 * Plain text and simple HTML built from the same blocks. Every piece of text is escaped: a file
 * name, a cell value or an issue message from an upload is never read as markup.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'link'; label: string; url: string };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) URLs become links; anything else is shown as text. */
function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

export function renderText(blocks: readonly Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'heading':
        return `【${block.text}】`;
      case 'list':
        return block.items
          .map((item, index) => (block.ordered ? `  ${index + 1}. ${item}` : `  · ${item}`))
          .join('\n');
      case 'table':
        return [block.header, ...block.rows].map((row) => `  ${row.join(' | ')}`).join('\n');
      case 'link':
        return `${block.label}：${block.url}`;
    }
    return '';
  });
  return `${parts.join('\n\n')}\n`;
}

const CELL = 'border:1px solid #ccc;padding:4px 8px;text-align:left';

export function renderHtml(title: string, blocks: readonly Block[]): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text).replace(/\n/g, '<br>')}</p>`;
      case 'heading':
        return `<h3 style="margin:16px 0 4px">${escapeHtml(block.text)}</h3>`;
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        return `<${tag}>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</${tag}>`;
      }
      case 'table': {
        const head = block.header.map(
          (cell) => `<th style="${CELL};background:#f3f3f3">${escapeHtml(cell)}</th>`,
        );
        const rows = block.rows.map(
          (row) => `<tr>${row.map((cell) => `<td style="${CELL}">${escapeHtml(cell)}</td>`).join('')}</tr>`,
        );
        return `<table style="border-collapse:collapse"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
      }
      case 'link': {
        const url = safeUrl(block.url);
        return url
          ? `<p>${escapeHtml(block.label)}：<a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`
          : `<p>${escapeHtml(block.label)}：${escapeHtml(block.url)}</p>`;
      }
    }
    return '';
  });
  return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;font-size:14px;line-height:1.6">\n${body.join('\n')}\n</body></html>\n`;
}
