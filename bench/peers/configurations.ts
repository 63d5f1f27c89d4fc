import { FlexSearchPeer } from './flexsearch.js';
import { LunrPeer } from './lunr.js';
import { MiniSearchPeer } from './minisearch.js';
import { OramaPeer } from './orama.js';
import { SqliteFts5Peer } from './sqlite-fts5.js';
import type { PeerEngine } from './types.js';
import { WinkBm25Peer } from './wink.js';
import { XapianPeer } from './xapian.js';

/** One way of setting up a peer for the evaluation, and why it is a fair one. */
export interface PeerConfiguration {
  /** The engine, whatever its setup: the evaluation counts the best configuration of each. */
  family: string;
  /** `stock`: as the engine comes or as its README's first example sets it up; `tuned`: a documented option a careful user would turn on. */
  kind: 'stock' | 'tuned';
  /** Why this configuration is in the comparison (the documentation it follows). */
  reason: string;
  /** A fresh adapter, not yet built. */
  create(): PeerEngine;
}

/**
 * Every configuration of every peer that the evaluation runs, in one place. Each peer runs
 * stock and at its documented tuned settings, and the best of them is the figure Gazette
 * is compared with (issue 22: a peer weakened by a poor choice of ours flatters Gazette).
 * No peer is tuned on the test collections: every setting here comes from the engine's
 * own documentation. The first configuration of each family is the one the benchmark times
 * (bench/engines.ts), the one it has always timed.
 */
export const PEER_CONFIGURATIONS: readonly PeerConfiguration[] = [
  {
    family: 'MiniSearch',
    kind: 'stock',
    reason: 'MiniSearch exactly as its README sets it up: its tokenizer, lower-casing, no stemming, OR, no boosts',
    create: () => new MiniSearchPeer({ stem: false }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: 'the README\'s "boost some fields" example, `boost: { title: 2 }`, on the stock setup',
    create: () => new MiniSearchPeer({ stem: false, titleBoost: 2 }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: "Porter stemming through `processTerm`, the README's way of adding a stemmer, the usual step for English",
    create: () => new MiniSearchPeer({ stem: true }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: 'Porter stemming and the title boosted ×2: both documented options together',
    create: () => new MiniSearchPeer({ stem: true, titleBoost: 2 }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: 'English stop words dropped in `processTerm`, the README\'s "discarding stop words" example, on the stock setup',
    create: () => new MiniSearchPeer({ stem: false, stopWords: true }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: 'stop words dropped and Porter stemming, both through `processTerm`',
    create: () => new MiniSearchPeer({ stem: true, stopWords: true }),
  },
  {
    family: 'MiniSearch',
    kind: 'tuned',
    reason: 'stop words, Porter stemming and the title boosted ×2: every documented option together',
    create: () => new MiniSearchPeer({ stem: true, stopWords: true, titleBoost: 2 }),
  },
  {
    family: 'Lunr',
    kind: 'tuned',
    reason: "the title boosted ×2 with the field's `boost` option, as Lunr's guide shows field boosts",
    create: () => new LunrPeer({ titleBoost: 2 }),
  },
  {
    family: 'Lunr',
    kind: 'stock',
    reason: "Lunr's default English pipeline (trimmer, stop words, Porter), no field boost, as its guide's first index",
    create: () => new LunrPeer(),
  },
  {
    family: 'wink-bm25',
    kind: 'tuned',
    reason: "the title weighted ×2 through `fldWeights`, BM25F's usual setting for a headline",
    create: () => new WinkBm25Peer({ weights: { title: 2, body: 1 } }),
  },
  {
    family: 'wink-bm25',
    kind: 'stock',
    reason: "the README's example weights, `fldWeights: { title: 1, body: 2 }`, and its preparation pipeline",
    create: () => new WinkBm25Peer({ weights: { title: 1, body: 2 } }),
  },
  {
    family: 'wink-bm25',
    kind: 'tuned',
    reason: 'title and body weighted alike (plain BM25 over both fields)',
    create: () => new WinkBm25Peer({ weights: { title: 1, body: 1 } }),
  },
  {
    family: 'SQLite FTS5',
    kind: 'tuned',
    reason: '`bm25(docs, 0, 2, 1)`: the title weighted ×2, the per-column weights of the FTS5 documentation',
    create: () => new SqliteFts5Peer({ titleWeight: 2 }),
  },
  {
    family: 'SQLite FTS5',
    kind: 'stock',
    reason: "`tokenize='porter unicode61'` (FTS5's documented English stemmer) and `bm25()` with every column weighted 1",
    create: () => new SqliteFts5Peer({ titleWeight: 1 }),
  },
  {
    family: 'Orama',
    kind: 'tuned',
    reason: "the title boosted ×2 with search's `boost` option, as Orama's documentation shows it",
    create: () => new OramaPeer({ titleBoost: 2 }),
  },
  {
    family: 'Orama',
    kind: 'stock',
    reason: 'Orama 3 with its built-in English stemmer (`stemming: true`, the documented setting for English), no boost',
    create: () => new OramaPeer({ titleBoost: 1 }),
  },
  {
    family: 'Orama',
    kind: 'tuned',
    reason:
      "an English stop-word list in Orama's tokenizer (`stopWords`, as its documentation shows with @orama/stopwords), with the title ×2: without it, 'a' or 'of' in a query also matches every term it begins",
    create: () => new OramaPeer({ titleBoost: 2, stopWords: true }),
  },
  {
    family: 'FlexSearch',
    kind: 'tuned',
    reason: "FlexSearch 0.8's English language pack and `score` preset, `suggest: true` so that long queries are not an AND",
    create: () => new FlexSearchPeer(),
  },
  {
    family: 'FlexSearch',
    kind: 'stock',
    reason: 'a Document index with the `score` preset and its default encoder, `suggest: true` so that long queries are not an AND',
    create: () => new FlexSearchPeer({ english: false }),
  },
];

/**
 * Peers the benchmark times (`npm run bench`) that the relevance evaluation does not run:
 * they need more than npm installs (a Debian package, a process of their own), and the
 * evaluation's tests run every peer in one process wherever the tests run.
 */
export const BENCH_ONLY_CONFIGURATIONS: readonly PeerConfiguration[] = [
  {
    family: 'Xapian',
    kind: 'tuned',
    reason:
      'Xapian\'s documented setup for English: TermGenerator and QueryParser with Stem("english") and STEM_SOME, ' +
      "OR between the words, BM25Weight (its default), the title indexed with wdf increment 2 (index_text's " +
      'weighting of a field, the ×2 the other peers give the title), a Glass database on disk in the OS temp directory ' +
      "(the inmemory backend was written for testing and is deprecated; Glass is Xapian's default), written with " +
      'XAPIAN_FLUSH_THRESHOLD=100000 so that a bulk build is flushed once rather than every 10,000 documents',
    create: () => new XapianPeer(),
  },
];

/** The family of a configuration's engine name, or undefined for an engine not listed here (Gazette). */
export function familyOf(engineName: string): string | undefined {
  return PEER_FAMILIES.get(engineName);
}

const PEER_FAMILIES = new Map(
  [...PEER_CONFIGURATIONS, ...BENCH_ONLY_CONFIGURATIONS].map((configuration) => [configuration.create().name, configuration.family]),
);
