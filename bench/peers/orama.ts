import { create, insertMultiple, type Orama, search } from '@orama/orama';
import type { PeerDocument, PeerEngine } from './types.js';

const SCHEMA = { id: 'string', title: 'string', body: 'string' } as const;

/**
 * Orama 3 with its built-in English stemmer (`tokenizer: { stemming: true }`; Orama 3
 * ships it, no @orama/stemmers needed), searching title and body with the title
 * boosted ×2, BM25 defaults, every document with any query term returned (threshold 1,
 * the default).
 */
export class OramaPeer implements PeerEngine {
  readonly name = 'Orama (English stemming)';
  private db: Orama<typeof SCHEMA> | undefined;

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const db = create({ schema: SCHEMA, components: { tokenizer: { language: 'english', stemming: true } } });
    await insertMultiple(
      db,
      documents.map((doc) => ({ ...doc })),
    );
    this.db = db;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.db === undefined) throw new Error('OramaPeer: build() first');
    const result = await search(this.db, { term: query, properties: ['title', 'body'], boost: { title: 2 }, limit: k });
    return result.hits.map((hit) => String(hit.document.id));
  }
}
