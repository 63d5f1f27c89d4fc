/**
 * Ranking metrics computed exactly as trec_eval 9.x computes them, so that our figures
 * can be compared with published ones:
 *
 * - a document is relevant when its judged gain is ≥ 1 (trec_eval's default `relevance_level`);
 * - nDCG@k (`ndcg_cut_k`) uses the judged gains as they are (linear gains) with a
 *   log2(rank + 1) discount, normalised by the ideal ranking of *all* judged documents;
 * - MAP (`map`) divides the sum of precisions at each relevant retrieved document by the
 *   number of relevant documents, retrieved or not;
 * - recall@k (`recall_k`) and P@k (`P_k`) count relevant documents in the first k; P@k
 *   divides by k even when fewer were retrieved;
 * - averages are over judged queries (those with at least one relevant document), and a
 *   judged query the engine returned nothing for scores 0 (trec_eval `-c`).
 */

/** Judgements of one query: document id -> gain (0 = judged not relevant). */
export type Judgements = ReadonlyMap<string, number>;

/** The four figures reported for a run, per query or averaged. */
export interface Scores {
  ndcg10: number;
  map: number;
  recall100: number;
  p10: number;
}

export const METRIC_NAMES: readonly (keyof Scores)[] = ['ndcg10', 'map', 'recall100', 'p10'];

/** Documents retrieved more than once count once, at their first rank (trec_eval drops duplicates). */
function distinct(ranking: readonly string[]): string[] {
  return [...new Set(ranking)];
}

function relevantCount(judgements: Judgements): number {
  let count = 0;
  for (const gain of judgements.values()) if (gain >= 1) count++;
  return count;
}

/** nDCG at a cut-off with linear gains, as trec_eval's ndcg_cut. */
export function ndcgAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  const ranked = distinct(ranking).slice(0, k);
  let dcg = 0;
  ranked.forEach((id, i) => {
    const gain = judgements.get(id) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = [...judgements.values()]
    .filter((gain) => gain > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Average precision over the whole ranking, as trec_eval's map. */
export function averagePrecision(ranking: readonly string[], judgements: Judgements): number {
  const relevant = relevantCount(judgements);
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  distinct(ranking).forEach((id, i) => {
    if ((judgements.get(id) ?? 0) >= 1) {
      found++;
      sum += found / (i + 1);
    }
  });
  return sum / relevant;
}

function relevantInTop(k: number, ranking: readonly string[], judgements: Judgements): number {
  return distinct(ranking)
    .slice(0, k)
    .filter((id) => (judgements.get(id) ?? 0) >= 1).length;
}

/** Share of the relevant documents found in the first k, as trec_eval's recall_k. */
export function recallAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  const relevant = relevantCount(judgements);
  return relevant === 0 ? 0 : relevantInTop(k, ranking, judgements) / relevant;
}

/** Relevant documents in the first k, divided by k, as trec_eval's P_k. */
export function precisionAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  return relevantInTop(k, ranking, judgements) / k;
}

/** All four figures for one query. */
export function scoreQuery(ranking: readonly string[], judgements: Judgements): Scores {
  return {
    ndcg10: ndcgAt(10, ranking, judgements),
    map: averagePrecision(ranking, judgements),
    recall100: recallAt(100, ranking, judgements),
    p10: precisionAt(10, ranking, judgements),
  };
}

/** A query counts in the averages when at least one document is judged relevant to it. */
export function isJudged(judgements: Judgements | undefined): judgements is Judgements {
  return judgements !== undefined && relevantCount(judgements) > 0;
}

/**
 * Mean of each figure over the judged queries. `runs` maps query id to its ranking;
 * a judged query missing from `runs` scores 0.
 */
export function meanScores(runs: ReadonlyMap<string, readonly string[]>, qrels: ReadonlyMap<string, Judgements>): Scores {
  const total: Scores = { ndcg10: 0, map: 0, recall100: 0, p10: 0 };
  let judged = 0;
  for (const [qid, judgements] of qrels) {
    if (!isJudged(judgements)) continue;
    judged++;
    const scores = scoreQuery(runs.get(qid) ?? [], judgements);
    for (const name of METRIC_NAMES) total[name] += scores[name];
  }
  if (judged === 0) return total;
  for (const name of METRIC_NAMES) total[name] /= judged;
  return total;
}
