import MiniSearch, { type AsPlainObject, type SearchResult } from 'minisearch';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Article } from '../article.js';

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
  // Every index term in code-unit order, for prefix expansion by binary search;
  // rebuilt on first use after an article is added.
  private sortedVocabulary: string[] | undefined;

  private constructor(analyzer: Analyzer, serialized?: SerializedTextIndex) {
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
      searchOptions: { boost: { ...FIELD_BOOSTS } },
    };
    this.miniSearch =
      serialized === undefined ? new MiniSearch<IndexedText>(options) : MiniSearch.loadJS<IndexedText>(serialized.miniSearch, options);
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
      this.sortedVocabulary = undefined;
    } finally {
      this.termsOfCurrentArticle = undefined;
    }
  }

  /** Articles containing any of the query's terms, best first, each passing `accept`. */
  search(query: string, accept: (doc: number) => boolean): TextMatch[] {
    const results = this.miniSearch.search(query, {
      combineWith: 'OR',
      filter: (result: SearchResult) => accept(result.id as number),
    });
    return results.map((result) => ({ doc: result.id as number, score: result.score }));
  }

  /**
   * The score of every article holding one index term (already analysed), in one
   * field or in any, as MiniSearch scores a one-word query (BM25 with field boosts).
   */
  termScores(term: string, field?: SearchField): Map<number, number> {
    const results = this.miniSearch.search(term, {
      combineWith: 'OR',
      tokenize: (text: string) => [text],
      processTerm: (text: string) => text,
      ...(field === undefined ? {} : { fields: [field] }),
    });
    return new Map(results.map((result) => [result.id as number, result.score]));
  }

  /** Index terms that start with `prefix`, most frequent first. */
  termsWithPrefix(prefix: string): string[] {
    const vocabulary = this.vocabulary();
    const terms: string[] = [];
    for (let index = lowerBound(vocabulary, prefix); index < vocabulary.length; index++) {
      const term = vocabulary[index] as string;
      if (!term.startsWith(prefix)) break;
      terms.push(term);
    }
    return this.mostFrequentFirst(terms);
  }

  /** Index terms within `maxDistance` edits of `term` (the term itself included), closest then most frequent first. */
  termsNear(
    term: string,
    maxDistance: number,
    distance: (a: string, b: string, max: number) => number,
  ): { term: string; distance: number }[] {
    const near: { term: string; distance: number }[] = [];
    for (const candidate of this.documentFrequencies.keys()) {
      if (Math.abs(candidate.length - term.length) > maxDistance) continue;
      const edits = distance(term, candidate, maxDistance);
      if (edits <= maxDistance) near.push({ term: candidate, distance: edits });
    }
    return near.sort(
      (a, b) => a.distance - b.distance || this.documentFrequency(b.term) - this.documentFrequency(a.term) || (a.term < b.term ? -1 : 1),
    );
  }

  private vocabulary(): string[] {
    this.sortedVocabulary ??= [...this.documentFrequencies.keys()].sort();
    return this.sortedVocabulary;
  }

  private mostFrequentFirst(terms: string[]): string[] {
    return terms.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a) || (a < b ? -1 : 1));
  }

  /** How many articles contain a term (already analysed): the basis of its rarity. */
  documentFrequency(term: string): number {
    return this.documentFrequencies.get(term) ?? 0;
  }

  get documentCount(): number {
    return this.miniSearch.documentCount;
  }

  serialize(): SerializedTextIndex {
    return { miniSearch: this.miniSearch.toJSON(), documentFrequencies: [...this.documentFrequencies] };
  }
}

/** The text index as plain JSON-able data, for persistence. */
export interface SerializedTextIndex {
  miniSearch: AsPlainObject;
  documentFrequencies: [string, number][];
}

// First index of a sorted array whose element is not below `value`.
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
