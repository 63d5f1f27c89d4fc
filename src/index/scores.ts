import { mergedInPairs } from './in-pairs.js';
import { ScoreHeap } from './score-heap.js';
/**
 * Articles with a score each, in increasing article order, as two parallel typed
 * arrays. Postings come out of the index in article order, so that combining the
 * scores of a query's words is a merge of sorted lists. Maps keyed by article did the
 * same work at a hash lookup and an allocation per match: two thirds of a two-word
 * query's time on Reuters, and worse with every article added.
 */
export class DocScores {
  readonly docs: Int32Array;
  readonly scores: Float64Array;

  /** `docs` must be increasing; `scores[i]` is the score of `docs[i]`. */
  constructor(docs: Int32Array, scores: Float64Array) {
    this.docs = docs;
    this.scores = scores;
  }

  static readonly EMPTY = new DocScores(new Int32Array(0), new Float64Array(0));

  get size(): number {
    return this.docs.length;
  }

  /** The article's score, or undefined when it is not in the list. */
  get(doc: number): number | undefined {
    const at = this.indexOf(doc);
    return at < 0 ? undefined : this.scores[at];
  }

  has(doc: number): boolean {
    return this.indexOf(doc) >= 0;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let at = 0; at < this.docs.length; at++) yield [this.docs[at] as number, this.scores[at] as number];
  }

  /** The articles that pass `keep`, with their scores. */
  filter(keep: (doc: number, score: number) => boolean): DocScores {
    const builder = new DocScoresBuilder(this.size);
    for (let at = 0; at < this.docs.length; at++) {
      const doc = this.docs[at] as number;
      const score = this.scores[at] as number;
      if (keep(doc, score)) builder.push(doc, score);
    }
    return builder.build();
  }

  private indexOf(doc: number): number {
    let low = 0;
    let high = this.docs.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.docs[middle] as number) < doc) low = middle + 1;
      else high = middle;
    }
    return low < this.docs.length && this.docs[low] === doc ? low : -1;
  }
}

/** Collects (article, score) pairs given in increasing article order. */
export class DocScoresBuilder {
  private docs: Int32Array;
  private scores: Float64Array;
  private length = 0;

  constructor(capacity = 16) {
    this.docs = new Int32Array(Math.max(1, capacity));
    this.scores = new Float64Array(this.docs.length);
  }

  push(doc: number, score: number): void {
    if (this.length === this.docs.length) this.grow();
    this.docs[this.length] = doc;
    this.scores[this.length] = score;
    this.length += 1;
  }

  build(): DocScores {
    if (this.length === 0) return DocScores.EMPTY;
    return new DocScores(this.docs.subarray(0, this.length), this.scores.subarray(0, this.length));
  }

  private grow(): void {
    const docs = new Int32Array(this.docs.length * 2);
    docs.set(this.docs);
    const scores = new Float64Array(docs.length);
    scores.set(this.scores);
    this.docs = docs;
    this.scores = scores;
  }
}

/** How two scores of one article combine. */
export type Combine = 'sum' | 'max';

/**
 * The articles of either list; an article in both gets `a + b` (in that order, so that
 * sums come out as adding clause after clause does) or the larger score.
 */
export function union(a: DocScores, b: DocScores, combine: Combine): DocScores {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const builder = new DocScoresBuilder(a.size + b.size);
  let i = 0;
  let j = 0;
  while (i < a.size && j < b.size) {
    const da = a.docs[i] as number;
    const db = b.docs[j] as number;
    if (da < db) builder.push(da, a.scores[i++] as number);
    else if (db < da) builder.push(db, b.scores[j++] as number);
    else {
      const sa = a.scores[i++] as number;
      const sb = b.scores[j++] as number;
      builder.push(da, combine === 'sum' ? sa + sb : Math.max(sa, sb));
    }
  }
  for (; i < a.size; i++) builder.push(a.docs[i] as number, a.scores[i] as number);
  for (; j < b.size; j++) builder.push(b.docs[j] as number, b.scores[j] as number);
  return builder.build();
}

