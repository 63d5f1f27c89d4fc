import { create, insertMultiple, type Orama, search } from '@orama/orama';
import { words as englishStopWords } from 'natural/lib/natural/util/stopwords.js';
import type { PeerDocument, PeerEngine } from './types.js';

const SCHEMA = { id: 'string', title: 'string', body: 'string' } as const;

/**
 * Orama 3 with its built-in English stemmer (`tokenizer: { stemming: true }`; Orama 3
 * ships it, no @orama/stemmers needed), searching title and body with the title
 * boosted `titleBoost` (default ×2), BM25 defaults, every document with any query term returned (threshold 1,
 * the default).
 *
 * With `tolerance: 1`, Orama's typo tolerance as its documentation shows it: each
 * (stemmed) query term matches indexed terms within a Levenshtein distance of 1 (a
 * transposition costs 2, so it is not forgiven), and, as without tolerance, every term
 * the query term is a prefix of. A match within the tolerance scores as an exact one.
 * The typo evaluation (`npm run eval -- --typos`) runs it on clean and typo'd queries.
 */
export class OramaPeer implements PeerEngine {
  readonly name: string;
  private readonly tolerance: number;
  private readonly titleBoost: number;
  private readonly stopWords: boolean;
  private db: Orama<typeof SCHEMA> | undefined;

  /**
   * `stopWords: true` gives Orama's tokenizer an English stop-word list, as its documentation
   * shows with @orama/stopwords; the list is natural's, Gazette's own, which is already installed.
   */
  constructor(options: { tolerance?: number; titleBoost?: number; stopWords?: boolean } = {}) {
    this.tolerance = options.tolerance ?? 0;
    this.titleBoost = options.titleBoost ?? 2;
    this.stopWords = options.stopWords === true;
    const boost = this.titleBoost === 2 ? '' : this.titleBoost === 1 ? ', no boost' : `, title ×${this.titleBoost}`;
    const stop = this.stopWords ? ', stop words' : '';
    this.name = `Orama (English stemming${stop}${boost}${this.tolerance > 0 ? `, tolerance ${this.tolerance}` : ''})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const tokenizer = { language: 'english', stemming: true, ...(this.stopWords ? { stopWords: [...englishStopWords] } : {}) };
    const db = create({ schema: SCHEMA, components: { tokenizer } });
    await insertMultiple(
      db,
      documents.map((doc) => ({ ...doc })),
    );
    this.db = db;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.db === undefined) throw new Error('OramaPeer: build() first');
    const result = await search(this.db, {
      term: query,
      properties: ['title', 'body'],
      boost: { title: this.titleBoost },
      limit: k,
      ...(this.tolerance > 0 ? { tolerance: this.tolerance } : {}),
    });
    return result.hits.map((hit) => String(hit.document.id));
  }
}
