import { benchEngines, type PeerEngine } from './peers/index.js';

/** Engines the benchmark can run, by a short key usable on the command line, in table order. */
export const ENGINE_KEYS = [
  'gazette',
  'gazette-words',
  'minisearch',
  'minisearch-porter',
  'lunr',
  'flexsearch',
  'orama',
  'wink-bm25',
  'sqlite-fts5',
  'xapian',
] as const;
export type EngineKey = (typeof ENGINE_KEYS)[number];
/**
 * Gazette with its query mix (phrases, prefixes, dates), or with the plain words every peer
 * gets (`gazette-words`): the like-for-like row against the peers' latencies.
 */
export type GazetteKey = 'gazette' | 'gazette-words';

/** Whether a key runs Gazette itself rather than a peer. */
export function isGazette(key: EngineKey): key is GazetteKey {
  return key === 'gazette' || key === 'gazette-words';
}

// How each key finds its adapter among the evaluation's peers, by the adapter's name.
const NAME_PATTERNS: Record<Exclude<EngineKey, GazetteKey>, RegExp> = {
  minisearch: /^MiniSearch(?!.*(Porter|stem))/i,
  'minisearch-porter': /^MiniSearch.*(Porter|stem)/i,
  lunr: /^Lunr/,
  flexsearch: /^FlexSearch/,
  orama: /^Orama/,
  'wink-bm25': /^wink/i,
  'sqlite-fts5': /^SQLite/,
  xapian: /^Xapian/,
};

/** A freshly constructed peer adapter for a key (Gazette is measured through its own API, not here). */
export function peerEngine(key: Exclude<EngineKey, GazetteKey>): PeerEngine {
  const engine = benchEngines().find((candidate) => NAME_PATTERNS[key].test(candidate.name));
  if (engine === undefined) throw new Error(`no peer adapter matches the benchmark key "${key}"`);
  return engine;
}

export function isEngineKey(text: string): text is EngineKey {
  return (ENGINE_KEYS as readonly string[]).includes(text);
}
