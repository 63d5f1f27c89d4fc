import MiniSearch, { type AsPlainObject, type SearchResult } from 'minisearch';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Article } from '../article.js';
import { decodePostingsInto, type EncodedPostings, encodePostings } from './postings-codec.js';

/** The fields that are searched, and how much a match in each counts. */
export const FIELD_BOOSTS = { title: 2, body: 1, author: 1, tags: 1.5 } as const;
export type SearchField = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as SearchField[];

// What MiniSearch indexes: the article's number in the document store and its
// searchable text. Nothing is stored inside MiniSearch; articles live in the DocumentStore.
interface IndexedText {
  n: number;
  title: string;
  body: string;
  author: string;
  tags: string;
}

/** One matching article: its number in the document store and its relevance score. */
export interface TextMatch {
  doc: number;
  score: number;
}

/** The inverted index over articles' text: MiniSearch, fed with Gazette's analyzer. */
export class TextIndex {
  private readonly miniSearch: MiniSearch<IndexedText>;
  // How many articles hold each term in any field. MiniSearch keeps this only per
  // field and privately; snippets need it to weigh query terms by rarity.
  private readonly documentFrequencies: Map<string, number>;
  // Terms of the article being added, collected as MiniSearch tokenizes its fields.
  private termsOfCurrentArticle: Set<string> | undefined;

  private readonly analyzer: Analyzer;

  private constructor(analyzer: Analyzer, serialized?: SerializedTextIndex) {
    this.analyzer = analyzer;
    const options = {
      idField: 'n',
      fields: FIELDS,
      storeFields: [],
      // The analyzer does all the work (normalize, stop words, stem) in one pass;
      // MiniSearch's per-term hook then has nothing left to do.
      tokenize: (text: string) => {
        const terms = analyzer.terms(text);
        if (this.termsOfCurrentArticle !== undefined) for (const term of terms) this.termsOfCurrentArticle.add(term);
        return terms;
      },
      processTerm: (term: string) => term,
      // Removal happens only in incremental rebuilds, which vacuum once before saving.
      autoVacuum: false,
      searchOptions: { boost: { ...FIELD_BOOSTS } },
    };
    this.miniSearch =
      serialized === undefined ? new MiniSearch<IndexedText>(options) : MiniSearch.loadJS<IndexedText>(serialized.miniSearch, options);
    if (serialized !== undefined) decodePostingsInto(this.miniSearch as MiniSearch<unknown>, serialized.encoded);
    this.documentFrequencies = new Map(serialized?.documentFrequencies ?? []);
  }

  static create(analyzer: Analyzer): TextIndex {
    return new TextIndex(analyzer);
  }

  static fromSerialized(serialized: SerializedTextIndex, analyzer: Analyzer): TextIndex {
    return new TextIndex(analyzer, serialized);
  }

  add(doc: number, article: Article): void {
    this.termsOfCurrentArticle = new Set();
    try {
      this.miniSearch.add({
        n: doc,
        title: article.title,
        body: article.body,
        author: article.author ?? '',
        tags: article.tags.join(' '),
      });
      for (const term of this.termsOfCurrentArticle) {
        this.documentFrequencies.set(term, (this.documentFrequencies.get(term) ?? 0) + 1);
      }
    } finally {
      this.termsOfCurrentArticle = undefined;
    }
  }

  /**
   * Removes an article from the index. `article` must be the one indexed under `doc`:
   * its terms are needed to correct the document frequencies.
   */
  remove(doc: number, article: Article): void {
    this.miniSearch.discard(doc);
    const terms = new Set<string>();
    for (const text of [article.title, article.body, article.author ?? '', article.tags.join(' ')]) {
      for (const term of this.analyzer.terms(text)) terms.add(term);
    }
    for (const term of terms) {
      const frequency = (this.documentFrequencies.get(term) ?? 0) - 1;
      if (frequency > 0) this.documentFrequencies.set(term, frequency);
      else this.documentFrequencies.delete(term);
    }
  }

  /** Drops removed articles' postings for good (MiniSearch only hides them on removal). */
  async vacuum(): Promise<void> {
    await this.miniSearch.vacuum();
  }

  /** Articles containing any of the query's terms, best first, each passing `accept`. */
  search(query: string, accept: (doc: number) => boolean): TextMatch[] {
    const results = this.miniSearch.search(query, {
      combineWith: 'OR',
      filter: (result: SearchResult) => accept(result.id as number),
    });
    return results.map((result) => ({ doc: result.id as number, score: result.score }));
  }

  /** How many articles contain a term (already analysed): the basis of its rarity. */
  documentFrequency(term: string): number {
    return this.documentFrequencies.get(term) ?? 0;
  }

  get documentCount(): number {
    return this.miniSearch.documentCount;
  }

  serialize(): SerializedTextIndex {
    const { rest, encoded } = encodePostings(this.miniSearch.toJSON());
    return { miniSearch: rest, documentFrequencies: [...this.documentFrequencies], encoded };
  }
}

/** The text index for persistence: MiniSearch's plain form without its index, which is `encoded`. */
export interface SerializedTextIndex {
  miniSearch: AsPlainObject;
  documentFrequencies: [string, number][];
  encoded: EncodedPostings;
}
