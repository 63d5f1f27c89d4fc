import { lengthNorm, termScore } from '../index/bm25.js';
/**
 * The term-proximity bonus: documents where consecutive query words stand together
 * ("heat transfer", "minsk protest") rank above documents that merely hold the words
 * far apart. Measured with `npm run eval -- --ablation` (docs/relevance.md): over
 * BM25F alone, +0.008 nDCG@10 on Cranfield, +0.012 on CACM, +0.016 on LISA, +0.003 on NPL.
 */
export interface ProximitySettings {
  /** Weight of a pair found as a phrase: adjacent, in query order (stop words between them do not count). */
  orderedWeight: number;
  /**
   * Weight of a pair found within `window` terms of each other, in either order. 0 by
   * default: a 0.1 window bonus on top of the phrase bonus lost nDCG@10 on all four test
   * collections (Cranfield −0.001, CACM −0.004, LISA −0.008, NPL −0.007): words a few
   * terms apart in an abstract are hardly evidence that they are about one thing.
   */
  unorderedWeight: number;
  /** Width of the unordered window, in index terms. */
  window: number;
  /** BM25 saturation and length normalisation of pair counts, as for single terms. */
  k1: number;
  b: number;
  /** Which pairs of query terms count: each with the next one, or every two distinct terms. */
  pairs: 'consecutive' | 'all';
}

/** The proximity settings the relevance evaluation chose. */
export const DEFAULT_PROXIMITY: ProximitySettings = {
  orderedWeight: 0.3,
  unorderedWeight: 0,
  window: 8,
  k1: 1.2,
  b: 0.75,
  pairs: 'consecutive',
};

/** What the bonus needs to know about the collection. */
export interface ProximityStatistics<Term = string> {
  /** Inverse document frequency of an index term. */
  idf(term: Term): number;
  /** Average number of index terms per document, over the same segments. */
  averageLength: number;
}

/** Positions of each query term in a document, segments laid end to end with a gap wider than any window. */
function queryTermPositions<Term>(segments: readonly ArrayLike<Term>[], wanted: ReadonlySet<Term>, gap: number) {
  const positions = new Map<Term, number[]>();
  // A query has a few terms: comparing with each beats a set lookup per term of the text
  // (the set's lookups were a fifth of a three-word query's time on Reuters).
  const few = wanted.size <= 8 ? [...wanted] : undefined;
  const first = few?.[0];
  let offset = 0;
  let length = 0;
  for (const segment of segments) {
    // A plain loop: this runs over every term of the best 100 matches on each query.
    for (let i = 0; i < segment.length; i++) {
      const term = segment[i] as Term;
      if (few === undefined ? !wanted.has(term) : term !== first && !few.includes(term)) continue;
      const list = positions.get(term);
      if (list === undefined) positions.set(term, [offset + i]);
      else list.push(offset + i);
    }
    offset += segment.length + gap;
    length += segment.length;
  }
  return { positions, length };
}

/** How often `second` follows `first` directly, and how often they fall within the window, in either order. */
function pairCounts(first: readonly number[], second: readonly number[], window: number): { ordered: number; unordered: number } {
  let ordered = 0;
  let unordered = 0;
  for (const x of first) {
    for (const y of second) {
      if (y - x === 1) ordered++;
      if (Math.abs(y - x) < window) unordered++;
    }
  }
  return { ordered, unordered };
}

/**
 * The proximity bonus of one document, in BM25 units: for each pair of consecutive
 * distinct query terms, its phrase and window counts saturated like term frequencies
 * and weighted by the pair's mean IDF. Zero for a one-term query.
 */
export function proximityBonus<Term>(
  queryTerms: readonly Term[],
  segments: readonly ArrayLike<Term>[],
  context: ProximityStatistics<Term>,
  settings: ProximitySettings = DEFAULT_PROXIMITY,
  wanted: ReadonlySet<Term> = new Set(queryTerms),
): number {
  return proximityScorer(queryTerms, context, settings, wanted)(segments);
}

/**
 * `proximityBonus` for one query, its pairs worked out once: the re-rank scores a hundred
 * articles with it. A pair counts only when both its words are `wanted` (the re-rank leaves
 * out words no article holds).
 */
