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

/** Splits text into words with their offsets, in any script (unlike natural's WordTokenizer, which drops non-ASCII letters). */
export function splitWords(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ text: match[0], start, end: start + match[0].length });
  }
  return words;
}
