import { FlexSearchPeer } from './flexsearch.js';
import { GazettePeer } from './gazette.js';
import { LunrPeer } from './lunr.js';
import { MiniSearchPeer } from './minisearch.js';
import { OramaPeer } from './orama.js';
import { SqliteFts5Peer } from './sqlite-fts5.js';
import type { PeerEngine } from './types.js';
import { WinkBm25Peer } from './wink.js';

export type { PeerDocument, PeerEngine } from './types.js';

/** Every engine of the comparison, Gazette first, each freshly constructed (not yet built). */
export function allEngines(): PeerEngine[] {
  return [
    new GazettePeer(),
    new MiniSearchPeer({ stem: false }),
    new MiniSearchPeer({ stem: true }),
    new LunrPeer(),
    new WinkBm25Peer(),
    new SqliteFts5Peer(),
    new OramaPeer(),
    new FlexSearchPeer(),
  ];
}
