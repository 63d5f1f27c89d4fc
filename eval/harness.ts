import type { PeerEngine } from '../bench/peers/types.js';
import type { Collection, EvalQuery } from './collections.js';
import { isJudged, meanScores, type Scores, scoreQuery } from './metrics.js';

/** Depth of every ranking: recall@100 needs 100, and 100 is Gazette's page size limit. */
export const RUN_DEPTH = 100;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** How one engine's ranking did on one set of queries. */
export interface QueryRun extends Scores {
  /** Median wall time of one search call, in milliseconds. */
  medianQueryMs: number;
  /** nDCG@10 of each judged query. */
  perQueryNdcg10: Record<string, number>;
}

/** How one engine did on one collection. */
export interface EngineResult extends QueryRun {
  engine: string;
  buildMs: number;
}

/** Runs every query once, in order, timing each call, and scores the rankings. */
export async function runQueries(engine: PeerEngine, queries: readonly EvalQuery[], qrels: Collection['qrels']): Promise<QueryRun> {
  const runs = new Map<string, string[]>();
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const ranking = await engine.search(query.text, RUN_DEPTH);
    times.push(performance.now() - started);
    runs.set(query.id, ranking);
  }
  const perQueryNdcg10: Record<string, number> = {};
  for (const [qid, judgements] of qrels) {
    if (isJudged(judgements)) perQueryNdcg10[qid] = scoreQuery(runs.get(qid) ?? [], judgements).ndcg10;
  }
  return { ...meanScores(runs, qrels), medianQueryMs: median(times), perQueryNdcg10 };
}

/**
 * Builds one engine over the collection, then runs the first 20 queries once for
 * warm-up, so that lazy compilation and caches do not favour the engines measured later.
 */
export async function buildEngine(engine: PeerEngine, collection: Collection): Promise<number> {
  const buildStarted = performance.now();
  await engine.build(collection.documents);
  const buildMs = performance.now() - buildStarted;
  for (const query of collection.queries.slice(0, 20)) await engine.search(query.text, RUN_DEPTH);
  return buildMs;
}

/** Builds one engine over the collection and runs every query once (see buildEngine, runQueries). */
export async function evaluateEngine(engine: PeerEngine, collection: Collection): Promise<EngineResult> {
  const buildMs = await buildEngine(engine, collection);
  const run = await runQueries(engine, collection.queries, collection.qrels);
  return { engine: engine.name, ...run, buildMs };
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
