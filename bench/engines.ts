import { benchEngines, type PeerEngine } from './peers/index.js';

/** Engines the benchmark can run, by a short key usable on the command line, in table order. */
export const ENGINE_KEYS = [
  'gazette',
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

// How each key finds its adapter among the evaluation's peers, by the adapter's name.
const NAME_PATTERNS: Record<Exclude<EngineKey, 'gazette'>, RegExp> = {
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
export function peerEngine(key: Exclude<EngineKey, 'gazette'>): PeerEngine {
  const engine = benchEngines().find((candidate) => NAME_PATTERNS[key].test(candidate.name));
  if (engine === undefined) throw new Error(`no peer adapter matches the benchmark key "${key}"`);
  return engine;
}

export function isEngineKey(text: string): text is EngineKey {
  return (ENGINE_KEYS as readonly string[]).includes(text);
}
