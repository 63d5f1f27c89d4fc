import { mergedInPairs } from './in-pairs.js';
import { END, gallop } from './score-cursor.js';

/**
 * Every article of any list that `allowed` accepts (all when undefined), in increasing order.
 * Sparse lists are merged two by two (a pass over every article number cost more than the
 * merges at a million articles); dense ones are set in a bitmap read in order, as each merge
 * round copies every article again: two lists holding a fifth of the numbers below their
 * largest or more (full requests' p95 24.5 -> 19.4 ms at a million articles, bench/pruning.ts),
 * three or more (two rounds or more) holding a thirty-second, one article a word of the bitmap
 * (a prefix's expansions: full search 3.3 -> 2.5-2.6 ms, the bench's prefixes at a million).
 */
export function unionOfDocs(
  lists: readonly Int32Array[],
  allowed: ((doc: number) => boolean) | undefined,
  // Called after each merge or list set in the bitmap (a search's deadline), so that many long lists cannot outrun it.
  check: () => void = () => {},
): Int32Array {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return new Int32Array(0);
  const total = nonEmpty.reduce((sum, list) => sum + list.length, 0);
  const bound = 1 + nonEmpty.reduce((largest, list) => Math.max(largest, list[list.length - 1] as number), 0);
  const all =
    nonEmpty.length > 1 && total * (nonEmpty.length > 2 ? 32 : 5) >= bound
      ? unionInBitmap(nonEmpty, bound, total, check)
      : (mergedInPairs(nonEmpty, mergeDocs, check) as Int32Array);
  return allowed === undefined ? all : docsWhere(all, allowed);
}

// A plain loop: Int32Array.filter took 1.6 times as long over 300,000 articles of a million.
function docsWhere(docs: Int32Array, keep: (doc: number) => boolean): Int32Array {
  const kept = new Int32Array(docs.length);
  let count = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number;
    if (keep(doc)) kept[count++] = doc;
  }
  return kept.subarray(0, count);
}

function unionInBitmap(lists: readonly Int32Array[], bound: number, total: number, check: () => void): Int32Array {
  const words = new Uint32Array((bound + 31) >>> 5);
  for (const list of lists) {
    setBits(words, list);
    check();
  }
  return docsInBitmap(words, Math.min(total, bound));
}

// The articles of either sorted list, once each.
function mergeDocs(a: Int32Array, b: Int32Array): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const da = a[i] as number;
    const db = b[j] as number;
    // Article numbers are below 2^31: a difference's sign bit says which is smaller.
    const below = (da - db) >>> 31;
    const above = (db - da) >>> 31;
    merged[count++] = da + (db - da) * above;
    i += 1 - above;
    j += 1 - below;
  }
  while (i < a.length) merged[count++] = a[i++] as number;
  while (j < b.length) merged[count++] = b[j++] as number;
  return merged.subarray(0, count);
}

/**
 * The same articles (each once) in increasing order, by a bitmap of them read word by word:
 * linear in the articles and the numbers below `bound`. Counting articles listed in another
 * order (newest first) reads their columns at random: 1.6 s for a date histogram of every
 * article at ten million, against 50 ms in order.
 */
export function inIncreasingOrder(docs: Int32Array, bound: number): Int32Array {
  return docsInBitmap(bitmapOf(docs, bound), docs.length);
}

// The articles whose bits are set, in increasing order; `most` bounds how many there can be.
function docsInBitmap(words: Uint32Array, most: number): Int32Array {
  const ordered = new Int32Array(most);
  let count = 0;
  for (let word = 0; word < words.length; word++) {
    let bits = words[word] as number;
    while (bits !== 0) {
      const lowest = bits & -bits;
      ordered[count++] = (word << 5) + 31 - Math.clz32(lowest);
      bits ^= lowest;
    }
  }
  return ordered.subarray(0, count);
}

/** A bit for each article of `docs` (numbers below `bound`), or only those whose `keep` is 1. */
export function bitmapOf(docs: Int32Array, bound: number, keep?: Uint8Array): Uint32Array {
  const words = new Uint32Array((bound + 31) >>> 5);
  setBits(words, docs, keep);
  return words;
}

// Sets the bit of each article of `docs` in `words`, or only of those whose `keep` is 1.
function setBits(words: Uint32Array, docs: Int32Array, keep?: Uint8Array): void {
  for (let i = 0; i < docs.length; i++) {
    if (keep !== undefined && keep[i] !== 1) continue;
    const doc = docs[i] as number;
    words[doc >>> 5] = (words[doc >>> 5] as number) | (1 << (doc & 31));
  }
}

/** Whether `bitmapOf` set the article's bit. */
export function inBitmap(words: Uint32Array, doc: number): boolean {
  return (((words[doc >>> 5] as number) >>> (doc & 31)) & 1) === 1;
}

/**
 * The first of `docs` (in increasing order) at or after a number, END past the last, for
 * numbers asked in increasing order: each answer gallops on from the one before.
 */
export function firstFrom(docs: Int32Array): (doc: number) => number {
  let at = 0;
  return (doc) => {
    at = gallop(docs, at, docs.length, doc);
    return at < docs.length ? (docs[at] as number) : END;
  };
}

/**
 * The articles of `within` (in increasing order) that some list holds and `allowed` accepts:
 * each looked up in the lists, galloping, rather than every list merged and each article
 * asked. For a narrow date range among long lists.
 */
export function heldByAny(
  within: Int32Array,
  lists: readonly Int32Array[],
  allowed: ((doc: number) => boolean) | undefined,
  // Called every few thousand articles (a search's deadline).
  check: () => void = () => {},
): Int32Array {
  const at = new Int32Array(lists.length);
  const held = new Int32Array(within.length);
  let count = 0;
  for (let i = 0; i < within.length; i++) {
    if ((i & 4095) === 4095) check();
    const doc = within[i] as number;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l] as Int32Array;
      const found = gallop(list, at[l] as number, list.length, doc);
      at[l] = found;
      if (list[found] !== doc) continue;
      if (allowed === undefined || allowed(doc)) held[count++] = doc;
      break;
    }
  }
  return held.subarray(0, count);
}
