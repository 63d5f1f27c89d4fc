/** A word of the original text and where it stands in it. */
export interface WordSpan {
  /** The word exactly as written. */
  text: string;
  /** UTF-16 offset of its first code unit in the original text. */
  start: number;
  /** UTF-16 offset just past its last code unit. */
  end: number;
}

// Letters, combining marks and digits, optionally joined by inner apostrophes
// ("lukashenko's", "don't"). Each repetition of the group must consume an
// apostrophe first, so matching stays linear in the input: no backtracking blow-up.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

const WORD_AT = new RegExp(WORD.source, 'uy');

/** Where the word that starts at `start` ends, by the same rule as `splitWords` (which gave `start`). */
export function wordEndAt(text: string, start: number): number {
  // Most words are plain ASCII letters and digits, ended by ASCII: no regular expression needed.
  let end = start;
  while (end < text.length && isAsciiLetterOrDigit(text.charCodeAt(end))) end++;
  const next = end < text.length ? text.charCodeAt(end) : 0x20;
  if (end > start && next < 0x80 && next !== 0x27) return end;
  WORD_AT.lastIndex = start;
  const match = WORD_AT.exec(text);
  // A sticky /u match asked for inside a surrogate pair starts at the pair: not here.
  return match === null || match.index !== start ? start : start + match[0].length;
}

/** Whether a UTF-16 code unit is an ASCII letter or digit. */
export function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** Splits text into words with their offsets, in any script (unlike natural's WordTokenizer, which drops non-ASCII letters). */
export function splitWords(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ text: match[0], start, end: start + match[0].length });
  }
  return words;
}
