/**
 * A small streaming XML scanner for the parts of an xlsx: elements (namespace prefixes dropped),
 * their attributes, and text, fed in chunks of any size. It checks what a reader needs to trust
 * the structure (tags close in order, attributes are quoted, nothing is left open or cut off)
 * and refuses a DOCTYPE (entity definitions are never needed in a workbook and only serve
 * entity bombs). A worksheet of 100 000 rows is about 50 MB of XML, so the scanner cuts out
 * nothing it is not asked for: attributes are read from the text only when looked up.
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

/** The attributes of the element being opened; valid only during the `open` call. */
export class XmlAttributes {
  private text = '';
  /** Per attribute: start and end of its local name, start and end of its value (reused). */
  private readonly bounds: number[] = [];
  private count = 0;

  /** The value of the attribute with this local name (prefix ignored), references resolved. */
  get(name: string): string | undefined {
    const bounds = this.bounds;
    for (let i = 0; i < this.count * 4; i += 4) {
      const start = bounds[i] as number;
      if (bounds[i + 1] === start + name.length && this.text.startsWith(name, start))
        return decodeXml(this.text.slice(bounds[i + 2], bounds[i + 3]));
    }
    return undefined;
  }

  /** Starts reading the attributes of a tag in `text`. */
  reset(text: string): void {
    this.text = text;
    this.count = 0;
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const at = this.count * 4;
    this.bounds[at] = nameStart;
    this.bounds[at + 1] = nameEnd;
    this.bounds[at + 2] = valueStart;
    this.bounds[at + 3] = valueEnd;
    this.count++;
  }
}

export interface XmlHandler {
  /** Whether text is wanted now; the scanner cuts text out only then. */
  readonly collecting: boolean;
  /** An element starts. A self-closing element also gets `close`. */
  open(name: string, attributes: XmlAttributes): void;
  close(name: string): void;
  /** Raw text (references not yet resolved, see `decodeXml`), only while `collecting`. */
  text(raw: string): void;
}

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const COLON = 0x3a;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** The local name in `text` between `start` and `end` (`x:c` → `c`). */
function localName(text: string, start: number, end: number): string {
  let from = start;
  for (let at = start; at < end; at++) if (text.charCodeAt(at) === COLON) from = at + 1;
  return text.slice(from, end);
}

/** Where scanning goes on after a tag, or that the tag is cut off at the end of the text. */
const CUT_OFF = -1;

export class XmlScanner {
  private carry = '';
  private readonly openElements: string[] = [];
  private readonly attributes = new XmlAttributes();
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
      const end =
        next === BANG || next === QUESTION
          ? this.special(text, lt, next)
          : next === SLASH
            ? this.closeTag(text, lt)
            : this.openTag(text, lt);
      if (end === CUT_OFF) {
        this.carry = text.slice(lt);
        return;
      }
      at = end;
    }
  }

  /** The end of the document: nothing may be left open or cut off. */
  end(): void {
    if (this.carry.trim() !== '') throw new XmlError('XML 内容不完整');
    if (this.openElements.length > 0) throw new XmlError(`元素 ${this.openElements.at(-1)} 未结束`);
    if (!this.seenRoot) throw new XmlError('XML 内容为空');
  }

  /** `<name attribute="value" …>` or `<name …/>` at `lt`. */
  private openTag(text: string, lt: number): number {
    const length = text.length;
    let at = lt + 1;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (isSpace(code) || code === GT || code === SLASH) break;
      at++;
    }
    if (at >= length) return CUT_OFF;
    if (at === lt + 1) throw new XmlError('元素缺少名称');
    const name = localName(text, lt + 1, at);
    const attributes = this.attributes;
    attributes.reset(text);
    for (;;) {
      while (at < length && isSpace(text.charCodeAt(at))) at++;
      if (at >= length) return CUT_OFF;
      const code = text.charCodeAt(at);
      if (code === GT || code === SLASH) break;
      at = this.attribute(text, at);
      if (at === CUT_OFF) return CUT_OFF;
    }
    const selfClosing = text.charCodeAt(at) === SLASH;
    if (selfClosing) {
      if (at + 1 >= length) return CUT_OFF;
      if (text.charCodeAt(at + 1) !== GT) throw new XmlError(`元素 ${name} 的结束符不完整`);
      at++;
    }
    if (this.seenRoot && this.openElements.length === 0) throw new XmlError('根元素之后还有元素');
    this.seenRoot = true;
    this.handler.open(name, attributes);
    if (selfClosing) this.handler.close(name);
    else this.openElements.push(name);
    return at + 1;
  }

  /** One `name="value"` at `at`; returns where it ends. */
  private attribute(text: string, at: number): number {
    const length = text.length;
    let nameStart = at;
    let nameEnd = at;
    while (nameEnd < length) {
      const code = text.charCodeAt(nameEnd);
      if (code === EQUALS || isSpace(code)) break;
      if (code === GT || code === SLASH) throw new XmlError('属性缺少值');
      if (code === COLON) nameStart = nameEnd + 1;
      nameEnd++;
    }
    let quoteAt = nameEnd;
    while (quoteAt < length && isSpace(text.charCodeAt(quoteAt))) quoteAt++;
    if (quoteAt >= length) return CUT_OFF;
    if (text.charCodeAt(quoteAt) !== EQUALS) throw new XmlError('属性缺少值');
    quoteAt++;
    while (quoteAt < length && isSpace(text.charCodeAt(quoteAt))) quoteAt++;
    if (quoteAt >= length) return CUT_OFF;
    const quote = text.charAt(quoteAt);
    if (quote !== '"' && quote !== "'") throw new XmlError('属性值缺少引号');
    const close = text.indexOf(quote, quoteAt + 1);
    if (close < 0) return CUT_OFF;
    if (nameStart === nameEnd) throw new XmlError('属性缺少名称');
    this.attributes.add(nameStart, nameEnd, quoteAt + 1, close);
    return close + 1;
  }

  /** `</name>` at `lt`. */
  private closeTag(text: string, lt: number): number {
    const gt = text.indexOf('>', lt + 2);
    if (gt < 0) return CUT_OFF;
    let end = gt;
    while (end > lt + 2 && isSpace(text.charCodeAt(end - 1))) end--;
    const name = localName(text, lt + 2, end);
    const expected = this.openElements.pop();
    if (expected !== name) throw new XmlError(`结束标记 ${name} 与元素 ${expected ?? '（无）'} 不符`);
    this.handler.close(name);
    return gt + 1;
  }

  /** Comments, CDATA, processing instructions; returns where scanning goes on. */
  private special(text: string, lt: number, kind: number): number {
    if (kind === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      return end < 0 ? CUT_OFF : end + 2;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      return end < 0 ? CUT_OFF : end + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return CUT_OFF;
      // Markup-free text: escaped so that `decodeXml` gives it back unchanged.
      if (this.handler.collecting) this.handler.text(text.slice(lt + 9, end).replace(/&/g, '&amp;'));
      return end + 3;
    }
    if (text.length - lt < 9) return CUT_OFF;
    throw new XmlError('不支持 DOCTYPE 声明');
  }
}
