import { ScoreHeap } from '../index/score-heap.js';
import type { TextMatch } from '../index/text-index.js';

const byScore = (a: TextMatch, b: TextMatch): number => b.score - a.score || a.doc - b.doc;

/**
 * Orders matches best first (equal scores in article order), but only as far as a page
 * needs: the `count` best come first, in order, and the rest follow in no particular
 * order. A common word matches thousands of articles, and sorting them all was a fifth
 * of a query's time; only the best hundred are ever re-ranked or shown.
 */
export function bestFirst(matches: TextMatch[], count: number): TextMatch[] {
  return firstBy(matches, count, (match) => match.score, byScore);
}

/**
 * Only the `count` best of articles given as parallel arrays (more when scores tie at
 * the cut), best first, as matches: the others are counted and faceted from the arrays
 * but never become objects. A common word matches most of a large archive.
 */
export function bestOf(docs: Int32Array, scores: Float64Array, count: number): TextMatch[] {
  const threshold = scores.length <= count ? Number.NEGATIVE_INFINITY : countthLargest(scores, count);
  const head: TextMatch[] = [];
  for (let index = 0; index < docs.length; index++) {
    const score = scores[index] as number;
    if (score >= threshold) head.push({ doc: docs[index] as number, score });
  }
  return sortedBest(head);
}

// Past this many times `count` scores, a floor from a sample comes first.
const SAMPLED_FROM = 16;
const SAMPLE_SIZE = 512;

/**
 * The count-th largest score. Offered to a heap one by one, most scores of a common query's
 * matches cost a comparison, but the first thousands each enter the heap while it is filling
 * with low scores (the heap pass was a tenth of a three-word query's time on Reuters). A floor
 * from a sample, under which scores are not offered, leaves the heap little but the best: the
 * answer is the same whenever `count` scores reach the floor, which is checked, and otherwise
 * every score is offered.
 */
function countthLargest(scores: Float64Array, count: number): number {
  if (scores.length >= SAMPLED_FROM * count) {
    const floor = sampledFloor(scores, count);
    const heap = new ScoreHeap(count);
    let reaching = 0;
    for (let index = 0; index < scores.length; index++) {
      const score = scores[index] as number;
      if (score < floor) continue;
      reaching++;
      heap.offer(score);
    }
    if (reaching >= count) return heap.smallest;
  }
  return nthLargestScore(scores.length, (index) => scores[index] as number, count);
}

// A score that about twice `count` scores reach, read from evenly spaced ones: under the
// count-th largest as a rule, and close to it.
function sampledFloor(scores: Float64Array, count: number): number {
  const step = Math.max(1, Math.floor(scores.length / SAMPLE_SIZE));
  const sampled = Math.floor((scores.length - 1) / step) + 1;
  const rank = Math.min(sampled, Math.ceil((2 * count * sampled) / scores.length) + 2);
  const heap = new ScoreHeap(rank);
  for (let index = 0; index < scores.length; index += step) heap.offer(scores[index] as number);
  return heap.smallest;
}

// Best first, equal scores in article order: an insertion sort, as the matches arrive nearly
// in article order and are a hundred or so (Array.prototype.sort's comparator calls cost
// a third of bestOf).
function sortedBest(head: TextMatch[]): TextMatch[] {
  if (head.length > 256) return head.sort(byScore);
  for (let i = 1; i < head.length; i++) {
    const match = head[i] as TextMatch;
    let at = i;
    while (at > 0 && byScore(head[at - 1] as TextMatch, match) > 0) {
      head[at] = head[at - 1] as TextMatch;
      at--;
    }
    head[at] = match;
  }
  return head;
}

/**
 * Orders matches newest first (undated last; equal dates keep their order), as far as a page
 * needs: the `count` newest come first, in order, the rest follow in no particular order.
 * Sorting every match of a common word by date took 0.3 s at a million articles.
 */
export function newestFirst(matches: TextMatch[], count: number, timestampOf: (doc: number) => number): TextMatch[] {
  // Undated sort after every date.
  const key = (match: TextMatch) => {
    const timestamp = timestampOf(match.doc);
    return Number.isNaN(timestamp) ? Number.NEGATIVE_INFINITY : timestamp;
  };
  return firstBy(matches, count, key, (a, b) => key(b) - key(a) || 0);
}

// The `count` matches of largest `key` first, ordered by `order` (which sorts larger keys first),
// then the rest unordered: those whose key reaches the count-th largest are all that is sorted.
function firstBy(
  matches: TextMatch[],
  count: number,
  key: (match: TextMatch) => number,
  order: (a: TextMatch, b: TextMatch) => number,
): TextMatch[] {
  if (matches.length <= 2 * count) return matches.sort(order);
  const threshold = nthLargestScore(matches.length, (index) => key(matches[index] as TextMatch), count);
  const head: TextMatch[] = [];
  const rest: TextMatch[] = [];
  for (const match of matches) (key(match) >= threshold ? head : rest).push(match);
  return head.sort(order).concat(rest);
}

// The count-th largest score: one pass, kept in a min-heap of the count best seen so far.
function nthLargestScore(length: number, scoreAt: (index: number) => number, count: number): number {
  const heap = new ScoreHeap(count);
  for (let index = 0; index < length; index++) heap.offer(scoreAt(index));
  return heap.smallest;
}
