const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * text[start, end) on one line: every run of white space (as `\s` defines it) becomes one
 * space, and, with `asHtml`, the text is escaped as `escapeHtml` does. One pass over the
 * characters, copying the runs between the few that change: snippets render thousands
 * of pieces a second.
 */
export function flattenedSlice(text: string, start: number, end: number, asHtml: boolean): string {
  let out = '';
  let copied = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    // Letters and most punctuation: nothing to do.
    if (code > 0x3e && code < 0xa0) continue;
    // A lone space stays as it is: copying the text at every word cost a slice and a concatenation each.
    if (code === 0x20 && !(i + 1 < end && isWhiteSpace(text.charCodeAt(i + 1)))) continue;
    if (isWhiteSpace(code)) {
      out += `${text.slice(copied, i)} `;
      while (i + 1 < end && isWhiteSpace(text.charCodeAt(i + 1))) i++;
      copied = i + 1;
      continue;
    }
    const entity = asHtml ? ENTITY_BY_CODE[code] : undefined;
    if (entity === undefined) continue;
    out += text.slice(copied, i) + entity;
    copied = i + 1;
  }
  return out + text.slice(copied, end);
}

const ENTITY_BY_CODE: Record<number, string> = { 38: '&amp;', 60: '&lt;', 62: '&gt;', 34: '&quot;', 39: '&#39;' };

/** Whether a UTF-16 code unit is white space, as the regular expression class `\s` has it. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
