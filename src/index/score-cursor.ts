import { type Frequencies, fieldFrequency, textPostingScore } from './inverted-text.js';
import type { DocScores } from './scores.js';

/**
 * Bounds are compared with scores computed in another order; this much slack covers the
 * rounding of a few dozen additions, so that no article that ties the k-th score is skipped.
 */
export const SLACK = 1 + 1e-9;

/** The article number a cursor stands at once it has passed its last article. */
export const END = 0x7fffffff;

const BLOCK_SHIFT = 7;
/** How many postings share one upper bound: Lucene's and Tantivy's block size (smaller ones did not skip more here). */
export const BLOCK_SIZE = 1 << BLOCK_SHIFT;

/**
 * Walks one list of (article, score) in increasing article order, with upper bounds of the
 * scores ahead, so that a top-k search can skip articles that cannot enter the top k
 * (query/top-k.ts). Every bound is at least the score the list gives any article it covers, to
 * within rounding (a bound and a score are computed in different orders, a unit in the last
 * place apart at most): whoever compares one with a score allows SLACK.
 */
export interface ScoreCursor {
  /** The article the cursor stands at, or END. */
  readonly doc: number;
  /** The largest score of the whole list, or more. */
  readonly maxScore: number;
  /** How many postings it walks at most: what scoring the list whole would cost. */
  readonly length: number;
  /** Moves to the next article. */
  next(): void;
  /** Moves to the first article at or after `target` (never back). */
  advance(target: number): void;
  /** The score of the article the cursor stands at. */
  score(): number;
  /** The largest score of the articles from the current one up to `blockEnd()` (excluded), or more. */
  blockMaxScore(): number;
  /** The first article after the current block, or END. */
  blockEnd(): number;
  /** Every article of the list, in increasing order, for counting and facets (the cursor does not move). */
  allDocs(): Int32Array;
  /**
   * Moves past the articles before `limit` whose score cannot bring `base + score` to
   * `threshold` ((base + score) · SLACK < threshold): a top-k search's innermost loop.
   */
  skipBelow(base: number, threshold: number, limit: number): void;
}

/** How a term's text postings are scored (TextIndex.textScores, as a cursor). */
export interface TextPostings {
  docs: Int32Array;
  frequencies: Frequencies;
  from: number;
  to: number;
  /** (article, packed counts) pairs after the inverted ones, in increasing article order. */
  pending: readonly number[];
  /** Set when some inverted postings may name removed articles (1: live). */
  live: Uint8Array | undefined;
  /** The term's IDF. */
  weight: number;
  /** Per article, 1 / the body's length norm (fieldFrequency). */
  bodyScales: Float64Array;
  /** How many times a word of the title counts (BM25F's title weight). */
  titleWeight: number;
  k1: number;
  delta: number;
  /**
   * Per block of BLOCK_SIZE inverted postings from `from`: the largest frequency / (frequency
   * + k1), or more; and what they are multiplied by (at least 1 when the average length grew
   * since they were computed). Asked for when first needed: a query scored whole never is.
   */
  bounds: () => { ratios: Float64Array; scale: number };
}

/** A cursor over a term's title-and-body postings, scoring each article as BM25F does. */
export class TextCursor implements ScoreCursor {
  doc = END;
  private at: number;
  private pendingAt = -2;
  readonly length: number;
  private readonly p: TextPostings;
  // Made when first asked for (bounds): the block ratios, their scale, the pending part's and the whole list's maximum.
  private ratios: Float64Array | undefined;
  private scale = 1;
  private pendingMax = 0;
  private max = -1;
  // Where settling first put the cursor (past removed articles), for atStart.
  private readonly startAt: number;
  private readonly startPendingAt: number;

  constructor(postings: TextPostings) {
    this.p = postings;
    this.length = postings.to - postings.from + postings.pending.length / 2;
    this.at = postings.from;
    this.settle();
    this.startAt = this.at;
    this.startPendingAt = this.pendingAt;
  }

