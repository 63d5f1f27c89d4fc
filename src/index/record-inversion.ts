import { countedOnce, packCounts } from './inverted-text.js';

/**
 * The two passes that invert forward index records (count, then place), one record at a time:
 * shared by the inversion in memory (ForwardIndex.invert) and the one from a build's file
 * (spilled-inversion.ts), whose postings must come out the same.
 */

/** Adds 1 to `starts[id + 1]` for each term of the record's words `[from, to)`, once per article (`lastDoc[id]` marks it). */
export function countRecordTerms(words: Int32Array, from: number, to: number, doc: number, lastDoc: Int32Array, starts: Int32Array): void {
  for (let at = from; at < to; at++) {
    const id = words[at] as number;
    if (lastDoc[id] === doc) continue;
    lastDoc[id] = doc;
    starts[id + 1] = (starts[id + 1] as number) + 1;
  }
}

/** Where the postings of the terms `[first, first + next.length)` go while they are placed; arrays by term less `first`. */
export interface Placement {
  first: number;
  /** Where each term's next posting goes in `docs` and `counts`. */
  next: Int32Array;
  /** The last article each term was placed for, and where its posting went, to add its repeats. */
  lastDoc: Int32Array;
  slot: Int32Array;
  docs: Int32Array;
  counts: Uint16Array;
}

/**
 * Places the postings of the record's words `[from, to)` (its title's up to `titleEnd`) whose
 * terms the placement holds: one a term, with its counts in the title and body (packCounts).
 */
export function placeRecordTerms(words: Int32Array, from: number, titleEnd: number, to: number, doc: number, placement: Placement): void {
  const { first, next, lastDoc, slot, docs, counts } = placement;
  const span = next.length;
  for (let at = from; at < to; at++) {
    const term = (words[at] as number) - first;
    // One comparison for both ends: a term below `first` is a large number unsigned.
    if (term >>> 0 >= span) continue;
    const inTitle = at < titleEnd;
    if (lastDoc[term] === doc) {
      const posting = slot[term] as number;
      counts[posting] = countedOnce(counts[posting] as number, inTitle);
      continue;
    }
    lastDoc[term] = doc;
    const posting = next[term] as number;
    next[term] = posting + 1;
    slot[term] = posting;
    docs[posting] = doc;
    counts[posting] = inTitle ? packCounts(1, 0) : packCounts(0, 1);
  }
}
