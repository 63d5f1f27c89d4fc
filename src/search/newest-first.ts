/**
 * Articles given in increasing number, ordered newest first, undated last, equal dates in
 * number order (their order as given: the sort is stable). A radix sort, because sorting a
 * million articles with a comparator took 0.9 s: the wait for the first empty query (the
 * search page's first view) of a large archive.
 */
export function sortedNewestFirst(docs: ArrayLike<number>, timestamps: Float64Array): Int32Array {
  const order = new Int32Array(docs.length);
  let datedCount = 0;
  for (let at = 0; at < docs.length; at++) {
    const doc = docs[at] as number;
    if (!Number.isNaN(timestamps[doc])) order[datedCount++] = doc;
  }
  let undatedAt = datedCount;
  for (let at = 0; at < docs.length; at++) {
    const doc = docs[at] as number;
    if (Number.isNaN(timestamps[doc])) order[undatedAt++] = doc;
  }
  const dated = order.subarray(0, datedCount);
  const keys = agesInSteps(dated, timestamps) ?? datesDescending(dated, timestamps);
  dated.set(byIncreasingKey(dated, keys.words, keys.bits));
  return order;
}

/**
 * Each date's distance from the newest, counted in the largest step that all of them are
 * whole multiples of (a day, a second, a millisecond), as two 32-bit words, low first;
 * undefined when some date is not a whole number of steps from the newest (fractions of a
 * millisecond). Ages in steps have fewer bits to sort than dates: one pass for dates given
 * by the day over decades, two for seconds, three for milliseconds, where a date's 64 bits
 * took three or four and moved both their halves in each (bench/orders.ts times it).
 */
function agesInSteps(docs: Int32Array, timestamps: Float64Array): SortKeys | undefined {
  let newest = Number.NEGATIVE_INFINITY;
  for (let at = 0; at < docs.length; at++) newest = Math.max(newest, timestamps[docs[at] as number] as number);
  let step = 0;
  for (let at = 0; at < docs.length; at++) {
    const date = timestamps[docs[at] as number] as number;
    const age = newest - date;
    // Whole and exact (a fraction of a millisecond is lost in the subtraction of large dates).
    if (!Number.isSafeInteger(age) || newest - age !== date) return undefined;
    // A division and a product, where % on doubles calls out of the compiled code.
    const steps = age / step;
    if (!(Number.isInteger(steps) && steps * step === age)) step = greatestCommonDivisor(step, age);
  }
  const low = new Uint32Array(docs.length);
  const high = new Uint32Array(docs.length);
  if (step === 0) return { words: [low, high], bits: [0, 0] };
  let oldest = 0;
  for (let at = 0; at < docs.length; at++) {
    const age = (newest - (timestamps[docs[at] as number] as number)) / step;
    const lowBits = age >>> 0;
    low[at] = lowBits;
    high[at] = (age - lowBits) / 2 ** 32;
    oldest = Math.max(oldest, age);
  }
  const bits = oldest < 2 ** 32 ? 32 - Math.clz32(oldest) : 64 - Math.clz32(Math.floor(oldest / 2 ** 32));
  return { words: [low, high], bits: [Math.min(bits, 32), Math.max(bits - 32, 0)] };
}

// Keys that order the articles as wanted, as 32-bit words (least significant first), and how
// many of each word's low bits may differ from one key to another.
interface SortKeys {
  words: Uint32Array[];
  bits: number[];
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

// Each date as an unsigned 64-bit number, two 32-bit words (low first), that orders as the
// dates do, descending: IEEE 754 doubles order as their bits once a negative's bits are all
// flipped and a positive's sign bit is; then every bit is flipped, for descending.
function datesDescending(docs: Int32Array, timestamps: Float64Array): SortKeys {
  const date = new Float64Array(1);
  const [lowWord, highWord] = [new Uint32Array(date.buffer, 0, 1), new Uint32Array(date.buffer, 4, 1)];
  const low = new Uint32Array(docs.length);
  const high = new Uint32Array(docs.length);
  for (let at = 0; at < docs.length; at++) {
    // + 0: -0 equals 0 as a date, but its bits would sort it apart.
    date[0] = (timestamps[docs[at] as number] as number) + 0;
    const negative = ((highWord[0] as number) & 0x80000000) !== 0;
    low[at] = negative ? (lowWord[0] as number) : ~(lowWord[0] as number);
    high[at] = negative ? (highWord[0] as number) : ~((highWord[0] as number) | 0x80000000);
  }
  return { words: [low, high], bits: [32, 32] };
}

// Stable passes over keys given as 32-bit words, least significant first, each word's bits
// (how many of them vary) in as few passes of at most 16 bits as cover them: 10 M keys of 14
// bits took 0.25 s in one pass, 0.36 s in two of 7. A pass where every key has the same digit
// would move nothing and is skipped; a word is moved along only while later passes read it.
function byIncreasingKey(docs: Int32Array, keyWords: Uint32Array[], wordBits: readonly number[]): Int32Array {
  const count = docs.length;
  const words = keyWords.slice();
  const spareWords: Uint32Array[] = keyWords.map(() => new Uint32Array(count));
  let order = docs.slice();
  let spare = new Int32Array(count);
  const destination = new Int32Array(count);
  const starts = new Int32Array((1 << 16) + 1);
  for (let word = 0; word < words.length; word++) {
    const bits = wordBits[word] as number;
    const width = Math.ceil(bits / Math.ceil(bits / 16));
    const mask = 2 ** width - 1;
    for (let shift = 0; shift < bits; shift += width) {
      const keys = words[word] as Uint32Array;
      starts.fill(0, 0, mask + 2);
      for (let at = 0; at < count; at++) {
        const digit = ((keys[at] as number) >>> shift) & mask;
        starts[digit + 1] = (starts[digit + 1] as number) + 1;
      }
      if (count === 0 || starts[(((keys[0] as number) >>> shift) & mask) + 1] === count) continue;
      for (let digit = 0; digit < mask; digit++) starts[digit + 1] = (starts[digit + 1] as number) + (starts[digit] as number);
      for (let at = 0; at < count; at++) {
        const digit = ((keys[at] as number) >>> shift) & mask;
        const to = starts[digit] as number;
        starts[digit] = to + 1;
        destination[at] = to;
        spare[to] = order[at] as number;
      }
      [order, spare] = [spare, order];
      for (let later = shift + width < bits ? word : word + 1; later < words.length; later++) {
        const [from, into] = [words[later] as Uint32Array, spareWords[later] as Uint32Array];
        for (let at = 0; at < count; at++) into[destination[at] as number] = from[at] as number;
        [words[later], spareWords[later]] = [into, from];
      }
    }
  }
  return order;
}
