import MiniSearch, { type AsPlainObject, type SearchResult } from 'minisearch';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Article } from '../article.js';
import { decodePostingsInto, type EncodedPostings, encodePostings } from './postings-codec.js';

/**
 * How matches are scored. Every default was chosen by measurement (`npm run eval`,
 * README "Relevance"), on Cranfield and on CACM, LISA and NPL, never on one alone.
 */
export interface RankingSettings {
  /** BM25 term-frequency saturation. 1.2: the textbook value; Cranfield liked more, CACM less. */
  k1: number;
  /** BM25 length normalisation, 0 (none) to 1 (full). */
  b: number;
  /**
   * BM25+'s lower bound on a matching term's contribution (0: plain BM25). MiniSearch
   * defaults to 0.5, which favours long documents; plain BM25 ranked better everywhere.
   */
  delta: number;
  /**
   * BM25F weight of the title against the body: the title's words count this many
   * times in the one "text" field that holds both, so that term frequencies and lengths
   * are combined before saturation (BM25F) rather than scored field by field and
   * summed, which counts a word found in both title and body twice. Index-time: a
   * whole number, stored with the index.
   */
  titleWeight: number;
  /** Multiplier of the author and tags fields, scored apart (they are short labels). */
  authorBoost: number;
  tagsBoost: number;
  /**
   * MiniSearch multiplies a document's score by the number of query terms it matches.
   * Off: with BM25F it over-rewards documents matching many common words of a long query.
   */
  coordination: boolean;
}

export const DEFAULT_RANKING: RankingSettings = {
  k1: 1.2,
  b: 0.75,
  delta: 0,
  titleWeight: 3,
  authorBoost: 1,
  tagsBoost: 1.5,
  coordination: false,
};

const FIELDS = ['text', 'author', 'tags'] as const;

/**
 * The fields a query can name. Title and body are indexed together in the "text"
 * field (BM25F), so a title: or body: query is scored on "text" and the caller
 * keeps the articles that hold the term in that field.
 */
export type SearchField = 'title' | 'body' | 'author' | 'tags';
const INDEXED_FIELD: Record<SearchField, (typeof FIELDS)[number]> = { title: 'text', body: 'text', author: 'author', tags: 'tags' };

// What MiniSearch indexes: the article's number in the document store and its
// searchable text. Nothing is stored inside MiniSearch; articles live in the DocumentStore.
interface IndexedText {
  n: number;
  /** The title `titleWeight` times, then the body. */
  text: string;
  author: string;
  tags: string;
}

// The MiniSearch internals that scoring reads (the postings codec already relies on its index).
interface MiniSearchScoring {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _documentCount: number;
  _documentIds: Map<number, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
}

interface ScoringArrays {
  docOf: Int32Array;
  /** Indexed by MiniSearch's field id, then short id. */
  lengthNorms: Float64Array[];
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
  // The ranked text's terms of the article being added, when the caller analysed it already.
  private analysedText: string[] | undefined;
  // Every index term in code-unit order, for prefix expansion by binary search;
  // rebuilt on first use after an article is added.
  private sortedVocabulary: string[] | undefined;
  // Index terms in all "text" fields, for the average length that proximity normalises by.
  private textTermCount: number;
  private readonly analyzer: Analyzer;
  private scoring: ScoringArrays | undefined;
  private readonly fieldBoosts: Record<(typeof FIELDS)[number], number>;
  readonly ranking: RankingSettings;

