import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXml, XmlError, type XmlHandler, XmlScanner } from '#shared/parsing/xml.ts';

/** The attributes the test document uses, looked up by local name. */
const ATTRIBUTE_NAMES = ['x', 'r', 'note', 't'];

/** Every event the scanner reports, with text gathered between tags. */
function eventsOf(pieces: readonly string[]): string[] {
  const events: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') events.push(`text ${decodeXml(text)}`);
    text = '';
  };
  const handler: XmlHandler = {
    collecting: true,
    open(name, attributes) {
      flush();
      const found = ATTRIBUTE_NAMES.flatMap((key) => {
        const value = attributes.get(key);
        return value === undefined ? [] : [`${key}=${value}`];
      });
      events.push(`open ${name} ${found.join(' ')}`.trim());
    },
    close(name) {
      flush();
      events.push(`close ${name}`);
    },
    text(raw) {
      text += raw;
    },
  };
  const scanner = new XmlScanner(handler);
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return events;
}

function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

const DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?><!-- 注释 <c> --><x:worksheet xmlns:x="urn:x">' +
  '<x:row r="2" note=\'a > b\'><x:c r="A2" t="s"><x:v>12</x:v></x:c><x:c r="B2"/>' +
  '<x:c t="inlineStr"><x:is><x:t>深圳 &amp; 前海 &#x4E2D;&#25991;</x:t><x:t><![CDATA[<不是标记> & 原样]]></x:t></x:is></x:c>' +
  '</x:row></x:worksheet>';

describe('XmlScanner', () => {
  it('reports elements without prefixes, attributes and resolved text', () => {
    expect(eventsOf([DOCUMENT])).toEqual([
      // Prefixes are dropped from attribute names too (`xmlns:x` → `x`): only local names matter here.
      'open worksheet x=urn:x',
      'open row r=2 note=a > b',
      'open c r=A2 t=s',
      'open v',
      'text 12',
      'close v',
      'close c',
      'open c r=B2',
      'close c',
      'open c t=inlineStr',
      'open is',
      'open t',
      'text 深圳 & 前海 中文',
      'close t',
      'open t',
      'text <不是标记> & 原样',
      'close t',
      'close is',
      'close c',
      'close row',
      'close worksheet',
    ]);
  });

  it('reports the same events however the text is cut into pieces', () => {
    const whole = eventsOf([DOCUMENT]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: DOCUMENT.length }), (size) => {
        expect(eventsOf(cut(DOCUMENT, size))).toEqual(whole);
      }),
    );
  });

  it.each([
    ['a closing tag that does not match', '<a><b></a></b>'],
    ['an element left open', '<a><b></b>'],
    ['a tag cut off at the end', '<a></a'],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY b "c">]><a/>'],
    ['a second root element', '<a/><b/>'],
    ['an attribute without quotes', '<a b=c/>'],
    ['an attribute without value', '<a b/>'],
    ['nothing at all', '  '],
  ])('refuses %s', (_name, text) => {
    expect(() => eventsOf([text])).toThrow(XmlError);
  });
});
