import type { Token } from '../analysis/analyzer.js';
import { isAsciiLetterOrDigit } from '../analysis/tokenize.js';
import { DEFAULT_TAGS, type HighlightQuery, type MatchedSpan, matchedSpans, renderHighlighted } from './highlight.js';
import { isWhiteSpace } from './html.js';

/** What a snippet is built from: the analysed body, and what the query matches (terms with their rarity, phrases). */
export interface SnippetInput extends HighlightQuery {
  text: string;
  /** The analysed body, or, instead, the spans that matched (from `matchedSpansOfText`). */
  tokens?: readonly Token[];
  spans?: readonly MatchedSpan[];
  /** Approximate length of each passage in characters. */
  length: number;
  /** How many passages at most (default 1), shown in the article's order and joined with `…`. */
  fragments?: number;
  /** Highlight tags (default `<mark>`…`</mark>`), or false for plain, unescaped text. */
  highlight?: { pre: string; post: string } | false;
}

interface Span {
  start: number;
  end: number;
}

interface Window {
  first: number;
  last: number;
  score: number;
}

const ELLIPSIS = '…';
// How many of the best-scoring windows are placed in the text to compare their starts.
const PLACED_CANDIDATES = 8;
// Bonuses, as fractions of a window's score: terms close together, a passage that opens a sentence.
const PROXIMITY_BONUS = 0.25;
const SENTENCE_START_BONUS = 0.1;
// A term already shown in an earlier fragment counts this much in the next ones.
const SHOWN_AGAIN = 0.3;

/**
 * The passages of `text` that best show why it matched, HTML-escaped, with what
 * matched wrapped in highlight tags. A passage scores the weights (rarity) of the
 * distinct query terms and phrases it holds, more when they stand close together
 * and when it opens a sentence; on a tie the earlier passage wins (news puts the
 * essence first). With nothing matched in the text, its lead.
 *
 * Usage:
 *
 *     buildSnippet({ text, tokens: analyzer.tokens(text), termWeights: new Map([['protest', 2.1]]), length: 200 });
 */
export function buildSnippet(input: SnippetInput): string {
  const spans = input.spans ?? matchedSpans(input.tokens ?? [], input);
  const passages = spans.length === 0 ? [leadPassage(input.text, input.length)] : choosePassages(input, spans);
  const tags = input.highlight === false ? undefined : (input.highlight ?? DEFAULT_TAGS);
  let html = (passages[0]?.start ?? 0) > 0 ? ELLIPSIS : '';
  for (const [index, passage] of passages.entries()) {
    if (index > 0) html += ELLIPSIS;
    html += renderHighlighted(input.text, passage.start, passage.end, spans, tags);
  }
  if ((passages.at(-1)?.end ?? 0) < input.text.length) html += ELLIPSIS;
  return html;
}

function choosePassages(input: SnippetInput, spans: readonly MatchedSpan[]): Span[] {
  const wanted = Math.max(1, input.fragments ?? 1);
  const chosen: Span[] = [];
  const shown = new Set<string>();
  for (let round = 0; round < wanted; round++) {
    const free = spans.filter((span) => chosen.every((passage) => span.end <= passage.start || span.start >= passage.end));
    const passage = bestPassage(input, free, chosen, shown);
    if (passage === undefined) break;
    chosen.push(passage);
    for (const span of spans) if (span.start >= passage.start && span.end <= passage.end) shown.add(span.key);
    chosen.sort((a, b) => a.start - b.start);
  }
  return chosen;
}

function bestPassage(
  input: SnippetInput,
  spans: readonly MatchedSpan[],
  chosen: readonly Span[],
  shown: ReadonlySet<string>,
): Span | undefined {
  const windows = scoreWindows(spans, input.length, chosen, shown);
  if (windows.length === 0) return undefined;
  const candidates = bestWindows(windows, PLACED_CANDIDATES);
  let best: { passage: Span; score: number; first: number } | undefined;
  for (const window of candidates) {
    const matched = { start: (spans[window.first] as MatchedSpan).start, end: (spans[window.last] as MatchedSpan).end };
    const passage = clipBetween(input.text, placePassage(input.text, matched, input.length), matched, chosen);
    const opensSentence = passage.start === 0 || isSentenceStart(input.text, passage.start);
    const score = window.score * (1 + (opensSentence ? SENTENCE_START_BONUS : 0));
    if (best === undefined || score > best.score || (score === best.score && window.first < best.first)) {
      best = { passage, score, first: window.first };
    }
  }
  return best?.passage;
}

// The `count` best-scoring windows, best first; earlier windows first among equals (windows
// come in text order). A selection, not a sort: a long article has thousands of windows.
function bestWindows(windows: readonly Window[], count: number): Window[] {
  const best: Window[] = [];
  for (const window of windows) {
    if (best.length === count && window.score <= (best[count - 1] as Window).score) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as Window).score < window.score) at--;
    best.splice(at, 0, window);
    if (best.length > count) best.pop();
  }
  return best;
}

