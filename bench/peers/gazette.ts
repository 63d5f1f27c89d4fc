import { LONG_QUERY_SIZE, MAX_LIMIT, SearchEngine } from '../../src/index.js';
import { type PeerDocument, type PeerEngine, queryWords } from './types.js';

/**
 * Gazette through its public API only (SearchEngine.fromArticles + search), as an
 * embedder would use it. A search returns at most MAX_LIMIT (100) hits, the API's
 * page size limit, and builds their snippets: that cost is in the timings.
 */
export class GazettePeer implements PeerEngine {
  readonly name: string;
  private engine: SearchEngine | undefined;

  /**
   * `typoTolerance: false` ranks as the ablation's scorer does, which knows no typos;
   * `collapse: 'versions'` shows each story once, as the search page does.
   */
  constructor(private readonly options: { typoTolerance?: boolean; collapse?: 'versions' } = {}) {
    this.name = options.collapse === undefined ? 'Gazette' : `Gazette (collapse=${options.collapse})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    this.engine = await SearchEngine.fromArticles(documents.map((doc) => ({ id: doc.id, title: doc.title, body: doc.body, tags: [] })));
    // As an embedder running a test collection would: its topics may be longer than the server's 100 terms.
    this.engine.querySize = LONG_QUERY_SIZE;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.engine === undefined) throw new Error('GazettePeer: build() first');
    // The collections' queries are prose, some in capitals (LISA, NPL): read raw, "A AND B"
    // is Gazette's AND operator and a quote opens a phrase. Words only, in lower case (the
    // analyzer folds case anyway), as SQLite FTS5's adapter does.
    const q = queryWords(query, { apostrophes: 'inside' }).join(' ').toLowerCase();
    const { hits } = this.engine.search({
      q,
      limit: Math.min(k, MAX_LIMIT),
      typoTolerance: this.options.typoTolerance !== false,
      ...(this.options.collapse === undefined ? {} : { collapse: this.options.collapse }),
    });
    return hits.map((hit) => hit.id);
  }
}
