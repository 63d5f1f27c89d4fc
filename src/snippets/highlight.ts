import { mayAnalyseToOneOf, type Token, termInitials } from '../analysis/analyzer.js';
import { splitWords, wordEndAt } from '../analysis/tokenize.js';
import { flattenedSlice } from './html.js';

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

/** The highlight tags when none are asked for: `<mark>` and `</mark>`. */
export const DEFAULT_TAGS = { pre: '<mark>', post: '</mark>' } as const;

/** The analysed words of a text as parallel columns: cheaper than one object per word on long articles. */
interface WordColumns {
  terms: string[];
  starts: number[];
  ends: number[];
}

/**
 * The spans of an analysed text that match the query, in text order, never
 * overlapping: phrase occurrences first (one span each), then single terms outside them.
 * Linear in the number of tokens times the longest phrase.
 */
export function matchedSpans(tokens: readonly Token[], query: HighlightQuery): MatchedSpan[] {
  return spansOf(
    { terms: tokens.map((token) => token.term), starts: tokens.map((token) => token.start), ends: tokens.map((token) => token.end) },
    query,
  );
}

/**
 * The same spans, straight from the text and the analyzer's `termOf` (the offsets
 * are the analyzer's word offsets). On a 100 KB article this avoids building a
 * token object per word, which cost several times the analysis itself.
 */
export function matchedSpansOfText(text: string, termOf: (word: string) => string | null, query: HighlightQuery): MatchedSpan[] {
  // Most articles have no author or tags: nothing to analyse.
  if (text === '') return [];
  const columns: WordColumns = { terms: [], starts: [], ends: [] };
  // Without phrases only the words that can become query terms matter: skipping the
  // others' lookups saved a sixth of a search's time. A phrase needs every word's term.
  const initials = (query.phrases ?? []).length === 0 ? termInitials(query.termWeights.keys()) : undefined;
  for (const word of splitWords(text)) {
    if (initials !== undefined && !mayAnalyseToOneOf(word.text, initials)) continue;
    const term = termOf(word.text);
    if (term === null) continue;
    columns.terms.push(term);
    columns.starts.push(word.start);
    columns.ends.push(word.end);
  }
  return spansOf(columns, query);
}

/** A HighlightQuery in a forward index's term ids (see `tokenQuery`). */
export interface TokenQuery {
  /** 1 at each id that may begin a match: a query term, or a phrase's first term. */
  starts: Uint8Array;
  terms: ReadonlyMap<number, { key: string; weight: number }>;
  phrases: readonly { ids: Int32Array; key: string; weight: number }[];
}

/** The query in term ids, built once per search; a term without an id (-1) matches nothing. */
export function tokenQuery(query: HighlightQuery, idOf: (term: string) => number, vocabularySize: number): TokenQuery {
  const starts = new Uint8Array(vocabularySize);
  const terms = new Map<number, { key: string; weight: number }>();
  for (const [term, weight] of query.termWeights) {
    const id = idOf(term);
    if (id < 0) continue;
    terms.set(id, { key: term, weight });
    starts[id] = 1;
  }
  const phrases = (query.phrases ?? []).map((phrase) => ({
    ids: Int32Array.from(phrase.terms, idOf),
    key: phrase.terms.join(' '),
    weight: phrase.weight,
  }));
  const found = phrases.filter((phrase) => phrase.ids.length > 0 && !phrase.ids.includes(-1));
  for (const phrase of found) starts[phrase.ids[0] as number] = 1;
  // Longest first: where phrases overlap, the longest one that matches is the span.
  return { starts, terms, phrases: found.sort((a, b) => b.ids.length - a.ids.length) };
}

/**
 * The same spans as `matchedSpans`, from a text's indexed term ids and word starts
 * (the forward index) instead of analysing the text: one pass over numbers, and
 * text is read only where something matched.
 */
