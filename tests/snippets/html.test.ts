import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, flattenedSlice } from '../../src/snippets/html.js';

describe('flattenedSlice', () => {
  const characters = fc.constantFrom(
    'a',
    'Z',
    ' ',
    '\n',
    '\t',
    '\u00a0',
    '\u2003',
    '\u3000',
    '\ufeff',
    '<',
    '>',
    '&',
    '"',
    "'",
    'é',
    '😀',
    '.',
    '=',
  );
  const texts = fc.array(characters, { maxLength: 60 }).map((parts) => parts.join(''));

  it('is the text with white space runs as one space, escaped or not, as the regular expressions do it', () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), fc.boolean(), (text, a, b, asHtml) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        const flat = text.slice(start, end).replace(/\s+/g, ' ');
        expect(flattenedSlice(text, start, end, asHtml)).toBe(asHtml ? escapeHtml(flat) : flat);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes markup in an article body', () => {
    const body = '<img src=x onerror="alert(1)">\n\n  & more';
    expect(flattenedSlice(body, 0, body.length, true)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more');
  });
});
