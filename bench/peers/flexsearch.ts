import { Document } from 'flexsearch';
import EnglishPreset from 'flexsearch/lang/en';
import type { PeerDocument, PeerEngine } from './types.js';

// FlexSearch's document type needs an index signature.
type FlexDocument = { id: string; title: string; body: string; [field: string]: string };

/**
 * FlexSearch 0.8 Document index over title and body with its English language pack
 * (stop words, stemmer) and the `score` preset. `suggest: true` lets documents that
 * lack some query words through, as its documentation advises for longer queries
 * (without it a multi-word query is an AND); `merge: true` joins the per-field
 * results, title first. It has no fuzzy search: the typo evaluation runs it as it is
 * (its encoder folds doubled letters, so "fllutter" finds "flutter", but "flutetr" finds
 * nothing).
 */
export class FlexSearchPeer implements PeerEngine {
  readonly name: string;
  private readonly english: boolean;
  private index: Document<FlexDocument> | undefined;

  /** `english: false` leaves out the language pack: FlexSearch's default encoder (case and accent folding only). */
  constructor(options: { english?: boolean } = {}) {
    this.english = options.english !== false;
    this.name = this.english ? 'FlexSearch (English)' : 'FlexSearch (default encoder)';
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const index = new Document<FlexDocument>({
      preset: 'score',
      ...(this.english ? { encoder: EnglishPreset } : {}),
      document: { id: 'id', index: ['title', 'body'] },
    });
    for (const doc of documents) index.add({ id: doc.id, title: doc.title, body: doc.body });
    this.index = index;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.index === undefined) throw new Error('FlexSearchPeer: build() first');
    const results = await this.index.searchAsync(query, { limit: k, suggest: true, merge: true });
    return results.slice(0, k).map((result) => String(result.id));
  }
}
