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

function walk(node: DomNode, parts: string[]): void {
  if (node.nodeType === 3) {
    parts.push(node.textContent ?? '');
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  const name = node.nodeName.toUpperCase();
  if (NEVER_TEXT.has(name)) return;
  if (name === 'BR') {
    parts.push('\n');
    return;
  }
  const block = BLOCKS.has(name);
  if (block) parts.push('\n\n');
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (child !== undefined) walk(child, parts);
  }
  if (block) parts.push('\n\n');
}

/**
 * Whether a field's text holds HTML markup, so that it should be read as HTML: a closing
 * tag or a <br>. An opening tag alone is not enough: wire copy writes tickers and company
 * names in angle brackets ("DU PONT <DD> WINS SUIT AGAINST PHILLIPS <P>", "<B and Q Plc>").
 */
export function looksLikeHtml(text: string): boolean {
  return /<\/(?:p|div|span|a|b|i|em|strong|li|ul|ol|h[1-6]|blockquote|table|script|style|figure)>|<br\s?\/?>/i.test(text);
}
