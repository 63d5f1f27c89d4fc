import MiniSearch from 'minisearch';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { PeerDocument, PeerEngine } from './types.js';

/**
 * MiniSearch over title and body. With `stem: false` it is MiniSearch exactly as its
 * README sets it up (its own tokenizer, lower-casing, no stemming, OR, no boosts);
 * with `stem: true`, terms also go through the Porter stemmer, the usual next step.
 */
export class MiniSearchPeer implements PeerEngine {
  readonly name: string;
  private readonly stem: boolean;
  private index: MiniSearch<PeerDocument> | undefined;

  constructor(options: { stem: boolean } = { stem: false }) {
    this.stem = options.stem;
    this.name = options.stem ? 'MiniSearch (Porter)' : 'MiniSearch (defaults)';
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    this.index = new MiniSearch<PeerDocument>({
      fields: ['title', 'body'],
      ...(this.stem ? { processTerm: (term: string) => PorterStemmer.stem(term.toLowerCase()) } : {}),
    });
    this.index.addAll(documents);
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.index === undefined) throw new Error('MiniSearchPeer: build() first');
    return this.index
      .search(query)
      .slice(0, k)
      .map((result) => String(result.id));
  }
}
