import type { PeerEngine } from '../bench/peers/types.js';
import type { Collection } from './collections.js';
import { isJudged, meanScores, type Scores, scoreQuery } from './metrics.js';

/** How one engine did on one collection. */
export interface EngineResult extends Scores {
  engine: string;
  /** Median wall time of one search call, in milliseconds. */
  medianQueryMs: number;
  buildMs: number;
  /** nDCG@10 of each judged query, for per-query comparisons between engines. */
  perQueryNdcg10: Record<string, number>;
}

/** Depth of every ranking: recall@100 needs 100, and 100 is Gazette's page size limit. */
export const RUN_DEPTH = 100;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Builds one engine over the collection and runs every query once, in order, timing
 * each call. Queries are run once for warm-up first so that lazy compilation and
 * caches do not favour the engines measured later.
 */
export async function evaluateEngine(engine: PeerEngine, collection: Collection): Promise<EngineResult> {
  const buildStarted = performance.now();
  await engine.build(collection.documents);
  const buildMs = performance.now() - buildStarted;
  for (const query of collection.queries.slice(0, 20)) await engine.search(query.text, RUN_DEPTH);
  const runs = new Map<string, string[]>();
  const times: number[] = [];
  for (const query of collection.queries) {
    const started = performance.now();
    const ranking = await engine.search(query.text, RUN_DEPTH);
    times.push(performance.now() - started);
    runs.set(query.id, ranking);
  }
  const perQueryNdcg10: Record<string, number> = {};
  for (const [qid, judgements] of collection.qrels) {
    if (isJudged(judgements)) perQueryNdcg10[qid] = scoreQuery(runs.get(qid) ?? [], judgements).ndcg10;
  }
  return { engine: engine.name, ...meanScores(runs, collection.qrels), medianQueryMs: median(times), buildMs, perQueryNdcg10 };
}

/** Evaluates engines one after the other, in one process, on the same documents and queries. */
export async function evaluateEngines(
  engines: readonly PeerEngine[],
  collection: Collection,
  onResult: (result: EngineResult) => void = () => {},
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const engine of engines) {
    const result = await evaluateEngine(engine, collection);
    onResult(result);
    results.push(result);
  }
  return results;
}

/** The results as a Markdown table, best nDCG@10 first, with Gazette's ratio to the best peer. */
export function resultsTable(results: readonly EngineResult[]): string {
  const rows = [...results].sort((a, b) => b.ndcg10 - a.ndcg10);
  const lines = [
    '| engine | nDCG@10 | MAP | R@100 | P@10 | median query ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.engine} | ${r.ndcg10.toFixed(3)} | ${r.map.toFixed(3)} | ${r.recall100.toFixed(3)} | ${r.p10.toFixed(3)} | ${r.medianQueryMs.toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}

/** Gazette's nDCG@10 divided by the best other engine's, or undefined without both. */
export function ratioToBestPeer(results: readonly EngineResult[], gazetteName = 'Gazette'): number | undefined {
  const gazette = results.find((r) => r.engine === gazetteName);
  const peers = results.filter((r) => r.engine !== gazetteName);
  if (gazette === undefined || peers.length === 0) return undefined;
  const best = Math.max(...peers.map((r) => r.ndcg10));
  return best === 0 ? undefined : gazette.ndcg10 / best;
}
