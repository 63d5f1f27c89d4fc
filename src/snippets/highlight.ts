import type { Token } from '../analysis/analyzer.js';
import { escapeHtml } from './html.js';

/**
 * What to mark in a text, taken from the query tree: single index terms (words,
 * and the expansions of prefix and fuzzy words) and phrases (term sequences, marked
 * as one span only where their words stand together). Excluded words are never here.
 */
export interface HighlightQuery {
  /** Index term -> weight (its rarity, IDF). */
  termWeights: ReadonlyMap<string, number>;
  /** Phrases as index-term sequences, with their weight (their terms' weights together). */
  phrases?: readonly { terms: readonly string[]; weight: number }[];
}

/** A span of the text that matched, with what it matched: a term, or a phrase as its terms joined by spaces. */
export interface MatchedSpan {
  start: number;
  end: number;
  key: string;
  weight: number;
}

/** Opening and closing highlight tags; `undefined` stands for plain text. */
export type HighlightTags = { pre: string; post: string } | undefined;

export const DEFAULT_TAGS = { pre: '<mark>', post: '</mark>' } as const;

/**
 * The spans of an analysed text that match the query, in text order, never
 * overlapping: phrase occurrences first (one span each), then single terms outside them.
 * Linear in the number of tokens times the longest phrase.
 */
export function matchedSpans(tokens: readonly Token[], query: HighlightQuery): MatchedSpan[] {
  const spans: MatchedSpan[] = [];
  let index = 0;
  while (index < tokens.length) {
    const phrase = phraseAt(tokens, index, query);
    if (phrase !== undefined) {
      const last = tokens[index + phrase.terms.length - 1] as Token;
      spans.push({ start: (tokens[index] as Token).start, end: last.end, key: phrase.terms.join(' '), weight: phrase.weight });
      index += phrase.terms.length;
      continue;
    }
    const token = tokens[index] as Token;
    const weight = query.termWeights.get(token.term);
    if (weight !== undefined) spans.push({ start: token.start, end: token.end, key: token.term, weight });
    index++;
  }
  return spans;
}

// The longest phrase of the query whose terms start at tokens[index].
function phraseAt(
  tokens: readonly Token[],
  index: number,
  query: HighlightQuery,
): { terms: readonly string[]; weight: number } | undefined {
  let best: { terms: readonly string[]; weight: number } | undefined;
  for (const phrase of query.phrases ?? []) {
    const terms = phrase.terms;
    if (best !== undefined && terms.length <= best.terms.length) continue;
    let offset = 0;
    while (offset < terms.length && tokens[index + offset]?.term === terms[offset]) offset++;
    if (offset === terms.length) best = phrase;
  }
  return best;
}

/**
 * Renders text[start, end) with the spans inside it wrapped in tags; everything
 * else is HTML-escaped (with `tags` undefined, the plain text, unescaped).
 * Whitespace runs become one space: a snippet is one line.
 */
export function renderHighlighted(text: string, start: number, end: number, spans: readonly MatchedSpan[], tags: HighlightTags): string {
  const piece = tags === undefined ? flatten : (part: string) => escapeHtml(flatten(part));
  let html = '';
  let cursor = start;
  for (const span of spans) {
    if (span.start < start || span.end > end) continue;
    if (tags !== undefined) html += piece(text.slice(cursor, span.start)) + tags.pre + piece(text.slice(span.start, span.end)) + tags.post;
    else html += piece(text.slice(cursor, span.end));
    cursor = span.end;
  }
  return html + piece(text.slice(cursor, end));
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}