  get maxScore(): number {
    return this.max < 0 ? this.bound() : this.max;
  }

  // The bounds, made once: a query scored whole never asks, and never pays for them.
  private bound(): number {
    const { ratios, scale } = this.p.bounds();
    this.ratios = ratios;
    this.scale = scale;
    let ratio = 0;
    for (const value of ratios) if (value > ratio) ratio = value;
    const { pending } = this.p;
    for (let at = 0; at < pending.length; at += 2) {
      const score = this.scoreOf(pending[at + 1] as number, pending[at] as number);
      if (score > this.pendingMax) this.pendingMax = score;
    }
    this.max = Math.max(this.ratioScore(ratio), this.pendingMax);
    return this.max;
  }

  next(): void {
    if (this.pendingAt < 0) this.at += 1;
    else this.pendingAt += 2;
    this.settle();
  }

  advance(target: number): void {
    if (target <= this.doc) return;
    if (this.pendingAt < 0) {
      const { docs, to } = this.p;
      if (to > this.at && (docs[to - 1] as number) >= target) {
        this.at = gallop(docs, this.at, to, target);
        this.settle();
        if (this.doc >= target) return;
      } else {
        this.at = to;
        this.settle();
      }
    }
    while (this.doc < target) this.next();
  }

  score(): number {
    if (this.pendingAt < 0) return this.scoreOf(this.p.frequencies[this.at] as number, this.doc);
    return this.scoreOf(this.p.pending[this.pendingAt + 1] as number, this.doc);
  }

  blockMaxScore(): number {
    if (this.max < 0) this.bound();
    if (this.pendingAt >= 0) return this.pendingMax;
    return this.ratioScore((this.ratios as Float64Array)[(this.at - this.p.from) >> BLOCK_SHIFT] as number);
  }

  blockEnd(): number {
    if (this.pendingAt >= 0 || this.doc === END) return END;
    const { from, to, docs, pending } = this.p;
    const end = from + (((this.at - from) >> BLOCK_SHIFT) + 1) * BLOCK_SIZE;
    if (end < to) return docs[end] as number;
    return pending.length > 0 ? (pending[0] as number) : END;
  }

  skipBelow(base: number, threshold: number, limit: number): void {
    if (this.pendingAt >= 0) {
      while (this.doc < limit && (base + this.score()) * SLACK < threshold) this.next();
      return;
    }
    const { docs, frequencies, to, live, bodyScales, titleWeight, weight, k1, delta } = this.p;
    let at = this.at;
    for (; at < to; at++) {
      const doc = docs[at] as number;
      if (doc >= limit) break;
      // A removed article is passed, as settle passes it.
      if (live !== undefined && live[doc] !== 1) continue;
      if (
        (base + textPostingScore(weight, frequencies[at] as number, titleWeight, bodyScales[doc] as number, k1, delta)) * SLACK >=
        threshold
      )
        break;
    }
    this.at = at;
    this.settle();
  }

  /** Whether the cursor has not moved from its first posting (see intersectedTexts). */
  atStart(): boolean {
    return this.at === this.startAt && this.pendingAt === this.startPendingAt;
  }

  /** The postings the cursor walks. */
  postings(): TextPostings {
    return this.p;
  }

  allDocs(): Int32Array {
    const { docs, from, to, pending, live } = this.p;
    if (live === undefined && pending.length === 0) return docs.subarray(from, to);
    const all = new Int32Array(to - from + pending.length / 2);
    let count = 0;
    for (let at = from; at < to; at++) {
      const doc = docs[at] as number;
      if (live === undefined || live[doc] === 1) all[count++] = doc;
    }
    for (let at = 0; at < pending.length; at += 2) all[count++] = pending[at] as number;
    return all.subarray(0, count);
  }

  private scoreOf(counts: number, doc: number): number {
    const { weight, bodyScales, titleWeight, k1, delta } = this.p;
    return textPostingScore(weight, counts, titleWeight, bodyScales[doc] as number, k1, delta);
  }

