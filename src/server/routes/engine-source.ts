import type { SearchEngine, Searcher } from '../../index.js';
import { HttpProblem } from '../problem.js';

/**
 * The engine to serve, or a function that returns the one live now: an index can be swapped
 * while serving, and the function may return undefined while the first index is still loading.
 */
export type EngineSource = SearchEngine | (() => SearchEngine | undefined);

/** Returns the live engine, or throws a 503 problem while there is none yet. */
export type CurrentEngine = () => SearchEngine;

/** What answers the searches of the engine a request took (ServerOptions.searchers). */
export type SearcherOf = (engine: SearchEngine) => Searcher;

/** Reads an EngineSource the same way for every route. */
export function engineReader(source: EngineSource): { current: CurrentEngine; loaded: () => SearchEngine | undefined } {
  const loaded = typeof source === 'function' ? source : () => source;
  const current = () => {
    const engine = loaded();
    if (engine === undefined)
      throw new HttpProblem(503, 'not_ready', 'the index is still loading; retry in a few seconds', { 'Retry-After': '5' });
    return engine;
  };
  return { current, loaded };
}