  private constructor(analyzer: Analyzer, ranking: RankingSettings, serialized?: SerializedTextIndex) {
    this.ranking = { ...ranking };
    this.fieldBoosts = { text: 1, author: ranking.authorBoost, tags: ranking.tagsBoost };
    this.analyzer = analyzer;
    this.textTermCount = serialized?.textTermCount ?? 0;
    const options = {
      idField: 'n',
      fields: [...FIELDS],
      storeFields: [],
      // The analyzer does all the work (normalize, stop words, stem) in one pass;
      // MiniSearch's per-term hook then has nothing left to do.
      tokenize: (text: string, field?: string) => {
        const terms = field === 'text' && this.analysedText !== undefined ? this.analysedText : analyzer.terms(text);
        if (this.termsOfCurrentArticle !== undefined) for (const term of terms) this.termsOfCurrentArticle.add(term);
        if (this.termsOfCurrentArticle !== undefined && field === 'text') this.textTermCount += terms.length;
        return terms;
      },
      processTerm: (term: string) => term,
      // Removal happens only in incremental rebuilds, which vacuum once before saving.
      autoVacuum: false,
      searchOptions: {
        boost: this.fieldBoosts,
        bm25: { k: ranking.k1, b: ranking.b, d: ranking.delta },
      },
    };
    this.miniSearch =
      serialized === undefined ? new MiniSearch<IndexedText>(options) : MiniSearch.loadJS<IndexedText>(serialized.miniSearch, options);
    if (serialized !== undefined) decodePostingsInto(this.miniSearch as MiniSearch<unknown>, serialized.encoded);
    this.documentFrequencies = new Map(serialized?.documentFrequencies ?? []);
  }

  /** An empty index; `ranking` defaults to DEFAULT_RANKING (the evaluation passes others to compare). */
  static create(analyzer: Analyzer, ranking: RankingSettings = DEFAULT_RANKING): TextIndex {
    if (!Number.isInteger(ranking.titleWeight) || ranking.titleWeight < 1) {
      throw new RangeError(`titleWeight must be a whole number ≥ 1, got ${ranking.titleWeight}`);
    }
    return new TextIndex(analyzer, ranking);
  }

  /** Reads an index written by `serialize`. Throws when it was written in an older layout. */
  static fromSerialized(serialized: SerializedTextIndex, analyzer: Analyzer): TextIndex {
    if (typeof serialized.titleWeight !== 'number' || typeof serialized.textTermCount !== 'number') {
      throw new Error('the text index was written by an older Gazette (fields scored apart); rebuild it with npm run build-index');
    }
    return new TextIndex(analyzer, { ...DEFAULT_RANKING, titleWeight: serialized.titleWeight }, serialized);
  }

  /**
   * Adds an article under its number. `analysed`, the terms of its title and body as
   * the index's analyzer gives them, spares analysing them again.
   */
  add(doc: number, article: Article, analysed?: { title: readonly string[]; body: readonly string[] }): void {
    this.termsOfCurrentArticle = new Set();
    this.analysedText = analysed === undefined ? undefined : this.rankedSegments(analysed.title, analysed.body).flat();
    try {
      this.miniSearch.add({
        n: doc,
        text: analysed === undefined ? this.rankedText(article).join('\n\n') : ' ',
        author: article.author ?? '',
        tags: article.tags.join(' '),
      });
      for (const term of this.termsOfCurrentArticle) {
        this.documentFrequencies.set(term, (this.documentFrequencies.get(term) ?? 0) + 1);
      }
      this.sortedVocabulary = undefined;
      this.scoring = undefined;
    } finally {
      this.termsOfCurrentArticle = undefined;
      this.analysedText = undefined;
    }
  }

  /**
   * Removes an article from the index. `article` must be the one indexed under `doc`:
   * its terms are needed to correct the document frequencies.
   */
  remove(doc: number, article: Article): void {
    this.miniSearch.discard(doc);
    this.sortedVocabulary = undefined;
    this.scoring = undefined;
    for (const text of this.rankedText(article)) this.textTermCount -= this.analyzer.terms(text).length;
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
    this.scoring = undefined;
  }

  /** Articles containing any of the query's terms, best first, each passing `accept`. */
  search(query: string, accept: (doc: number) => boolean): TextMatch[] {
    const results = this.miniSearch.search(query, {
      combineWith: 'OR',
      filter: (result: SearchResult) => accept(result.id as number),
    });
    const matches = results.map((result) => ({
      doc: result.id as number,
      // MiniSearch has already multiplied by the number of matched query terms.
      score: this.ranking.coordination ? result.score : result.score / Math.max(1, result.queryTerms.length),
    }));
    return this.ranking.coordination ? matches : matches.sort((a, b) => b.score - a.score);
  }

  private rankedText(article: Pick<Article, 'title' | 'body'>): string[] {
    return this.rankedSegments(article.title, article.body);
  }

