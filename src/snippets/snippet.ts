import type { Token } from '../analysis/analyzer.js';
import { escapeHtml } from './html.js';

/** What a snippet is built from: the analysed body, and the weight of each query term (its rarity). */
export interface SnippetInput {
  text: string;
  tokens: readonly Token[];
  termWeights: ReadonlyMap<string, number>;
  /** Approximate length in characters. */
  length: number;
  highlight?: { pre: string; post: string };
}

interface Span {
  start: number;
  end: number;
}

const ELLIPSIS = '…';
const DEFAULT_HIGHLIGHT = { pre: '<mark>', post: '</mark>' };

/**
 * The passage of `text` that best shows why it matched, HTML-escaped, with the
 * words that match a query term wrapped in highlight tags. A passage scores the
 * weights of the distinct query terms it holds; on a tie the earlier passage wins
 * (news puts the essence first). With no matching word, the lead of the text.
 */
export function buildSnippet(input: SnippetInput): string {
  const matches = input.tokens.filter((token) => input.termWeights.has(token.term));
  const passage = matches.length === 0 ? leadPassage(input.text, input.length) : bestPassage(input, matches);
  return renderPassage(input.text, passage, matches, input.highlight ?? DEFAULT_HIGHLIGHT);
}

function bestPassage(input: SnippetInput, matches: readonly Token[]): Span {
  let best: { score: number; first: number; last: number } = { score: -1, first: 0, last: 0 };
  let last = 0;
  const counts = new Map<string, number>();
  let score = 0;
  // Two pointers over the matching words: the window [first, last] is the longest
  // run of matches starting at `first` that fits in the snippet length.
  for (let first = 0; first < matches.length; first++) {
    const firstToken = matches[first] as Token;
    while (last < matches.length && (last <= first || (matches[last] as Token).end - firstToken.start <= input.length)) {
      score += addTerm(counts, (matches[last] as Token).term, 1, input.termWeights);
      last++;
    }
    // Distinct terms count fully; repeats of a term add a little.
    if (score > best.score) best = { score, first, last: last - 1 };
    score += addTerm(counts, firstToken.term, -1, input.termWeights);
  }
  const start = (matches[best.first] as Token).start;
  const end = (matches[Math.max(best.first, best.last)] as Token).end;
  return placePassage(input.text, { start, end }, input.length);
}

function addTerm(counts: Map<string, number>, term: string, delta: 1 | -1, weights: ReadonlyMap<string, number>): number {
  const before = counts.get(term) ?? 0;
  const after = before + delta;
  counts.set(term, after);
  const weight = weights.get(term) ?? 0;
  const worth = (count: number) => (count === 0 ? 0 : weight * (1 + 0.1 * (count - 1)));
  return worth(after) - worth(before);
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

function leadPassage(text: string, length: number): Span {
  return { start: 0, end: wordEndAtOrBefore(text, Math.min(text.length, length), 0) };
}

function findSentenceStart(text: string, position: number, maxDistance: number): number | undefined {
  const limit = Math.max(0, position - maxDistance);
  for (let i = position; i >= limit; i--) {
    if (i === 0) return 0;
    const before = text.slice(Math.max(0, i - 2), i);
    if (before.endsWith('\n') || /[.!?]\s$/.test(before)) return i;
  }
  return undefined;
}

function isWordCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  // Surrogate halves count as word characters so that a cut never splits a pair.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return /[\p{L}\p{M}\p{N}'’]/u.test(text.charAt(index));
}

function wordStartAtOrAfter(text: string, position: number): number {
  let i = position;
  if (i > 0 && isWordCharacter(text, i - 1)) while (i < text.length && isWordCharacter(text, i)) i++;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
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

function renderPassage(text: string, passage: Span, matches: readonly Token[], tags: { pre: string; post: string }): string {
  let html = passage.start > 0 ? ELLIPSIS : '';
  let cursor = passage.start;
  for (const match of matches) {
    if (match.start < passage.start || match.end > passage.end) continue;
    html += escapeFlat(text.slice(cursor, match.start)) + tags.pre + escapeFlat(text.slice(match.start, match.end)) + tags.post;
    cursor = match.end;
  }
  html += escapeFlat(text.slice(cursor, passage.end));
  if (passage.end < text.length) html += ELLIPSIS;
  return html;
}

// Paragraph breaks become spaces: a snippet is one line of text.
function escapeFlat(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' '));
}
