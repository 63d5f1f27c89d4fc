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

/** A fix for a known way exports damage text; applied before normalisation and reported by its description. */
interface TextRepair {
  description: string;
  /** Only for sources known to have this damage (e.g. CSV dumps), where the fix cannot hurt good text. */
  only?: 'csv';
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

// Bounded patterns; each replaces what it matched and nothing else.
const TEXT_REPAIRS: readonly TextRepair[] = [
  {
    // "Jamaica #39;s government": an entity whose "&" was lost by an exporter (AG News has 2,860).
    description: 'HTML entities that had lost their "&" (e.g. #39;) read as characters',
    // ("Saturday#39;s" too). Only printable Latin-1 and typographic punctuation (quotes, dashes,
    // ellipsis): the characters exporters mangle; "#2024;" stays as written.
    pattern: /(?<!&)#(\d{2,4});/g,
    replace: (match, code = '') => {
      const codePoint = Number(code);
      const printable =
        (codePoint >= 32 && codePoint <= 126) || (codePoint >= 160 && codePoint <= 255) || (codePoint >= 8208 && codePoint <= 8230);
      return printable ? String.fromCodePoint(codePoint) : match;
    },
  },
  {
    // "US\$5 million": a backslash escaping punctuation, left by a CSV exporter.
    description: 'backslashes escaping punctuation removed',
    only: 'csv',
    pattern: /\\(?=[$"'%&])/g,
    replace: () => '',
  },
  {
    // "A second\team of rocketeers": a backslash standing for a line break.
    description: 'backslashes used as line breaks read as line breaks',
    only: 'csv',
    pattern: /(?<=\S)\\(?=\p{L})/gu,
    replace: () => '\n',
  },
];

/**
 * Repairs damage that exports are known to do to text (entities without "&",
 * backslash escapes in CSV dumps), returning the text and what was repaired, so
 * that the report can say so. Text without such damage comes back unchanged.
 */
export function repairText(text: string, source: 'csv' | 'other'): { text: string; repairs: string[] } {
  const repairs: string[] = [];
  let repaired = text;
  for (const repair of TEXT_REPAIRS) {
    if (repair.only !== undefined && repair.only !== source) continue;
    repair.pattern.lastIndex = 0;
    if (!repair.pattern.test(repaired)) continue;
    const before = repaired;
    repaired = repaired.replace(repair.pattern, repair.replace);
    if (repaired !== before) repairs.push(repair.description);
  }
  return { text: repaired, repairs };
}
