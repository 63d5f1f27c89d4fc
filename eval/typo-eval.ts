import type { PeerEngine } from '../bench/peers/types.js';
import type { Collection, EvalQuery } from './collections.js';
import { buildEngine, type QueryRun, runQueries } from './harness.js';

/** One engine on the clean queries of a collection and on the same queries with typos. */
export interface TypoResult {
  engine: string;
  clean: QueryRun;
  typod: QueryRun;
  /** nDCG@10 typo'd / clean (issue 21's goal: at least 0.9); 0 when clean is 0. */
  ratio: number;
}

/**
 * Builds each engine once and runs the clean queries, then the typo'd ones (same ids,
 * same judgements), one engine after the other.
 *
 * Usage:
 * ```ts
 * const results = await evaluateTypos(typoEngines(), collection, typoQueries(collection.queries));
 * console.log(typoTable(results));
 * ```
 */
export async function evaluateTypos(
  engines: readonly PeerEngine[],
  collection: Collection,
  typod: readonly EvalQuery[],
  onResult: (result: TypoResult) => void = () => {},
): Promise<TypoResult[]> {
  const results: TypoResult[] = [];
  for (const engine of engines) {
    await buildEngine(engine, collection);
    const clean = await runQueries(engine, collection.queries, collection.qrels);
    const typodRun = await runQueries(engine, typod, collection.qrels);
    const result = { engine: engine.name, clean, typod: typodRun, ratio: clean.ndcg10 === 0 ? 0 : typodRun.ndcg10 / clean.ndcg10 };
    onResult(result);
    results.push(result);
  }
  return results;
}

/** The results as a Markdown table, in the engines' order. */
export function typoTable(results: readonly TypoResult[]): string {
  return [
    "| engine | nDCG@10 clean | nDCG@10 typo'd | typo'd / clean | median ms clean | median ms typo'd |",
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.engine} | ${r.clean.ndcg10.toFixed(3)} | ${r.typod.ndcg10.toFixed(3)} | ${r.ratio.toFixed(3)} | ${r.clean.medianQueryMs.toFixed(2)} | ${r.typod.medianQueryMs.toFixed(2)} |`,
    ),
  ].join('\n');
}

/** typo'd / clean of each engine (rows) on each collection (columns), as a Markdown table. */
export function typoRatioTable(columns: readonly { name: string; results: readonly TypoResult[] }[]): string {
  const engines = columns[0]?.results.map((r) => r.engine) ?? [];
  return [
    `| typo'd / clean (nDCG@10) | ${columns.map((c) => c.name).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...engines.map(
      (engine) => `| ${engine} | ${columns.map((c) => c.results.find((r) => r.engine === engine)?.ratio.toFixed(3) ?? '').join(' | ')} |`,
    ),
  ].join('\n');
}