  // weight · (delta + (k1 + 1) · ratio): a bound of termScore for any article whose
  // frequency / (frequency + k1) is at most `ratio`.
  private ratioScore(ratio: number): number {
    const { weight, k1, delta } = this.p;
    return weight * (delta + (k1 + 1) * ratio * this.scale);
  }

  // Past removed articles, and from the inverted postings on to the pending ones.
  private settle(): void {
    const { docs, to, live, pending } = this.p;
    if (this.pendingAt < 0) {
      if (live !== undefined) while (this.at < to && live[docs[this.at] as number] !== 1) this.at += 1;
      if (this.at < to) {
        this.doc = docs[this.at] as number;
        return;
      }
      this.pendingAt = 0;
    }
    this.doc = this.pendingAt < pending.length ? (pending[this.pendingAt] as number) : END;
  }
}

/** A cursor over scores already computed (a phrase's, a label's): one block, its exact maximum. */
export class ListCursor implements ScoreCursor {
  doc = END;
  readonly maxScore: number;
  readonly length: number;
  private at = 0;

  constructor(private readonly list: DocScores) {
    this.length = list.size;
    let max = 0;
    for (const score of list.scores) if (score > max) max = score;
    this.maxScore = max;
    this.doc = list.size > 0 ? (list.docs[0] as number) : END;
  }

  next(): void {
    this.at += 1;
    this.doc = this.at < this.list.size ? (this.list.docs[this.at] as number) : END;
  }

  advance(target: number): void {
    if (target <= this.doc) return;
    this.at = gallop(this.list.docs, this.at, this.list.size, target);
    this.doc = this.at < this.list.size ? (this.list.docs[this.at] as number) : END;
  }

  score(): number {
    return this.list.scores[this.at] as number;
  }

  blockMaxScore(): number {
    return this.maxScore;
  }

  blockEnd(): number {
    return END;
  }

  allDocs(): Int32Array {
    return this.list.docs;
  }

  skipBelow(base: number, threshold: number, limit: number): void {
    const { docs, scores, size } = this.list;
    let at = this.at;
    while (at < size && (docs[at] as number) < limit && (base + (scores[at] as number)) * SLACK < threshold) at++;
    this.at = at;
    this.doc = at < size ? (docs[at] as number) : END;
  }
}

/**
 * Per block of BLOCK_SIZE postings of [from, to): the largest frequency / (frequency + k1),
 * the frequency as BM25F weighs it (fieldFrequency). A bound of the block's BM25 scores for
 * any IDF; computed once per term and inversion.
 */
export function blockRatiosOf(
  postings: Pick<TextPostings, 'docs' | 'frequencies' | 'from' | 'to' | 'bodyScales' | 'titleWeight' | 'k1'>,
): Float64Array {
  const { docs, frequencies, from, to, bodyScales, titleWeight, k1 } = postings;
  const ratios = new Float64Array(Math.ceil((to - from) / BLOCK_SIZE));
  for (let block = 0; block < ratios.length; block++) {
    const end = Math.min(to, from + (block + 1) * BLOCK_SIZE);
    let max = 0;
    for (let at = from + block * BLOCK_SIZE; at < end; at++) {
      const frequency = fieldFrequency(frequencies[at] as number, titleWeight, bodyScales[docs[at] as number] as number);
      const ratio = frequency / (frequency + k1);
      if (ratio > max) max = ratio;
    }
    ratios[block] = max;
  }
  return ratios;
}

/**
 * The first position in [at, to) whose article is at least `target` (or `to`): doubling
 * steps, then a binary search, so that a skip costs the log of its length.
 */
export function gallop(docs: Int32Array, at: number, to: number, target: number): number {
  let low = at;
  let step = 1;
  let high = at;
  while (high < to && (docs[high] as number) < target) {
    low = high + 1;
    high = at + step;
    step *= 2;
  }
  if (high > to) high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((docs[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
