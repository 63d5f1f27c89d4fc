import lunr from 'lunr';
import type { PeerDocument, PeerEngine } from './types.js';

/**
 * Lunr with its default English pipeline (trimmer, stop words, Porter stemmer), the
 * title boosted ×2. Queries are given as plain terms through `index.query` rather than
 * `index.search`, so that user text such as "mach-2:" is not read as Lunr's query
 * syntax (which throws on an unknown field); every term still runs through the same
 * search pipeline and is optional, exactly as `search` treats plain words.
 */
export class LunrPeer implements PeerEngine {
  readonly name = 'Lunr';
  private index: lunr.Index | undefined;

  async build(documents: readonly PeerDocument[]): Promise<void> {
    this.index = lunr(function (this: lunr.Builder) {
      this.ref('id');
      this.field('title', { boost: 2 });
      this.field('body');
      for (const doc of documents) this.add(doc);
    });
  }

  async search(query: string, k: number): Promise<string[]> {
    const index = this.index;
    if (index === undefined) throw new Error('LunrPeer: build() first');
    const tokens = lunr.tokenizer(query);
    return index
      .query((q) => {
        for (const token of tokens) q.term(token, {});
      })
      .slice(0, k)
      .map((result) => result.ref);
  }
}
