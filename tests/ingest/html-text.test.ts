import { describe, expect, it } from 'vitest';
import { htmlToText, strippedHtmlText, tagNestingDepth } from '../../src/ingest/html-text.js';

// The readers of HTML text, with the input a hostile page or record can hold.
describe('reading HTML without a DOM', () => {
  it('keeps the text and paragraphs, drops scripts and styles, decodes entities', () => {
    const page =
      '<html><head><title>T</title><style>p{}</style></head><body><p>Rain &amp; wind</p><script>alert(1)</script><div>Second <b>bold</b> line</div></body></html>';
    expect(strippedHtmlText(page)).toBe('Rain & wind\n\nSecond bold line');
  });

  it('reads what it can of broken markup: no closing bracket, no closing script, nothing at all', () => {
    expect(strippedHtmlText('<p>Harbour reopens <b')).toBe('Harbour reopens b');
    expect(strippedHtmlText('<p>Before</p><script>never closed')).toBe('Before');
    expect(strippedHtmlText('')).toBe('');
    expect(strippedHtmlText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('counts nesting, not void elements, self-closed tags or tags pages leave open', () => {
    expect(tagNestingDepth('<div><section><span>x</span></section></div>')).toBe(3);
    expect(tagNestingDepth('<div><br><img src=x><hr/><p>one<p>two<li>three</div>')).toBe(1);
    expect(tagNestingDepth('')).toBe(0);
  });

  it('stays linear on shapes that make a backtracking scanner quadratic', () => {
    const started = performance.now();
    expect(tagNestingDepth('<a'.repeat(200_000))).toBe(0);
    strippedHtmlText('<a'.repeat(200_000));
    strippedHtmlText('<script>'.repeat(100_000));
    strippedHtmlText(`${'< '.repeat(100_000)}>`);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('reads a body of 20,000 entities in linear time (a node with many children was quadratic)', () => {
    const started = performance.now();
    expect(htmlToText('&amp; '.repeat(20_000))).toHaveLength(2 * 20_000 - 1);
    // 4,000 entities took 4.3 s before the child list was read once per node.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
