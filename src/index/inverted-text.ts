import { int32FromBytes, int32ToBytes } from './int32-bytes.js';

/**
 * The text inverted: for every term id, the articles holding it in their title or body,
 * in increasing order, and its weighted frequency in each (a title word counts
 * `titleWeight` times). Term `id`'s postings are `[starts[id], starts[id + 1])`.
 */
export interface InvertedText {
  starts: Int32Array;
  docs: Int32Array;
  frequencies: Frequencies;
  /** Articles numbered below this are inverted; later ones were added since. */
  coveredDocs: number;
}

/**
 * Weighted frequencies, two bytes each: a quarter of an index's memory was the high bytes of
 * 32-bit counts that are below a hundred. A count above MAX_FREQUENCY is held as it; BM25's
 * saturation makes the difference invisible (tf / (tf + norm) is within 1e-4 of 1 there).
 */
export type Frequencies = Uint16Array;
/** The largest frequency Frequencies hold. */
export const MAX_FREQUENCY = 0xffff;

const MAGIC = 0x50465a47; // "GZFP", little-endian
// 2: frequencies as Uint16 after the Int32 docs.
const LAYOUT_VERSION = 2;
// Layout 1 (index formats 7 and 8): frequencies as Int32, narrowed when read.
const LAYOUT_WIDE = 1;
const HEADER_WORDS = 5;

/**
 * The postings as little-endian bytes: a header of Int32 (magic, layout, term count, posting
 * count, articles covered), then `starts` and `docs` as Int32 and `frequencies` as Uint16
 * (padded to 4 bytes). Saved so that opening an index reads them: inverting the forward
 * index again took 0.45 s of the 1.1 s open of 100,000 articles.
 */
export function invertedToBytes(inverted: InvertedText): Buffer[] {
  const terms = inverted.starts.length - 1;
  const postings = inverted.docs.length;
  const head = new Int32Array(HEADER_WORDS + terms + 1);
  head.set([MAGIC, LAYOUT_VERSION, terms, postings, inverted.coveredDocs]);
  head.set(inverted.starts, HEADER_WORDS);
  // The docs and frequencies as they are, not copied into one array: at a million articles
  // they are 440 MB, and a copy was most of what a build's memory peaked at.
  const frequencies = inverted.frequencies.subarray(0, postings);
  const parts = [
    int32ToBytes(head),
    int32ToBytes(inverted.docs.subarray(0, postings)),
    Buffer.from(frequencies.buffer, frequencies.byteOffset, frequencies.byteLength),
  ];
  if (postings % 2 === 1) parts.push(Buffer.alloc(2));
  return parts;
}

/**
 * Reads what `invertedToBytes` wrote, for a forward index of `terms` terms and `docs`
 * article numbers. Throws a RangeError that says what is wrong when the bytes do not fit.
 */
export function invertedFromBytes(bytes: Buffer | Int32Array, expected: { terms: number; docs: number }): InvertedText {
  const words = int32FromBytes(bytes);
  const [magic, version, terms, postings, coveredDocs] = words;
  if (magic !== MAGIC || (version !== LAYOUT_VERSION && version !== LAYOUT_WIDE)) {
    throw new RangeError('the postings are not in a layout this Gazette reads');
  }
  if (terms !== expected.terms || coveredDocs !== expected.docs || postings === undefined || postings < 0) {
    throw new RangeError(
      `the postings are for ${terms} terms and ${coveredDocs} articles, the forward index has ${expected.terms} and ${expected.docs}`,
    );
  }
  const frequencyWords = version === LAYOUT_WIDE ? postings : Math.ceil(postings / 2);
  if (words.length !== HEADER_WORDS + terms + 1 + postings + frequencyWords) {
    throw new RangeError('the postings file is not as long as its header says');
  }
  const starts = words.subarray(HEADER_WORDS, HEADER_WORDS + terms + 1);
  const docs = words.subarray(HEADER_WORDS + terms + 1, HEADER_WORDS + terms + 1 + postings);
  const frequencyStart = words.byteOffset + (HEADER_WORDS + terms + 1 + postings) * 4;
  const frequencies =
    version === LAYOUT_WIDE
      ? narrowed(words.subarray(HEADER_WORDS + terms + 1 + postings))
      : new Uint16Array(words.buffer, frequencyStart, postings);
  checkStarts(starts, docs);
  return { starts, docs, frequencies, coveredDocs };
}

// Every term's postings must lie after the previous term's: checked for all terms on reading.
function checkStarts(starts: Int32Array, docs: Int32Array): void {
  if (starts[0] !== 0 || starts[starts.length - 1] !== docs.length) throw new RangeError('the postings do not add up to their count');
  for (let id = 0; id + 1 < starts.length; id++) {
    if ((starts[id + 1] as number) < (starts[id] as number)) throw new RangeError(`the postings of term ${id} end before they start`);
  }
}

/**
 * Throws a RangeError unless term `id`'s postings name articles in increasing order below the
 * count covered (scoring indexes arrays with them). Checked when a term is first searched
 * rather than for every term on opening: at a million articles that was 0.15 s of a 1 s open.
 */
export function checkTermPostings(inverted: InvertedText, id: number): void {
  const from = inverted.starts[id] as number;
  const to = inverted.starts[id + 1] as number;
  let previous = -1;
  for (let at = from; at < to; at++) {
    const doc = inverted.docs[at] as number;
    if (doc <= previous || doc >= inverted.coveredDocs) {
      throw new RangeError(`the postings of term ${id} name article ${doc} out of order or out of range`);
    }
    previous = doc;
  }
}

/** Counts as Frequencies, each above MAX_FREQUENCY held as it. */
export function narrowed(counts: ArrayLike<number>): Frequencies {
  const frequencies = new Uint16Array(counts.length);
  for (let at = 0; at < counts.length; at++) frequencies[at] = Math.min(counts[at] as number, MAX_FREQUENCY);
  return frequencies;
}
