import type { ForwardIndex } from '../index/forward-index.js';
import type { TextMatch } from '../index/text-index.js';
import { SearchDeadline } from '../query/deadline.js';

/**
 * Versions of one story. A wire archive holds a story many times over (the first take, its
 * updates, a correction, a re-send), and a page that shows all of them shows one story. Two
 * articles are versions of one when the Jaccard similarity of their sets of word 3-grams
 * (title and body, as the index's terms) is at least VERSION_SIMILARITY: the measure and
 * threshold of eval/near-duplicates.ts, which measured what collapsing does on Reuters.
 *
 * Found among a search's best matches when it asks (`collapse: 'versions'`), from the term
 * sequences the forward index already holds: nothing is added to the index, and a search that
 * does not ask pays nothing.
 */
export const VERSION_SIMILARITY = 0.5;

/**
 * How many of the best matches a collapsed page looks through: at first `perHit` per hit up to
 * its end (at least `least`), four times as many while the stories found do not fill the page,
 * up to `most`. Collapsed pages reach `maxStories` stories deep: every story past the page is
 * compared with each one kept, so the depth bounds the work.
 */
export const VERSION_WINDOW = { perHit: 3, least: 100, most: 10_000, maxStories: 1_000 } as const;

/** The matches a page of `offset + limit` hits looks through for versions first. */
export function versionWindow(pageEnd: number): number {
  return Math.max(VERSION_WINDOW.least, VERSION_WINDOW.perHit * pageEnd);
}

/** A ranking with each version of a story folded into the best-ranked one. */
export interface CollapsedMatches {
  /** The best-ranked version of each story, in order. */
  kept: TextMatch[];
  /** A kept article's number -> the numbers of the other versions folded into it, best first. */
  versions: Map<number, number[]>;
}

/**
 * Folds each match that is a version of a match kept above it into that match. Once `shown`
 * stories are kept (the end of the page), the rest are only compared with those: a later
 * story cannot reach the page, so only its being a version of one on it matters.
 */
export function collapseVersions(
  matches: readonly TextMatch[],
  forward: ForwardIndex,
  shown = matches.length,
  deadline = SearchDeadline.NONE,
): CollapsedMatches {
  const kept: TextMatch[] = [];
  const keptShingles: Int32Array[] = [];
  const versions = new Map<number, number[]>();
  for (const match of matches) {
    deadline.check();
    // Past the page, a text too short to share half of any kept story's 3-grams is not read.
    const pageFull = kept.length === shown;
    if (pageFull && !keptShingles.some((other) => mostShingles(forward, match.doc) >= VERSION_SIMILARITY * other.length)) continue;
    const own = shinglesOf(forward, match.doc);
    const original = keptShingles.findIndex((other) => similar(own, other));
    if (original === -1) {
      if (pageFull) continue;
      kept.push(match);
      keptShingles.push(own);
      continue;
    }
    const doc = (kept[original] as TextMatch).doc;
    const folded = versions.get(doc) ?? [];
    folded.push(match.doc);
    versions.set(doc, folded);
  }
  return { kept, versions };
}

// Versions of one story; sets whose sizes differ more than the threshold allows are not compared.
function similar(a: Int32Array, b: Int32Array): boolean {
  return Math.min(a.length, b.length) >= VERSION_SIMILARITY * Math.max(a.length, b.length) && jaccard(a, b) >= VERSION_SIMILARITY;
}

// The most 3-grams an article can have: one per three consecutive terms (or one for a shorter text).
function mostShingles(forward: ForwardIndex, doc: number): number {
  const terms = forward.titleLength(doc) + forward.bodyLength(doc);
  return terms < 3 ? Math.min(terms, 1) : terms - 2;
}

const NO_SHINGLES = new Int32Array(0);

/**
 * An article's word 3-grams as sorted, distinct 32-bit hashes of their term ids (a text of
 * fewer than three terms: one hash of them all). Empty for an article the forward index does
 * not hold, which is then a version of nothing.
 */
export function shinglesOf(forward: ForwardIndex, doc: number): Int32Array {
  if (!forward.holds(doc)) return NO_SHINGLES;
  const title = forward.title(doc);
  const body = forward.body(doc);
  const terms = new Int32Array(title.length + body.length);
  terms.set(title);
  terms.set(body, title.length);
  if (terms.length === 0) return NO_SHINGLES;
  if (terms.length < 3) return Int32Array.of(hash3(terms[0] as number, terms[1] ?? -1, -1));
  const hashes = new Int32Array(terms.length - 2);
  for (let at = 0; at < hashes.length; at++) hashes[at] = hash3(terms[at] as number, terms[at + 1] as number, terms[at + 2] as number);
  hashes.sort();
  let distinct = 0;
  for (let at = 0; at < hashes.length; at++) if (at === 0 || hashes[at] !== hashes[at - 1]) hashes[distinct++] = hashes[at] as number;
  return hashes.subarray(0, distinct);
}

// Three term ids as one 32-bit number: odd multipliers mixed so that order matters ("a b c" ≠ "c b a").
function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}

/** |a ∩ b| / |a ∪ b| of two sorted sets of distinct numbers; 0 when both are empty. */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}
