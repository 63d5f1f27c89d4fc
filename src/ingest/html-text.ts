import { parseHTML } from 'linkedom';

// Elements whose content is never article text: code, styling, embedded documents, forms.
const NEVER_TEXT = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'CANVAS',
  'FORM',
  'BUTTON',
  'SELECT',
  'HEAD',
]);
// Elements that start a new paragraph: their text is kept apart by a blank line.
const BLOCKS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'NAV',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'DL',
  'DT',
  'DD',
  'TABLE',
  'TR',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'FIGURE',
  'FIGCAPTION',
  'HR',
  'ADDRESS',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/**
 * The text of an HTML fragment or page as plain text: paragraphs (block elements,
 * `<br><br>`) kept apart by blank lines, scripts, styles and forms dropped, entities
 * decoded. Attributes (inline event handlers included) never reach the text.
 */
export function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return nodeToText(document.body as unknown as DomNode);
}

/** The text of a DOM node (a page's body, or what Readability kept), paragraphs apart. */
export function nodeToText(root: DomNode): string {
  const parts: string[] = [];
  walk(root, parts);
  return parts
    .join('')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/[ \t\r\n\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function walk(root: DomNode, parts: string[]): void {
  // An explicit stack, not recursion: a hostile page nests elements deeper than the call stack.
  const stack: (DomNode | string)[] = [root];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === 'string') {
      parts.push(next);
      continue;
    }
    if (next.nodeType === 3) {
      parts.push(next.textContent ?? '');
      continue;
    }
    if (next.nodeType !== 1 && next.nodeType !== 9 && next.nodeType !== 11) continue;
    const name = next.nodeName.toUpperCase();
    if (NEVER_TEXT.has(name)) continue;
    if (name === 'BR') {
      parts.push('\n');
      continue;
    }
    if (BLOCKS.has(name)) {
      parts.push('\n\n');
      stack.push('\n\n');
    }
    // Read once: linkedom builds a new childNodes list on every access.
    const children = next.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
}

/** How deep elements nest under `root`, counted without recursion. */
export function nestingDepth(root: DomNode): number {
  let deepest = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (depth > deepest) deepest = depth;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child !== undefined && child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Whether a field's text holds HTML markup, so that it should be read as HTML: a closing
 * tag or a <br>. An opening tag alone is not enough: wire copy writes tickers and company
 * names in angle brackets ("DU PONT <DD> WINS SUIT AGAINST PHILLIPS <P>", "<B and Q Plc>").
 */
export function looksLikeHtml(text: string): boolean {
  return /<\/(?:p|div|span|a|b|i|em|strong|li|ul|ol|h[1-6]|blockquote|table|script|style|figure)>|<br\s?\/?>/i.test(text);
}

// Elements with no content, and elements whose end tag pages often leave out: neither
// deepens the nesting that a scan of the tags can count.
const NOT_NESTING = new Set('area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option'.split(' '));

/**
 * How deep the tags of `html` nest, found by one linear scan of the text (no DOM is
 * built), so that a page can be judged before it reaches a parser whose cost grows faster
 * than its depth.
 */
export function tagNestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = match;
    if (NOT_NESTING.has(name.toLowerCase()) || selfClosing === '/') continue;
    depth = closing === '/' ? Math.max(0, depth - 1) : depth + 1;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/**
 * The text of a page read without a DOM: scripts and styles dropped, block tags kept as
 * paragraph breaks, every other tag removed, in one linear pass. For pages nested too deep
 * to parse; entities are decoded by parsing what is left, which is flat.
 */
export function strippedHtmlText(html: string): string {
  const parts: string[] = [];
  const lower = html.toLowerCase();
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) {
      parts.push(html.slice(at));
      break;
    }
    parts.push(html.slice(at, open));
    // "a < b" is text, as browsers read it: a tag starts with a letter, "/", "!" or "?".
    // Judged before looking for the ">", so that many lone "<" cost a linear scan.
    if (!/[a-zA-Z/!?]/.test(html.charAt(open + 1))) {
      parts.push('&lt;');
      at = open + 1;
      continue;
    }
    const close = html.indexOf('>', open);
    if (close < 0) {
      parts.push(html.slice(open + 1));
      break;
    }
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(open, Math.min(close + 1, open + 64)))?.[1]?.toUpperCase() ?? '';
    at = close + 1;
    if (NEVER_TEXT.has(name) && html[open + 1] !== '/') {
      const end = lower.indexOf(`</${name.toLowerCase()}`, at);
      at = end < 0 ? html.length : html.indexOf('>', end) + 1 || html.length;
    } else if (BLOCKS.has(name)) parts.push('\n\n');
    else if (name === 'BR') parts.push('\n');
  }
  return htmlToText(parts.join(''));
}
