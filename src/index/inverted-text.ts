import { termScore } from './bm25.js';
import { int32FromBytes, int32ToBytes } from './int32-bytes.js';

/**
 * The text inverted: for every term id, the articles holding it in their title or body,
 * in increasing order, and how often it occurs in each one's title and in its body (packed
 * Counts). Term `id`'s postings are `[starts[id], starts[id + 1])`.
 */
export interface InvertedText {
  starts: Int32Array;
  docs: Int32Array;
  frequencies: Frequencies;
  /** Articles numbered below this are inverted; later ones were added since. */
  coveredDocs: number;
}

/**
 * A term's counts in one article, two bytes each: its count in the title in the top 4 bits,
 * in the body in the low 12 (packCounts). Apart, because BM25F normalises the body's length
 * and not the title's (docs/relevance.md); two bytes, because a quarter of an index's memory
 * was the high bytes of 32-bit counts below a hundred. A count past its bits' largest is held
 * as the largest: BM25's saturation makes the difference invisible there.
 */
export type Frequencies = Uint16Array;

const TITLE_SHIFT = 12;
const MOST_IN_BODY = (1 << TITLE_SHIFT) - 1;
const MOST_IN_TITLE = 0xf;

/** A term's counts in an article's title and body as one Frequencies value. */
export function packCounts(inTitle: number, inBody: number): number {
  return (Math.min(inTitle, MOST_IN_TITLE) << TITLE_SHIFT) | Math.min(inBody, MOST_IN_BODY);
}

/** Packed counts with one more occurrence in the title (`inTitle`) or the body, each held at its largest. */
export function countedOnce(counts: number, inTitle: boolean): number {
  if (inTitle) return counts >>> TITLE_SHIFT < MOST_IN_TITLE ? counts + (1 << TITLE_SHIFT) : counts;
  return (counts & MOST_IN_BODY) < MOST_IN_BODY ? counts + 1 : counts;
}

/**
 * BM25F's frequency of a term in an article from its packed counts: the title's count times
 * its weight, not length-normalised (a headline is short by nature), plus the body's count
 * divided by the body's length norm (`bodyScale` = 1 / (1 − b + b · length / average)).
 */
export function fieldFrequency(counts: number, titleWeight: number, bodyScale: number): number {
  return titleWeight * (counts >>> TITLE_SHIFT) + (counts & MOST_IN_BODY) * bodyScale;
}

/**
 * A text posting's BM25F score: its packed counts weighed by `fieldFrequency`, saturated with
 * k1 (the length norm is inside the frequency). Every scorer of text postings (lists, cursors,
 * totals added in place) goes through it, so that they give the same bits.
 */
export function textPostingScore(
  weight: number,
  counts: number,
  titleWeight: number,
  bodyScale: number,
  k1: number,
  delta: number,
): number {
  return termScore(weight, fieldFrequency(counts, titleWeight, bodyScale), k1, k1, delta);
}

const MAGIC = 0x50465a47; // "GZFP", little-endian
// 3: counts of title and body apart (packCounts), Uint16 after the Int32 docs.
const LAYOUT_VERSION = 3;
const HEADER_WORDS = 5;

/**
 * The postings as little-endian bytes: a header of Int32 (magic, layout, term count, posting
 * count, articles covered), then `starts` and `docs` as Int32 and the packed counts as Uint16
 * (padded to 4 bytes). Saved so that opening an index reads them: inverting the forward
 * index again took 0.45 s of the 1.1 s open of 100,000 articles.
 */
export function invertedToBytes(inverted: InvertedText): Buffer[] {
  const postings = inverted.docs.length;
  // The docs and frequencies as they are, not copied into one array: at a million articles
  // they are 440 MB, and a copy was most of what a build's memory peaked at.
  const frequencies = inverted.frequencies.subarray(0, postings);
  const parts = [
    postingsHead(inverted.starts, inverted.coveredDocs),
    int32ToBytes(inverted.docs.subarray(0, postings)),
    Buffer.from(frequencies.buffer, frequencies.byteOffset, frequencies.byteLength),
  ];
  if (postings % 2 === 1) parts.push(Buffer.alloc(2));
  return parts;
}

/**
 * The postings file's header and term starts (invertedToBytes); the article numbers follow it,
 * then the counts, then two bytes of padding when the postings are odd in number.
 */
export function postingsHead(starts: Int32Array, coveredDocs: number): Buffer {
  const terms = starts.length - 1;
  const head = new Int32Array(HEADER_WORDS + terms + 1);
  head.set([MAGIC, LAYOUT_VERSION, terms, starts[terms] as number, coveredDocs]);
  head.set(starts, HEADER_WORDS);
  return int32ToBytes(head);
}

/**
 * Reads what `invertedToBytes` wrote, for a forward index of `terms` terms and `docs`
 * article numbers. Throws a RangeError that says what is wrong when the bytes do not fit.
 * Undefined for postings of layouts 1 and 2 (index formats 7 to 9), whose one weighted
 * frequency cannot be split into title and body: the text is inverted again from the forward
 * index when first searched, and saved so with the next write.
 */
export function invertedFromBytes(bytes: Buffer | Int32Array, expected: { terms: number; docs: number }): InvertedText | undefined {
  const words = int32FromBytes(bytes);
  const [magic, version, terms, postings, coveredDocs] = words;
  if (magic === MAGIC && (version === 1 || version === 2)) return undefined;
  if (magic !== MAGIC || version !== LAYOUT_VERSION) throw new RangeError('the postings are not in a layout this Gazette reads');
  if (terms !== expected.terms || coveredDocs !== expected.docs || postings === undefined || postings < 0) {
    throw new RangeError(
      `the postings are for ${terms} terms and ${coveredDocs} articles, the forward index has ${expected.terms} and ${expected.docs}`,
    );
  }
  if (words.length !== HEADER_WORDS + terms + 1 + postings + Math.ceil(postings / 2)) {
    throw new RangeError('the postings file is not as long as its header says');
  }
  const starts = words.subarray(HEADER_WORDS, HEADER_WORDS + terms + 1);
  const docs = words.subarray(HEADER_WORDS + terms + 1, HEADER_WORDS + terms + 1 + postings);
  const frequencies = new Uint16Array(words.buffer, words.byteOffset + (HEADER_WORDS + terms + 1 + postings) * 4, postings);
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
