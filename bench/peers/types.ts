/** A document as every engine under comparison receives it. */
export interface PeerDocument {
  id: string;
  title: string;
  body: string;
}

/**
 * One search engine under comparison, behind the interface the evaluation and the
 * benchmark share: index the documents once, then answer free-text queries with ids,
 * best first. Each adapter configures its engine as its documentation recommends
 * for English search over a title and a body, with the title weighted where the
 * engine supports it.
 */
export interface PeerEngine {
  /** Label for tables: engine and notable configuration. */
  readonly name: string;
  /** Indexes the documents. Called once, before any search. */
  build(documents: readonly PeerDocument[]): Promise<void>;
  /** Ids of at most k documents for a free-text query, best first. */
  search(query: string, k: number): Promise<string[]>;
}

/**
 * Words of a free-text query, for engines whose query syntax must not see raw user text.
 * `apostrophes: 'inside'` keeps a word with an apostrophe inside it whole ("O'Sullivan",
 * "won't"), for the engines whose index holds such a word whole (Gazette joins it, Lunr keeps
 * it): split, "O'Sullivan" asked for "o" and "sullivan", words those indexes do not hold.
 */
export function queryWords(query: string, { apostrophes = 'split' }: { apostrophes?: 'split' | 'inside' } = {}): string[] {
  const words = apostrophes === 'inside' ? /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu : /[\p{L}\p{N}]+/gu;
  return query.match(words) ?? [];
}

/** Thrown by build() when the engine is not installed here: the benchmark skips it, saying why. */
export class PeerUnavailableError extends Error {
  override name = 'PeerUnavailableError';
}

/** What a peer running in a process of its own measured in that process. */
export interface OwnProcessFigures {
  /** The process the figures are of, for the table's note (e.g. "its Python process"). */
  process: string;
  /** Indexing and commit, the hand-over of the documents left out. */
  buildSeconds: number;
  rssAfterBuildMb: number;
  peakRssMb: number;
  /** The size of its index on disk, when it keeps one. */
  diskMb?: number;
}

/**
 * A peer that runs in a process of its own (Xapian, from Python) and times itself there:
 * timed from this side, its searches would include the round trip between the processes,
 * which is no part of the engine's work, and its memory would not be counted at all.
 */
export interface SelfMeasuringPeerEngine extends PeerEngine {
  /** Like search, with the milliseconds the engine itself took to answer. */
  timedSearch(query: string, k: number): Promise<{ ids: string[]; ms: number }>;
  /** The figures of its process; called after build, and again at the end for the peak. */
  figures(): Promise<OwnProcessFigures>;
  /** Stops its process (and removes what it wrote). */
  close(): Promise<void>;
}

export function isSelfMeasuring(engine: PeerEngine): engine is SelfMeasuringPeerEngine {
  return 'timedSearch' in engine && 'figures' in engine;
}
