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

/** Words of a free-text query, for engines whose query syntax must not see raw user text. */
export function queryWords(query: string): string[] {
  return query.match(/[\p{L}\p{N}]+/gu) ?? [];
}