  /**
   * The title `titleWeight` times, then the body: BM25F by repetition. As text for
   * indexing, or as analysed terms for the proximity bonus, which must see what was indexed.
   */
  rankedSegments<Segment>(title: Segment, body: Segment): Segment[] {
    return [...Array<Segment>(this.ranking.titleWeight).fill(title), body];
  }

  /** Average number of index terms in an article's ranked text (title copies and body). */
  get averageTextLength(): number {
    return this.documentCount === 0 ? 0 : this.textTermCount / this.documentCount;
  }

  /** Inverse document frequency of an index term, as BM25 computes it. */
  idf(term: string): number {
    const total = Math.max(1, this.documentCount);
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  }

  /**
   * The score of every article holding one index term (already analysed), in one
   * field or in any: BM25 with field boosts, exactly as MiniSearch scores a one-word
   * query, but read straight from its postings. Going through MiniSearch's search
   * built a result object per match and sorted them, half of a two-word query's time.
   */
  termScores(term: string, field?: SearchField): Map<number, number> {
    const scores = new Map<number, number>();
    const internals = this.miniSearch as unknown as MiniSearchScoring;
    const postings = internals._index.get(term);
    if (postings === undefined) return scores;
    const { docOf, lengthNorms } = this.scoringArrays();
    const { k1, delta } = this.ranking;
    const total = internals._documentCount;
    for (const name of field === undefined ? FIELDS : [INDEXED_FIELD[field]]) {
      const fieldId = internals._fieldIds[name] as number;
      const frequencies = postings.get(fieldId);
      const lengthNorm = lengthNorms[fieldId];
      if (frequencies === undefined || lengthNorm === undefined) continue;
      let matching = 0;
      for (const shortId of frequencies.keys()) if ((docOf[shortId] as number) >= 0) matching += 1;
      const weight = this.fieldBoosts[name] * Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      for (const [shortId, frequency] of frequencies) {
        const doc = docOf[shortId] as number;
        if (doc < 0) continue;
        const score = weight * (delta + (frequency * (k1 + 1)) / (frequency + (lengthNorm[shortId] as number)));
        scores.set(doc, (scores.get(doc) ?? 0) + score);
      }
    }
    return scores;
  }

  /**
   * MiniSearch's per-article maps as dense arrays by its short id: the article number
   * (-1 once removed) and, per field, BM25's length term k1·(1 − b + b·length/average).
   * Reading them from Maps per posting cost 200 ns each (cache misses); an array read
   * costs a few. Built on first use after the index changes.
   */
  private scoringArrays(): ScoringArrays {
    if (this.scoring !== undefined) return this.scoring;
    const internals = this.miniSearch as unknown as MiniSearchScoring;
    const { k1, b } = this.ranking;
    const docOf = new Int32Array(internals._nextId).fill(-1);
    for (const [shortId, doc] of internals._documentIds) docOf[shortId] = doc;
    const lengthNorms = FIELDS.map(() => new Float64Array(internals._nextId));
    for (const [shortId, lengths] of internals._fieldLength) {
      for (const [fieldId, norms] of lengthNorms.entries()) {
        const average = internals._avgFieldLength[fieldId] || 1;
        norms[shortId] = k1 * (1 - b + (b * (lengths[fieldId] ?? 0)) / average);
      }
    }
    this.scoring = { docOf, lengthNorms };
    return this.scoring;
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
    const { rest, encoded } = encodePostings(this.miniSearch.toJSON());
    return {
      titleWeight: this.ranking.titleWeight,
      textTermCount: this.textTermCount,
      miniSearch: rest,
      documentFrequencies: [...this.documentFrequencies],
      encoded,
    };
  }
}

/** The text index for persistence: MiniSearch's plain form without its index, which is `encoded`. */
export interface SerializedTextIndex {
  /** How many times the title was indexed in the text field (absent: an older layout). */
  titleWeight: number;
  /** Index terms in all articles' ranked text, for the average length. */
  textTermCount: number;
  miniSearch: AsPlainObject;
  documentFrequencies: [string, number][];
  encoded: EncodedPostings;
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