/**
 * The union of many lists, as `union` applied list after list would give it (sums in list
 * order, to the last bit). When the lists hold many articles, they are added into one array
 * indexed by article instead (as Lucene's BooleanScorer does): merging 100 lists one by one
 * copied the growing result 100 times, the larger part of a 100-word query's time.
 */
export function unionAll(lists: readonly DocScores[], combine: Combine): DocScores {
  const dense = denseUnion(lists, combine);
  if (dense === undefined) return mergedUnion(lists, combine);
  const { totals, seen } = scratchOf(dense.capacity);
  return seenScores(totals, seen, dense.capacity, dense.count);
}

/**
 * The articles of `unionAll(lists, 'sum')` whose sums reach the `count`-th largest (every one
 * tying it too), in increasing order, with their sums, or, when the lists are merged, all of
 * them: what a page and the re-rank read of a query scored whole when its matches will not be
 * counted. Dense lists are not read back into a list of every match to be chosen from: the sums
 * reaching a floor sampled from them are read out of the array they were added into (Reuters'
 * three-word queries of common words unite and choose from some 10,000 matches).
 */
export function bestOfSum(lists: readonly DocScores[], count: number): DocScores {
  const dense = denseUnion(lists, 'sum');
  if (dense === undefined) {
    // Merged, the union is a list already: choosing from it is the caller's (bestOf).
    return mergedUnion(lists, 'sum');
  }
  return bestInScratch(dense.capacity, dense.count, count);
}

/**
 * `bestOfSum` of lists that are not made: each of `adders` adds a list's scores into the
 * totals by article (numbered below `capacity`), in order, marking `seen`, and returns how many
 * articles it marked first (TextIndex.addTextScores).
 */
export function bestOfAdded(
  adders: readonly ((totals: Float64Array, seen: Uint8Array) => number)[],
  capacity: number,
  count: number,
): DocScores {
  const { totals, seen } = scratchOf(capacity);
  let seenCount = 0;
  for (const add of adders) seenCount += add(totals, seen);
  return bestInScratch(capacity, seenCount, count);
}

// The best `count` sums of the scratch arrays (every one tying the last), which are left clean.
function bestInScratch(capacity: number, seenCount: number, count: number): DocScores {
  const { totals, seen } = scratchOf(capacity);
  if (seenCount <= count) return seenScores(totals, seen, capacity, seenCount);
  const floor = sampledFloor(totals, seen, capacity, seenCount, count);
  // Fewer than `count` reach the floor (an unlucky sample): every sum is read back.
  const reaching = sumsReaching(totals, seen, capacity, floor);
  const kept = reaching.size >= count ? reaching : sumsReaching(totals, seen, capacity, Number.NEGATIVE_INFINITY);
  totals.fill(0, 0, capacity);
  seen.fill(0, 0, capacity);
  const threshold = largest(kept.scores, kept.size, count);
  return kept.filter((_, score) => score >= threshold);
}

// Lists merged (few, or sparse ones): sums one list after another, so that they are added in
// list order; the largest of each article's scores in pairs (mergedInPairs), as the largest does
// not depend on the order: one after another, a prefix's twenty expansions copied the growing
// union twenty times (a third of a prefix search at a million articles).
function mergedUnion(lists: readonly DocScores[], combine: Combine): DocScores {
  if (combine === 'sum') return lists.reduce((result, list) => union(result, list, combine), DocScores.EMPTY);
  const nonEmpty = lists.filter((list) => list.size > 0);
  return mergedInPairs(nonEmpty, (first, second) => union(first, second, combine)) ?? DocScores.EMPTY;
}

/**
 * Whether `lists` lists holding `postings` articles in all, numbered below `capacity`, are united
 * faster in an array by article than merged: below this, allocating and reading an array of every
 * article costs more than merging, and two lists are merged unless they hold a third of the
 * numbers (a merge's every step is a branch the processor cannot predict, the array's steps none).
 */
