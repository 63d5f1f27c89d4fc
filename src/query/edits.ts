import { termsWithinEdits } from '../index/term-lookup.js';

/**
 * How far apart two spellings are, and how many edits a word may be forgiven: the rules of
 * fuzzy words (`word~`), of typo tolerance, and of names that sound alike.
 */

/** The letters an (analysed) word needs for one edit of `word~`, and for two. */
export const FUZZY_MIN_LENGTHS = [3, 6] as const;
/** The letters a typed word needs for one typo to be forgiven, and for two. */
export const TYPO_MIN_LENGTHS = [5, 9] as const;

/** The typos forgiven in a word as typed: none under 5 letters, one from 5, two from 9 (Meilisearch's defaults). */
export function typoEditsFor(word: string): number {
  const letters = [...word].length;
  return letters < TYPO_MIN_LENGTHS[0] ? 0 : letters < TYPO_MIN_LENGTHS[1] ? 1 : 2;
}

/** The most edits a fuzzy word may have: none under 3 letters, one under 6, else two (Elasticsearch's AUTO). */
export function maxEditsFor(term: string): number {
  const letters = [...term].length;
  return letters < FUZZY_MIN_LENGTHS[0] ? 0 : letters < FUZZY_MIN_LENGTHS[1] ? 1 : 2;
}

/**
 * Only the corrections with the fewest typos (the first, as `near` comes closest first), as
 * Meilisearch ranks fewer typos first: against every correction within reach, npm run eval --
 * --typos kept 0.887-0.921 of clean nDCG@10 instead of 0.878-0.912 on the five collections,
 * and the fewer words cost less to score.
 */
export function fewestTypos<Near extends { distance: number }>(near: Near[]): Near[] {
  const fewest = near[0]?.distance;
  return near.filter(({ distance }) => distance === fewest);
}

/**
 * Bounded edit distance (optimal string alignment: insertions, deletions, substitutions and
 * swaps of two neighbours, so that `unoin` is one edit from `union`): the distance when it is
 * at most `max`, else `max + 1`. The vocabulary's walk (term-lookup.ts) over one term: one
 * implementation of the table, which stops as soon as a row exceeds `max`.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  return termsWithinEdits([b], a, max)[0]?.distance ?? max + 1;
}