// Two pointers over the matched spans: for each first span, the longest run that
// fits in the passage length and does not straddle a passage already chosen.
// Terms are numbered first so that the counts are array slots: a long article has
// thousands of matched words, and map lookups per word were most of the cost.
function scoreWindows(spans: readonly MatchedSpan[], length: number, chosen: readonly Span[], shown: ReadonlySet<string>): Window[] {
  const slots = new Int32Array(spans.length);
  const weights: number[] = [];
  const slotOfKey = new Map<string, number>();
  for (const [index, span] of spans.entries()) {
    let slot = slotOfKey.get(span.key);
    if (slot === undefined) {
      slot = weights.length;
      slotOfKey.set(span.key, slot);
      weights.push(span.weight * (shown.has(span.key) ? SHOWN_AGAIN : 1));
    }
    slots[index] = slot;
  }
  const counts = new Int32Array(weights.length);
  const windows: Window[] = [];
  let score = 0;
  let distinct = 0;
  let last = 0;
  for (let first = 0; first < spans.length; first++) {
    const firstSpan = spans[first] as MatchedSpan;
    while (last < spans.length && (last <= first || fits(firstSpan, spans[last] as MatchedSpan, length, chosen))) {
      const slot = slots[last] as number;
      score += worth(weights[slot] as number, (counts[slot] as number) + 1) - worth(weights[slot] as number, counts[slot] as number);
      if (counts[slot] === 0) distinct++;
      counts[slot] = (counts[slot] as number) + 1;
      last++;
    }
    const lastSpan = spans[last - 1] as MatchedSpan;
    const closeness = distinct > 1 ? PROXIMITY_BONUS * (1 - (lastSpan.end - firstSpan.start) / length) : 0;
    windows.push({ first, last: last - 1, score: score * (1 + Math.max(0, closeness)) });
    const slot = slots[first] as number;
    score += worth(weights[slot] as number, (counts[slot] as number) - 1) - worth(weights[slot] as number, counts[slot] as number);
    counts[slot] = (counts[slot] as number) - 1;
    if (counts[slot] === 0) distinct--;
  }
  return windows;
}

function fits(first: MatchedSpan, candidate: MatchedSpan, length: number, chosen: readonly Span[]): boolean {
  if (candidate.end - first.start > length) return false;
  for (const passage of chosen) if (passage.end > first.start && passage.start < candidate.end) return false;
  return true;
}

// Distinct terms count fully; repeats of a term add a little.
function worth(weight: number, count: number): number {
  return count === 0 ? 0 : weight * (1 + 0.1 * (count - 1));
}

// Widens the matched span to about `length` characters: from the start of its
// sentence when that is near enough, else from a little context before it, and
// always on word boundaries.
function placePassage(text: string, matched: Span, length: number): Span {
  const room = Math.max(0, length - (matched.end - matched.start));
  const sentenceStart = findSentenceStart(text, matched.start, Math.floor(room * 0.6));
  let start = sentenceStart ?? wordStartAtOrAfter(text, Math.max(0, matched.start - Math.floor(room / 4)));
  if (start > matched.start) start = matched.start;
  const end = wordEndAtOrBefore(text, Math.min(text.length, start + length), matched.end);
  return { start, end };
}

// Keeps a passage clear of those already chosen, so that fragments never overlap.
function clipBetween(text: string, passage: Span, matched: Span, chosen: readonly Span[]): Span {
  let { start, end } = passage;
  for (const other of chosen) {
    if (other.end <= matched.start && other.end > start) start = wordStartAtOrAfter(text, other.end);
    if (other.start >= matched.end && other.start < end) end = wordEndAtOrBefore(text, other.start, matched.end);
  }
  return { start: Math.min(start, matched.start), end: Math.max(end, matched.end) };
}

function leadPassage(text: string, length: number): Span {
  return { start: 0, end: wordEndAtOrBefore(text, Math.min(text.length, length), 0) };
}

// After a line break, or after ". ", "! ", "? " (any white space).
function isSentenceStart(text: string, position: number): boolean {
  if (position < 1) return false;
  const last = text.charCodeAt(position - 1);
  if (last === 0x0a) return true;
  if (position < 2 || !isWhiteSpace(last)) return false;
  const mark = text.charCodeAt(position - 2);
  return mark === 0x2e || mark === 0x21 || mark === 0x3f;
}

function findSentenceStart(text: string, position: number, maxDistance: number): number | undefined {
  const limit = Math.max(0, position - maxDistance);
  for (let i = position; i >= limit; i--) {
    if (i === 0) return 0;
    if (isSentenceStart(text, i)) return i;
  }
  return undefined;
}

const WORD_CHARACTER = /[\p{L}\p{M}\p{N}'’]/u;

function isWordCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x80) return isAsciiLetterOrDigit(code) || code === 0x27;
  // Surrogate halves count as word characters so that a cut never splits a pair.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return WORD_CHARACTER.test(text.charAt(index));
}

function wordStartAtOrAfter(text: string, position: number): number {
  let i = position;
  if (i > 0 && isWordCharacter(text, i - 1)) while (i < text.length && isWordCharacter(text, i)) i++;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

function wordEndAtOrBefore(text: string, position: number, atLeast: number): number {
  let i = position;
  if (i < text.length && isWordCharacter(text, i)) while (i > atLeast && isWordCharacter(text, i - 1)) i--;
  if (i <= atLeast) {
    // The limit falls inside the last matched word: extend to its end instead.
    i = Math.max(atLeast, position);
    while (i < text.length && isWordCharacter(text, i)) i++;
  }
  while (i > atLeast && /[\s,;:–—-]/.test(text.charAt(i - 1))) i--;
  return i;
}