export function matchedSpansOfTokens(text: string, tokens: { ids: Int32Array; starts: Int32Array }, query: TokenQuery): MatchedSpan[] {
  const { ids, starts } = tokens;
  const marks = query.starts;
  const spans: MatchedSpan[] = [];
  // A tight loop over numbers: on a 100 KB article this pass is most of a snippet's cost.
  for (let index = 0; index < ids.length; index++) {
    if (marks[ids[index] as number] !== 1) continue;
    const start = starts[index] as number;
    const phrase = phraseOfIdsAt(ids, index, query.phrases);
    if (phrase !== undefined) {
      index += phrase.ids.length - 1;
      spans.push({ start, end: wordEndAt(text, starts[index] as number), key: phrase.key, weight: phrase.weight });
      continue;
    }
    const term = query.terms.get(ids[index] as number);
    if (term !== undefined) spans.push({ start, end: wordEndAt(text, start), key: term.key, weight: term.weight });
  }
  return spans;
}

// The longest phrase whose ids start at ids[index] (phrases come longest first).
function phraseOfIdsAt(ids: Int32Array, index: number, phrases: TokenQuery['phrases']): TokenQuery['phrases'][number] | undefined {
  for (const phrase of phrases) if (idsAt(ids, index, phrase.ids)) return phrase;
  return undefined;
}

function idsAt(ids: Int32Array, index: number, phrase: Int32Array): boolean {
  if (index + phrase.length > ids.length) return false;
  for (let offset = 0; offset < phrase.length; offset++) if (ids[index + offset] !== phrase[offset]) return false;
  return true;
}

function spansOf(words: WordColumns, query: HighlightQuery): MatchedSpan[] {
  const spans: MatchedSpan[] = [];
  const phrases = query.phrases ?? [];
  let index = 0;
  while (index < words.terms.length) {
    const phrase = phrases.length === 0 ? undefined : phraseAt(words.terms, index, phrases);
    if (phrase !== undefined) {
      const end = words.ends[index + phrase.terms.length - 1] as number;
      spans.push({ start: words.starts[index] as number, end, key: phrase.terms.join(' '), weight: phrase.weight });
      index += phrase.terms.length;
      continue;
    }
    const term = words.terms[index] as string;
    const weight = query.termWeights.get(term);
    if (weight !== undefined) spans.push({ start: words.starts[index] as number, end: words.ends[index] as number, key: term, weight });
    index++;
  }
  return spans;
}

type WeightedPhrase = { terms: readonly string[]; weight: number };

// The longest phrase of the query whose terms start at terms[index].
function phraseAt(terms: readonly string[], index: number, phrases: readonly WeightedPhrase[]): WeightedPhrase | undefined {
  let best: WeightedPhrase | undefined;
  for (const phrase of phrases) {
    if (best !== undefined && phrase.terms.length <= best.terms.length) continue;
    let offset = 0;
    while (offset < phrase.terms.length && terms[index + offset] === phrase.terms[offset]) offset++;
    if (offset === phrase.terms.length) best = phrase;
  }
  return best;
}

/**
 * Renders text[start, end) with the spans inside it wrapped in tags; everything
 * else is HTML-escaped (with `tags` undefined, the plain text, unescaped).
 * Whitespace runs become one space: a snippet is one line.
 */
export function renderHighlighted(text: string, start: number, end: number, spans: readonly MatchedSpan[], tags: HighlightTags): string {
  const asHtml = tags !== undefined;
  let html = '';
  let cursor = start;
  for (const span of spans) {
    if (span.start < start || span.end > end) continue;
    if (tags !== undefined) {
      html += flattenedSlice(text, cursor, span.start, asHtml) + tags.pre + flattenedSlice(text, span.start, span.end, asHtml) + tags.post;
    } else html += flattenedSlice(text, cursor, span.end, asHtml);
    cursor = span.end;
  }
  return html + flattenedSlice(text, cursor, end, asHtml);
}
