import type { SpilledRecords } from './forward-index.js';
import { HeldFile } from './held-file.js';
import { postingsHead } from './inverted-text.js';
import { countRecordTerms, placeRecordTerms } from './record-inversion.js';

/** How much a spilled inversion holds in memory at once (the defaults: about 210 MB). */
export interface InversionBudget {
  /** Postings made per pass over the records (6 bytes each). */
  postingsPerPass: number;
  /** Words of records read from the file at a time (4 bytes each). */
  wordsPerRead: number;
}

/** The budget of a build: 32 M postings a pass (192 MB), records read 4 M words (16 MB) at a time. */
export const DEFAULT_INVERSION_BUDGET: InversionBudget = { postingsPerPass: 1 << 25, wordsPerRead: 1 << 22 };

/**
 * Inverts a build's spilled records (ForwardIndex.spilling) into a temporary file holding the
 * postings file's exact bytes (inverted-text.ts, invertedToBytes), without holding the postings
 * in memory: one pass over the records counts each term's articles, which places every term's
 * postings in the file; then each pass makes the postings of the terms that fit the budget, in
 * term order, and writes them where they go. Records are read from the file, a part at a time.
 */
export function invertSpilled(records: SpilledRecords, budget: InversionBudget = DEFAULT_INVERSION_BUDGET): HeldFile {
  const { vocabularySize } = records;
  const starts = termStarts(records, budget);
  const total = starts[vocabularySize] as number;
  const file = HeldFile.temporary('postings');
  const head = postingsHead(starts, records.recordStarts.length - 1);
  file.write(head, 0);
  const docsAt = head.length;
  const countsAt = docsAt + 4 * total;
  const docs = new Int32Array(Math.min(total, budget.postingsPerPass));
  const counts = new Uint16Array(docs.length);
  for (let first = 0; first < vocabularySize; ) {
    let end = first + 1;
    while (end < vocabularySize && (starts[end + 1] as number) - (starts[first] as number) <= budget.postingsPerPass) end += 1;
    const from = starts[first] as number;
    const length = (starts[end] as number) - from;
    // A term with more postings than a pass holds has a pass of its own, in arrays of its size.
    const pass = length <= docs.length ? { docs, counts } : { docs: new Int32Array(length), counts: new Uint16Array(length) };
    placePostings(records, budget, starts, first, end, pass);
    file.write(new Uint8Array(pass.docs.buffer, 0, 4 * length), docsAt + 4 * from);
    file.write(new Uint8Array(pass.counts.buffer, 0, 2 * length), countsAt + 2 * from);
    first = end;
  }
  if (total % 2 === 1) file.write(new Uint8Array(2), countsAt + 2 * total);
  return file;
}

// Where each term's postings start (one more entry than terms): how many articles hold each term, summed.
function termStarts(records: SpilledRecords, budget: InversionBudget): Int32Array {
  const { vocabularySize } = records;
  const starts = new Int32Array(vocabularySize + 1);
  // The last article each term was counted for: an article counts once per term.
  const lastDoc = new Int32Array(vocabularySize).fill(-1);
  forEachRecord(records, budget, (doc, words, from, to) => countRecordTerms(words, from, to, doc, lastDoc, starts));
  for (let id = 0; id < vocabularySize; id++) starts[id + 1] = (starts[id + 1] as number) + (starts[id] as number);
  return starts;
}

// The postings of terms [first, end) into `pass`, from its start, as ForwardIndex.invert places them.
function placePostings(
  records: SpilledRecords,
  budget: InversionBudget,
  starts: Int32Array,
  first: number,
  end: number,
  pass: { docs: Int32Array; counts: Uint16Array },
): void {
  const base = starts[first] as number;
  const next = new Int32Array(end - first);
  for (let id = first; id < end; id++) next[id - first] = (starts[id] as number) - base;
  const placement = { first, next, lastDoc: new Int32Array(end - first).fill(-1), slot: new Int32Array(end - first), ...pass };
  forEachRecord(records, budget, (doc, words, from, to, titleEnd) => placeRecordTerms(words, from, titleEnd, to, doc, placement));
}

// Calls `visit` with every record in article order: its title's ids are words[from, titleEnd), its body's [titleEnd, to).
function forEachRecord(
  records: SpilledRecords,
  budget: InversionBudget,
  visit: (doc: number, words: Int32Array, from: number, to: number, titleEnd: number) => void,
): void {
  const { file, recordStarts } = records;
  const count = recordStarts.length - 1;
  let words = new Int32Array(budget.wordsPerRead);
  for (let first = 0; first < count; ) {
    // As many whole records as a read holds, at least one.
    let end = first + 1;
    const start = recordStarts[first] as number;
    while (end < count && (recordStarts[end + 1] as number) - start <= words.length) end += 1;
    const length = (recordStarts[end] as number) - start;
    if (length > words.length) words = new Int32Array(length);
    const bytes = new Uint8Array(words.buffer, 0, 4 * length);
    if (file.read(bytes, 4 * start, bytes.length) !== bytes.length) throw new Error(`${file.path} ended before record ${first}`);
    for (let doc = first; doc < end; doc++) {
      const record = (recordStarts[doc] as number) - start;
      if (record === (recordStarts[doc + 1] as number) - start) continue;
      const from = record + 2;
      const titleEnd = from + (words[record] as number);
      visit(doc, words, from, titleEnd + (words[record + 1] as number), titleEnd);
    }
    first = end;
  }
}