export function unitedInArray(lists: number, postings: number, capacity: number): boolean {
  return lists >= 2 && postings * (lists === 2 ? 3 : 16) >= capacity;
}

// Adds (or takes the largest of) the lists into the scratch arrays when they hold many articles
// (unitedInArray); undefined when merging them costs less.
function denseUnion(lists: readonly DocScores[], combine: Combine): { capacity: number; count: number } | undefined {
  const nonEmpty = lists.filter((list) => list.size > 0);
  let postings = 0;
  let capacity = 0;
  for (const list of nonEmpty) {
    postings += list.size;
    capacity = Math.max(capacity, (list.docs[list.size - 1] as number) + 1);
  }
  if (!unitedInArray(nonEmpty.length, postings, capacity)) return undefined;
  const { totals, seen } = scratchOf(capacity);
  let count = 0;
  for (const list of nonEmpty)
    count += combine === 'sum' ? addInto(totals, seen, list.docs, list.scores) : maxInto(totals, seen, list.docs, list.scores);
  return { capacity, count };
}

// The `rank`-th largest of the first `length` scores.
function largest(scores: Float64Array, length: number, rank: number): number {
  const heap = new ScoreHeap(rank);
  for (let at = 0; at < length; at++) heap.offer(scores[at] as number);
  return heap.smallest;
}

// How many sums are read to set the floor, about.
const FLOOR_SAMPLE = 512;

// A sum that about twice `count` of the `seenCount` sums reach, read from those of evenly spaced
// articles: under the count-th largest as a rule, and close to it.
function sampledFloor(totals: Float64Array, seen: Uint8Array, capacity: number, seenCount: number, count: number): number {
  const step = Math.max(1, Math.floor(capacity / FLOOR_SAMPLE));
  const sample = new Float64Array(Math.ceil(capacity / step));
  let sampled = 0;
  for (let doc = 0; doc < capacity; doc += step) if (seen[doc] === 1) sample[sampled++] = totals[doc] as number;
  if (sampled === 0) return Number.NEGATIVE_INFINITY;
  return largest(sample, sampled, Math.min(sampled, Math.ceil((2 * count * sampled) / seenCount) + 2));
}

// The articles seen whose sums reach `floor`, in increasing order, with their sums; the arrays are left as they are.
function sumsReaching(totals: Float64Array, seen: Uint8Array, capacity: number, floor: number): DocScores {
  const builder = new DocScoresBuilder(64);
  for (let doc = 0; doc < capacity; doc++) {
    const total = totals[doc] as number;
    if (total >= floor && seen[doc] === 1) builder.push(doc, total);
  }
  return builder.build();
}

// Totals and marks by article, kept between unions (allocating and zeroing them for every query
// cost as much as the adding: three-word queries' p95 0.62 -> 0.50-0.54 ms on Reuters, with the
// branchless reading below); each union leaves them all zero again. Past four million articles
// (36 MB a search thread) they are made for each union instead.
const MOST_KEPT_SCRATCH = 1 << 22;
let scratch = { totals: new Float64Array(0), seen: new Uint8Array(0) };
function scratchOf(capacity: number): { totals: Float64Array; seen: Uint8Array } {
  if (scratch.totals.length >= capacity) return scratch;
  const made = { totals: new Float64Array(capacity), seen: new Uint8Array(capacity) };
  if (capacity <= MOST_KEPT_SCRATCH) scratch = made;
  return made;
}

// Adds each article's score to its total; returns how many articles were new. 0 + a score is
// that score, to the bit: no need to ask whether the article was seen.
function addInto(totals: Float64Array, seen: Uint8Array, docs: Int32Array, scores: Float64Array): number {
  let added = 0;
  for (let at = 0; at < docs.length; at++) {
    const doc = docs[at] as number;
    totals[doc] = (totals[doc] as number) + (scores[at] as number);
    added += 1 - (seen[doc] as number);
    seen[doc] = 1;
  }
  return added;
}

