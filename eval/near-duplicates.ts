/**
 * How many of a ranking's hits are near-duplicates of a hit above them (a wire story re-sent,
 * updated or corrected), and what collapsing them would do to nDCG@10: a measurement for
 * issue 22's near-duplicate collapse, which Gazette does not do yet. Two documents are
 * near-duplicates when the Jaccard similarity of their sets of word 3-grams (title and body,
 * lower case) is at least NEAR_DUPLICATE_JACCARD; exact sets, not MinHash estimates, since
 * only the first 100 hits of each query are compared.
 */

import type { EvalDocument } from './collections.js';
import { isJudged, type Judgements, ndcgAt } from './metrics.js';

/** Jaccard similarity of 3-gram sets at or above which two stories count as versions of one. */
export const NEAR_DUPLICATE_JACCARD = 0.5;

/** The set of word 3-grams of a text, lower case (a text of fewer words: its words joined). */
export function shingles(text: string, size = 3): Set<string> {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) as string[];
  if (words.length < size) return new Set(words.length === 0 ? [] : [words.join(' ')]);
  const set = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) set.add(words.slice(i, i + size).join(' '));
  return set;
}

/** |a ∩ b| / |a ∪ b|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A ranking with each near-duplicate of a higher hit folded into that hit. */
export interface CollapsedRanking {
  /** The hits kept, in order. */
  ids: string[];
  /** Kept hit -> how many lower hits were folded into it ("n more versions"). */
  versions: Map<string, number>;
}

/** Folds every hit that is a near-duplicate of a kept hit above it into that hit. */
export function collapseNearDuplicates(
  ranking: readonly string[],
  shinglesOf: (id: string) => ReadonlySet<string>,
  threshold = NEAR_DUPLICATE_JACCARD,
): CollapsedRanking {
  const ids: string[] = [];
  const versions = new Map<string, number>();
  for (const id of ranking) {
    const own = shinglesOf(id);
    const original = ids.find((kept) => jaccard(own, shinglesOf(kept)) >= threshold);
    if (original === undefined) ids.push(id);
    else versions.set(original, (versions.get(original) ?? 0) + 1);
  }
  return { ids, versions };
}

/** What near-duplicates do to one engine's rankings of a collection. */
export interface NearDuplicateReport {
  queries: number;
  /** Mean number of the first ten hits that are near-duplicates of a hit above them. */
  duplicatesInFirstTen: number;
  /** Queries whose first ten hits hold at least one near-duplicate. */
  queriesWithDuplicates: number;
  ndcg10: number;
  /** nDCG@10 of the rankings collapsed (first 100 hits collapsed, then the first ten). */
  collapsedNdcg10: number;
}

/** Measures near-duplicates in the rankings (query id -> ids, best first) of judged queries. */
export function nearDuplicateReport(
  rankings: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgements>,
  documents: readonly EvalDocument[],
): NearDuplicateReport {
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const cache = new Map<string, Set<string>>();
  const shinglesOf = (id: string) => {
    let set = cache.get(id);
    if (set === undefined) {
      const doc = byId.get(id);
      set = shingles(`${doc?.title ?? ''} ${doc?.body ?? ''}`);
      cache.set(id, set);
    }
    return set;
  };
  const report: NearDuplicateReport = { queries: 0, duplicatesInFirstTen: 0, queriesWithDuplicates: 0, ndcg10: 0, collapsedNdcg10: 0 };
  for (const [qid, judgements] of qrels) {
    if (!isJudged(judgements)) continue;
    const ranking = rankings.get(qid) ?? [];
    const firstTen = collapseNearDuplicates(ranking.slice(0, 10), shinglesOf);
    const duplicates = 10 - firstTen.ids.length - Math.max(0, 10 - ranking.length);
    report.queries++;
    report.duplicatesInFirstTen += duplicates;
    if (duplicates > 0) report.queriesWithDuplicates++;
    report.ndcg10 += ndcgAt(10, ranking, judgements);
    report.collapsedNdcg10 += ndcgAt(10, collapseNearDuplicates(ranking, shinglesOf).ids, judgements);
  }
  const n = Math.max(1, report.queries);
  return {
    ...report,
    duplicatesInFirstTen: report.duplicatesInFirstTen / n,
    ndcg10: report.ndcg10 / n,
    collapsedNdcg10: report.collapsedNdcg10 / n,
  };
}
