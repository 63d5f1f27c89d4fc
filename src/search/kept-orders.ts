import { bitmapOf, inBitmap } from '../index/doc-lists.js';

/** How two article numbers compare in a list: negative when `a` comes first, never 0 for two different ones. */
export type Order = (a: number, b: number) => number;

/**
 * `list` (in `order`) without `gone`, articles it holds. A few are found by binary search and
 * the runs between them copied whole; many are left out in one pass through a bitmap of them
 * (below `bound`). A pass testing every article of a million took 8 ms of the first view after
 * each write, ten times that at ten million, to take out the one or two a write removed.
 */
export function without(list: Int32Array, gone: readonly number[], order: Order, bound: number): Int32Array {
  if (gone.length === 0) return list;
  if (gone.length * Math.log2(list.length + 1) > list.length / 8) return filteredByBitmap(list, gone, bound);
  const places = gone.map((doc) => placeOf(list, doc, order)).sort((a, b) => a - b);
  const kept = new Int32Array(list.length - places.length);
  let from = 0;
  let to = 0;
  for (const place of places) {
    kept.set(list.subarray(from, place), to);
    to += place - from;
    from = place + 1;
  }
  kept.set(list.subarray(from), to);
  return kept;
}

/**
 * Two lists, each in `order`, as one. The longer one's runs between the other's articles are
 * copied whole, each found by binary search: a write adds an article or two to lists of millions.
 */
export function mergedInOrder(a: Int32Array, b: Int32Array, order: Order): Int32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  // Ties cannot happen (`order` tells any two articles apart), so which list goes first does not matter.
  const merged = new Int32Array(a.length + b.length);
  let from = 0;
  let to = 0;
  for (let i = 0; i < short.length; i++) {
    const doc = short[i] as number;
    const place = firstAfter(long, doc, order, from);
    merged.set(long.subarray(from, place), to);
    to += place - from;
    merged[to++] = doc;
    from = place;
  }
  merged.set(long.subarray(from), to);
  return merged;
}

// Where `doc` is in `list`; throws when it is not there (the caller said it was).
function placeOf(list: Int32Array, doc: number, order: Order): number {
  const place = firstAfter(list, doc, order, 0, true);
  if (list[place] !== doc) throw new RangeError(`article ${doc} is not in the list`);
  return place;
}

// The first place from `from` on whose article comes after `doc` (or is it, given `orAt`): steps
// of 1, 2, 4… from `from`, then a binary search within the last, so that merging lists of any
// sizes costs about what it copies (galloping, as Timsort's merges do).
function firstAfter(list: Int32Array, doc: number, order: Order, from: number, orAt = false): number {
  const before = (at: number) => {
    const comparison = order(list[at] as number, doc);
    return comparison < 0 || (comparison === 0 && !orAt);
  };
  let low = from;
  let step = 1;
  while (low + step - 1 < list.length && before(low + step - 1)) {
    low += step;
    step *= 2;
  }
  let high = Math.min(list.length, low + step - 1);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function filteredByBitmap(list: Int32Array, gone: readonly number[], bound: number): Int32Array {
  const removed = bitmapOf(Int32Array.from(gone), bound);
  const kept = new Int32Array(list.length);
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const doc = list[i] as number;
    if (!inBitmap(removed, doc)) kept[count++] = doc;
  }
  return kept.subarray(0, count);
}