export function proximityScorer<Term>(
  queryTerms: readonly Term[],
  context: ProximityStatistics<Term>,
  settings: ProximitySettings = DEFAULT_PROXIMITY,
  wanted: ReadonlySet<Term> = new Set(queryTerms),
): (segments: readonly ArrayLike<Term>[]) => number {
  if (queryTerms.length < 2) return () => 0;
  const pairs = queryPairs(queryTerms, settings.pairs).filter(([first, second]) => wanted.has(first) && wanted.has(second));
  if (settings.unorderedWeight === 0) {
    // Counts per pair, reused from one article to the next.
    const counts = { total: new Array<number>(pairs.length), segment: new Array<number>(pairs.length) };
    return (segments) => phraseBonus(pairs, segments, context, settings, counts);
  }
  return (segments) => {
    const { positions, length } = queryTermPositions(segments, wanted, settings.window + 1);
    const norm = lengthNorm(settings.k1, settings.b, length, Math.max(1, context.averageLength));
    let bonus = 0;
    for (const [first, second] of pairs) {
      const at = positions.get(first);
      const bt = positions.get(second);
      if (at === undefined || bt === undefined) continue;
      const { ordered, unordered } = pairCounts(at, bt, settings.window);
      const weight = (context.idf(first) + context.idf(second)) / 2;
      bonus +=
        weight *
        (settings.orderedWeight * saturated(ordered, norm, settings) + settings.unorderedWeight * saturated(unordered, norm, settings));
    }
    return bonus;
  };
}

/**
 * The most bonus any document could get from `proximityScorer` with the same arguments: each
 * pair's counts saturated to their limit, k1 + 1. What lets the re-rank pass over articles
 * that could not reach a page whatever their text.
 */
export function mostProximityBonus<Term>(
  queryTerms: readonly Term[],
  context: ProximityStatistics<Term>,
  settings: ProximitySettings = DEFAULT_PROXIMITY,
  wanted: ReadonlySet<Term> = new Set(queryTerms),
): number {
  let most = 0;
  for (const [first, second] of queryPairs(queryTerms, settings.pairs)) {
    if (!wanted.has(first) || !wanted.has(second)) continue;
    const weight = (context.idf(first) + context.idf(second)) / 2;
    // A negative weight only takes away.
    most += weight * (Math.max(0, settings.orderedWeight) + Math.max(0, settings.unorderedWeight)) * (settings.k1 + 1);
  }
  return most;
}

// The pairs of distinct query terms the bonus looks for: each term with the next, or every two.
function queryPairs<Term>(queryTerms: readonly Term[], which: ProximitySettings['pairs']): [Term, Term][] {
  const pairs: [Term, Term][] = [];
  if (which === 'consecutive') {
    for (let i = 0; i + 1 < queryTerms.length; i++) {
      if (queryTerms[i] !== queryTerms[i + 1]) pairs.push([queryTerms[i] as Term, queryTerms[i + 1] as Term]);
    }
    return pairs;
  }
  const distinct = [...new Set(queryTerms)];
  for (let i = 0; i < distinct.length; i++)
    for (let j = i + 1; j < distinct.length; j++) pairs.push([distinct[i] as Term, distinct[j] as Term]);
  return pairs;
}

/**
 * The bonus without a window (the default): only adjacent pairs count, so one pass over the
 * text comparing each term and the one before it finds them, with no positions collected. The
 * positions' lists and map were a fifth of a three-word query's time on Reuters. A segment
 * repeated (the title's copies) is counted once and its count taken again.
 */
function phraseBonus<Term>(
  pairs: readonly [Term, Term][],
  segments: readonly ArrayLike<Term>[],
  context: ProximityStatistics<Term>,
  settings: ProximitySettings,
  { total: counts, segment: last }: { total: number[]; segment: number[] },
): number {
  counts.fill(0);
  let length = 0;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as ArrayLike<Term>;
    length += segment.length;
    if (s === 0 || segment !== segments[s - 1]) adjacentCounts(segment, pairs, last);
    for (let p = 0; p < pairs.length; p++) counts[p] = (counts[p] as number) + (last[p] as number);
  }
  const norm = lengthNorm(settings.k1, settings.b, length, Math.max(1, context.averageLength));
  let bonus = 0;
  for (let p = 0; p < pairs.length; p++) {
    const [first, second] = pairs[p] as [Term, Term];
    const ordered = counts[p] as number;
    if (ordered === 0) continue;
    const weight = (context.idf(first) + context.idf(second)) / 2;
    bonus += weight * (settings.orderedWeight * saturated(ordered, norm, settings));
  }
  return bonus;
}

// How often each pair's second term directly follows its first in the segment, into `counts`.
// A pass per pair, its terms in locals: one comparison for most terms of the text, where
// looking through the pairs at each term was a sixth of a three-word query's time on Reuters.
function adjacentCounts<Term>(segment: ArrayLike<Term>, pairs: readonly [Term, Term][], counts: number[]): void {
  for (let p = 0; p < pairs.length; p++) {
    const [first, second] = pairs[p] as [Term, Term];
    let count = 0;
    for (let i = 1; i < segment.length; i++) if (segment[i] === second && segment[i - 1] === first) count++;
    counts[p] = count;
  }
}

// A pair count saturated like a term frequency.
function saturated(count: number, norm: number, settings: ProximitySettings): number {
  return termScore(1, count, norm, settings.k1, 0);
}