function maxInto(totals: Float64Array, seen: Uint8Array, docs: Int32Array, scores: Float64Array): number {
  let added = 0;
  for (let at = 0; at < docs.length; at++) {
    const doc = docs[at] as number;
    const score = scores[at] as number;
    totals[doc] = seen[doc] === 0 ? score : Math.max(totals[doc] as number, score);
    added += 1 - (seen[doc] as number);
    seen[doc] = 1;
  }
  return added;
}

// The `count` articles seen below `capacity`, in increasing order, with their totals; both
// arrays left zero. Every article is written and the count advanced only past those seen: no
// branch per article for the processor to mispredict.
function seenScores(totals: Float64Array, seen: Uint8Array, capacity: number, count: number): DocScores {
  const docs = new Int32Array(count + 1);
  const scores = new Float64Array(count + 1);
  let next = 0;
  for (let doc = 0; doc < capacity; doc++) {
    docs[next] = doc;
    scores[next] = totals[doc] as number;
    next += seen[doc] as number;
    totals[doc] = 0;
    seen[doc] = 0;
  }
  return new DocScores(docs.subarray(0, count), scores.subarray(0, count));
}

/** `a` with `b`'s score added to the articles the two share; the others keep theirs. */
export function addShared(a: DocScores, b: DocScores): DocScores {
  const scores = a.scores.slice();
  let j = 0;
  for (let i = 0; i < a.size && j < b.size; i++) {
    const doc = a.docs[i] as number;
    while (j < b.size && (b.docs[j] as number) < doc) j++;
    if (j < b.size && b.docs[j] === doc) scores[i] = (scores[i] as number) + (b.scores[j++] as number);
  }
  return new DocScores(a.docs, scores);
}

/** The articles of `a` that are not in `b`. */
export function subtract(a: DocScores, b: DocScores): DocScores {
  if (b.size === 0) return a;
  let j = 0;
  return a.filter((doc) => {
    while (j < b.size && (b.docs[j] as number) < doc) j++;
    return !(j < b.size && b.docs[j] === doc);
  });
}

/** How many of `lists` hold each article of `of`, in `of`'s order. */
export function memberships(of: DocScores, lists: readonly DocScores[]): Int32Array {
  const counts = new Int32Array(of.size);
  for (const list of lists) {
    let j = 0;
    for (let i = 0; i < of.size && j < list.size; i++) {
      const doc = of.docs[i] as number;
      while (j < list.size && (list.docs[j] as number) < doc) j++;
      if (j < list.size && list.docs[j] === doc) counts[i] = (counts[i] as number) + 1;
    }
  }
  return counts;
}

/** The articles in every list (with the scores of the smallest list), merged from the smallest list up. */
export function intersectionOf(lists: readonly DocScores[]): DocScores {
  const [smallest, ...others] = [...lists].sort((a, b) => a.size - b.size);
  if (smallest === undefined) return DocScores.EMPTY;
  return others.reduce(intersection, smallest);
}

// The articles of `kept` that are also in `list`, in one pass over both (both sorted).
function intersection(kept: DocScores, list: DocScores): DocScores {
  const builder = new DocScoresBuilder(Math.min(kept.size, list.size));
  let j = 0;
  for (let i = 0; i < kept.size && j < list.size; i++) {
    const doc = kept.docs[i] as number;
    while (j < list.size && (list.docs[j] as number) < doc) j++;
    if (list.docs[j] === doc) builder.push(doc, kept.scores[i] as number);
  }
  return builder.build();
}

/** The same articles, each scored 0. */
export function zeroScores(of: DocScores): DocScores {
  return new DocScores(of.docs, new Float64Array(of.size));
}

/** Each article's score times how many of `clauses` hold it (at least once): MiniSearch's coordination. */
export function coordinated(result: DocScores, clauses: readonly DocScores[]): DocScores {
  const counts = memberships(result, clauses);
  return new DocScores(
    result.docs,
    result.scores.map((score, at) => score * Math.max(1, counts[at] as number)),
  );
}
