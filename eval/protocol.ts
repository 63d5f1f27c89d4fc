/**
 * The evaluation's protocol (issue 22): how two rankings are compared on a collection, and
 * when a ranking change may be adopted.
 *
 * - Two rankings are compared query by query: the mean of the per-query differences in
 *   nDCG@10 and its standard error (sample standard deviation / √n). The difference is
 *   "beyond the noise" when it is more than two standard errors from 0.
 * - A ranking change is adopted only if it gains (mean difference > 0) on most of the
 *   development collections and loses beyond the noise on none.
 * - The held-out collection takes part in no choice: it is run last and reported apart.
 */

import type { EngineResult } from './harness.js';

/** The development collections: every choice of a ranking default is judged on these. */
export const DEVELOPMENT_COLLECTIONS = ['cranfield', 'cacm', 'lisa', 'npl', 'adi', 'reuters', 'bbc'] as const;

/**
 * The collection kept out of every choice, reported only at the end: AG's News titles, a news
 * evaluation built after every ranking default was chosen. Each held-out collection becomes a
 * development one once its losing queries have been read: Reuters on 2026-12-03, BBC
 * headlines on 2026-12-04 (docs/relevance.md, "The protocol").
 */
export const HELD_OUT_COLLECTION = 'ag-news';

/** How many standard errors a mean difference must exceed to count as more than noise. */
export const NOISE_STANDARD_ERRORS = 2;

/** Per-query differences between two rankings of the same judged queries. */
export interface PairedDifference {
  /** Queries judged in both. */
  queries: number;
  /** Mean of (a − b) over the queries. */
  mean: number;
  /** Standard error of that mean. */
  standardError: number;
  /** Queries where a scored higher, and lower. */
  wins: number;
  losses: number;
}

/** Paired differences a − b of per-query scores (query id -> score), over the queries both hold. */
export function pairedDifference(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): PairedDifference {
  const differences = Object.keys(a)
    .filter((qid) => qid in b)
    .map((qid) => (a[qid] ?? 0) - (b[qid] ?? 0));
  const n = differences.length;
  const mean = n === 0 ? 0 : differences.reduce((sum, d) => sum + d, 0) / n;
  const variance = n < 2 ? 0 : differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1);
  return {
    queries: n,
    mean,
    standardError: Math.sqrt(variance / Math.max(n, 1)),
    wins: differences.filter((d) => d > 0).length,
    losses: differences.filter((d) => d < 0).length,
  };
}

/** Whether a paired difference is a loss larger than the noise. */
export function isLossBeyondNoise(difference: PairedDifference): boolean {
  return difference.mean < -NOISE_STANDARD_ERRORS * difference.standardError;
}

/** The protocol's verdict on a ranking change, given its paired differences against the defaults per development collection. */
export function adoptionVerdict(differences: readonly PairedDifference[]): { adopt: boolean; reason: string } {
  const gains = differences.filter((d) => d.mean > 0).length;
  const losses = differences.filter(isLossBeyondNoise).length;
  if (losses > 0) return { adopt: false, reason: `loses beyond the noise on ${losses}` };
  if (gains * 2 <= differences.length) return { adopt: false, reason: `gains on ${gains} of ${differences.length} only` };
  return { adopt: true, reason: `gains on ${gains} of ${differences.length}, no loss beyond the noise` };
}

/** The best configuration of each peer family (by nDCG@10), best first. */
export function bestOfEachPeer(results: readonly EngineResult[], familyOf: (engine: string) => string | undefined): EngineResult[] {
  const best = new Map<string, EngineResult>();
  for (const result of results) {
    const family = familyOf(result.engine);
    if (family === undefined) continue;
    const current = best.get(family);
    if (current === undefined || result.ndcg10 > current.ndcg10) best.set(family, result);
  }
  return [...best.values()].sort((a, b) => b.ndcg10 - a.ndcg10);
}

/** Gazette against the best configuration of the best peer on one collection. */
export interface PeerComparison {
  collection: string;
  gazette: number;
  bestPeer: string;
  bestPeerNdcg10: number;
  ratio: number;
  /** Gazette − best peer, per query. */
  difference: PairedDifference;
}

/** Compares Gazette with the best peer configuration among the results, or undefined without both. */
export function compareWithBestPeer(
  collection: string,
  results: readonly EngineResult[],
  familyOf: (engine: string) => string | undefined,
  gazetteName = 'Gazette',
): PeerComparison | undefined {
  const gazette = results.find((r) => r.engine === gazetteName);
  const [best] = bestOfEachPeer(results, familyOf);
  if (gazette === undefined || best === undefined) return undefined;
  return {
    collection,
    gazette: gazette.ndcg10,
    bestPeer: best.engine,
    bestPeerNdcg10: best.ndcg10,
    ratio: best.ndcg10 === 0 ? Number.NaN : gazette.ndcg10 / best.ndcg10,
    difference: pairedDifference(gazette.perQueryNdcg10, best.perQueryNdcg10),
  };
}

/** One line per collection: Gazette, the best peer, the ratio and the paired difference ± its standard error. */
export function comparisonTable(comparisons: readonly PeerComparison[]): string {
  const lines = [
    '| collection | Gazette | best peer (configuration) | its nDCG@10 | ratio | Gazette − peer per query ± s.e. | queries better / worse |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...comparisons.map(
      (c) =>
        `| ${c.collection}${c.collection === HELD_OUT_COLLECTION ? ' (held out)' : ''} | ${c.gazette.toFixed(4)} | ${c.bestPeer} | ${c.bestPeerNdcg10.toFixed(4)} | ${c.ratio.toFixed(3)} | ${signed(c.difference.mean)} ± ${c.difference.standardError.toFixed(4)} | ${c.difference.wins} / ${c.difference.losses} |`,
    ),
  ];
  return lines.join('\n');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(4)}`;
}

/** A query where Gazette ranked worse than the best peer. */
export interface QueryLoss {
  qid: string;
  gazette: number;
  peer: number;
}

/** The `count` queries where Gazette's nDCG@10 falls furthest below the peer's, worst first. */
export function worstQueries(gazette: Readonly<Record<string, number>>, peer: Readonly<Record<string, number>>, count = 10): QueryLoss[] {
  return Object.keys(gazette)
    .filter((qid) => qid in peer && (gazette[qid] ?? 0) < (peer[qid] ?? 0))
    .map((qid) => ({ qid, gazette: gazette[qid] ?? 0, peer: peer[qid] ?? 0 }))
    .sort((a, b) => b.peer - b.gazette - (a.peer - a.gazette) || (a.qid < b.qid ? -1 : 1))
    .slice(0, count);
}
