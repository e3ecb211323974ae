/**
 * A small streaming XML scanner for the parts of an xlsx: elements (namespace prefixes dropped),
 * their raw attributes, and text, fed in chunks of any size. It checks what a reader needs to
 * trust the structure (tags close in order, nothing is left open or cut off) and refuses a
 * DOCTYPE (entity definitions are never needed in a workbook and only serve entity bombs).
 */

/** The XML of a part is not well-formed. */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text or an attribute value with its character and entity references resolved. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export interface XmlHandler {
  /** Whether text is wanted now; the scanner cuts text out only then. */
  readonly collecting: boolean;
  /** An element starts; `attributes` is the raw text after its name. A self-closing element also gets `close`. */
  open(name: string, attributes: string): void;
  close(name: string): void;
  /** Raw text (references not yet resolved, see `decodeXml`), only while `collecting`. */
  text(raw: string): void;
}

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;

function isNameEnd(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === SLASH || code === GT;
}

/** The local name of a qualified name (`x:c` → `c`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Index of the `>` that ends the tag opened at `from`, skipping quoted attribute values; -1 when not yet there. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) quote = code;
    else if (code === GT) return at;
  }
  return -1;
}

export class XmlScanner {
  private carry = '';
  private readonly openElements: string[] = [];
  private seenRoot = false;

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.carry = '';
    const handler = this.handler;
    let at = 0;
    while (at < text.length) {
      const lt = text.indexOf('<', at);
      if (lt < 0) {
        // Text that may go on in the next chunk.
        this.carry = text.slice(at);
        return;
      }
      if (lt > at && handler.collecting) handler.text(text.slice(at, lt));
      const next = text.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION) {
        const end = this.special(text, lt, next);
        if (end < 0) {
          this.carry = text.slice(lt);
          return;
        }
        at = end;
        continue;
      }
      const gt = tagEnd(text, lt + 1);
      if (gt < 0) {
        this.carry = text.slice(lt);
        return;
      }
      if (next === SLASH) this.closeTag(text.slice(lt + 2, gt).trim());
      else this.openTag(text, lt + 1, gt);
      at = gt + 1;
    }
  }

  /** The end of the document: nothing may be left open or cut off. */
  end(): void {
    if (this.carry.trim() !== '') throw new XmlError('XML 内容不完整');
    if (this.openElements.length > 0) throw new XmlError(`元素 ${this.openElements.at(-1)} 未结束`);
    if (!this.seenRoot) throw new XmlError('XML 内容为空');
  }

  private openTag(text: string, start: number, gt: number): void {
    let nameEnd = start;
    while (nameEnd < gt && !isNameEnd(text.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === start) throw new XmlError('元素缺少名称');
    const selfClosing = text.charCodeAt(gt - 1) === SLASH;
    const name = localName(text.slice(start, nameEnd));
    if (this.seenRoot && this.openElements.length === 0) throw new XmlError('根元素之后还有元素');
    this.seenRoot = true;
    this.handler.open(name, nameEnd < gt ? text.slice(nameEnd, selfClosing ? gt - 1 : gt) : '');
    if (selfClosing) this.handler.close(name);
    else this.openElements.push(name);
  }

  private closeTag(qualified: string): void {
    const name = localName(qualified);
    const expected = this.openElements.pop();
    if (expected !== name) throw new XmlError(`结束标记 ${name} 与元素 ${expected ?? '（无）'} 不符`);
    this.handler.close(name);
  }

  /** Comments, CDATA, processing instructions; returns where scanning goes on, or -1 when cut off. */
  private special(text: string, lt: number, kind: number): number {
    if (kind === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      // Markup-free text: escaped so that `decodeXml` gives it back unchanged.
      if (this.handler.collecting) this.handler.text(text.slice(lt + 9, end).replace(/&/g, '&amp;'));
      return end + 3;
    }
    if (text.length - lt < 9) return -1;
    throw new XmlError('不支持 DOCTYPE 声明');
  }
}

/**
 * Calls `visit` with each attribute of a raw attribute text (`r="B7" t="s"`), names without
 * their namespace prefix, values with references resolved.
 */
export function readAttributes(attributes: string, visit: (name: string, value: string) => void): void {
  let at = 0;
  const length = attributes.length;
  while (at < length) {
    const equals = attributes.indexOf('=', at);
    if (equals < 0) return;
    const name = localName(attributes.slice(at, equals).trim());
    let quoteAt = equals + 1;
    while (quoteAt < length && attributes.charCodeAt(quoteAt) <= 0x20) quoteAt++;
    const quote = attributes.charAt(quoteAt);
    if (quote !== '"' && quote !== "'") throw new XmlError('属性值缺少引号');
    const close = attributes.indexOf(quote, quoteAt + 1);
    if (close < 0) throw new XmlError('属性值缺少结束引号');
    visit(name, decodeXml(attributes.slice(quoteAt + 1, close)));
    at = close + 1;
  }
}
