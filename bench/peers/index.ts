import { BENCH_ONLY_CONFIGURATIONS, PEER_CONFIGURATIONS } from './configurations.js';
import { FlexSearchPeer } from './flexsearch.js';
import { GazettePeer } from './gazette.js';
import { LunrPeer } from './lunr.js';
import { MiniSearchPeer } from './minisearch.js';
import { OramaPeer } from './orama.js';
import { SqliteFts5Peer } from './sqlite-fts5.js';
import type { PeerEngine } from './types.js';
import { WinkBm25Peer } from './wink.js';

export type { PeerDocument, PeerEngine } from './types.js';

/**
 * Every engine of the comparison, Gazette first, then every configuration of every peer
 * (configurations.ts says why each is there), each freshly constructed (not yet built).
 */
export function allEngines(): PeerEngine[] {
  return [new GazettePeer(), ...PEER_CONFIGURATIONS.map((configuration) => configuration.create())];
}

/** Every engine the benchmark can time: those of the evaluation, and the peers it alone runs (Xapian). */
export function benchEngines(): PeerEngine[] {
  return [...allEngines(), ...BENCH_ONLY_CONFIGURATIONS.map((configuration) => configuration.create())];
}

/**
 * The engines of the typo evaluation (`npm run eval -- --typos`): the peers that have
 * fuzzy search at their documented setting for typos (MiniSearch `fuzzy: 0.2`, Lunr
 * `~1`, Orama `tolerance: 1`; the reasons are in each adapter), the others as they are
 * (wink-bm25 and SQLite FTS5 have no fuzzy search; FlexSearch has none either, though its
 * encoder folds doubled letters, "fllutter" to "flutter", which forgives some doublings), and Gazette through its default search, as a user calls it.
 */
export function typoEngines(): PeerEngine[] {
  return [
    new GazettePeer(),
    new MiniSearchPeer({ stem: false, fuzzy: true }),
    new MiniSearchPeer({ stem: true, fuzzy: true }),
    new LunrPeer({ fuzzy: true, titleBoost: 2 }),
    new WinkBm25Peer(),
    new SqliteFts5Peer(),
    new OramaPeer({ tolerance: 1 }),
    new FlexSearchPeer(),
  ];
}
