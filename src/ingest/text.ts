// Control characters other than tab and line feed (Reuters bodies end in U+0003).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Normalizes an article's text once, at ingest: NFC, HTML entities decoded,
 * control characters removed, hard-wrapped lines joined, and paragraphs (a blank
 * line, or a line that starts indented) kept apart by one blank line, which is
 * what snippets and the search page rely on.
 */
export function normalizeBodyText(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const rawLine of cleanCharacters(text).split('\n')) {
    const line = collapseSpaces(rawLine);
    if (line === '' || /^[ \t]/.test(rawLine)) flush();
    if (line !== '') current.push(line);
  }
  flush();
  return paragraphs.join('\n\n');
}

/** Normalizes a one-line field such as a title or an author. */
export function normalizeLineText(text: string): string {
  return collapseSpaces(cleanCharacters(text));
}

function cleanCharacters(text: string): string {
  return decodeEntities(text.normalize('NFC')).replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (entity, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
    const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : entity;
  });
}
