import type { Analyzer } from '../analysis/analyzer.js';
import type { Article } from '../article.js';
import { inverseDocumentFrequency, lengthNorm, termScore } from './bm25.js';
import { DocScores, DocScoresBuilder } from './scores.js';

/** The short fields scored apart from the text: an article's author and its tags. */
export const LABEL_FIELDS = ['author', 'tags'] as const;
/** One of LABEL_FIELDS. */
export type LabelField = (typeof LABEL_FIELDS)[number];

/** How the label fields score: BM25's k1, b and delta, and each field's boost. */
export interface LabelRanking {
  k1: number;
  b: number;
  delta: number;
  boosts: Record<LabelField, number>;
}

// How many articles' scores are kept in all (12 bytes each: 48 MB); past it they are made again as searches ask.
const MAX_SCORED_ARTICLES = 4_000_000;

/**
 * Authors and tags, the short labels a minority of articles carry: per field, each term's
 * articles with its frequency, and each article's length (its number of distinct terms,
 * as the text's BM25 counts it). Small maps suit a few words per article; the text has
 * typed arrays. Scores are BM25 over every article of the index, labelled or not.
 */
export class LabelIndex {
  private readonly postings: Record<LabelField, Map<string, Map<number, number>>> = { author: new Map(), tags: new Map() };
  // Per labelled article, the distinct terms of its author and of its tags: their number is
  // the field's length, and a removal reads them rather than every term.
  private readonly termsOf = new Map<number, Record<LabelField, string[]>>();
  private averages: Record<LabelField, number> | undefined;
  private averagedOver = -1;
  // The scores of the terms searched lately, by field and term, for the article count and
  // ranking they were made with: a tag on thousands of articles was scored and sorted again on
  // every search (a tenth of a search thread's CPU over Reuters, a third of what it allocated).
  private readonly scored = new Map<string, DocScores>();
  private scoredArticles = 0;
  private scoredFor: { articleCount: number; ranking: LabelRanking } | undefined;

  constructor(private readonly analyzer: Analyzer) {}

  /** Reads the index `toBytes` wrote. */
  static fromBytes(analyzer: Analyzer, terms: readonly string[], stream: Int32Array): LabelIndex {
    const index = new LabelIndex(analyzer);
    let at = 0;
    const next = () => {
      if (at >= stream.length) throw new Error('the label postings end early');
      return stream[at++] as number;
    };
    for (const field of LABEL_FIELDS) {
      for (const term of terms) {
        const count = next();
        if (count === 0) continue;
        const articles = new Map<number, number>();
        for (let left = count; left > 0; left--) {
          const doc = next();
          articles.set(doc, next());
          index.fieldTerms(doc)[field].push(term);
        }
        index.postings[field].set(term, articles);
      }
    }
    if (at !== stream.length) throw new Error('the label postings hold more than their terms');
    return index;
  }

  /** Indexes an article's author and tags, when it has any. */
  add(doc: number, article: Article): void {
    if (article.author === undefined && article.tags.length === 0) return;
    const author = this.analyzer.terms(article.author ?? '');
    const tags = this.analyzer.terms(article.tags.join(' '));
    this.termsOf.set(doc, { author: [...new Set(author)], tags: [...new Set(tags)] });
    this.addTerms('author', doc, author);
    this.addTerms('tags', doc, tags);
    this.changed();
  }

  /** Forgets the article's labels. */
  remove(doc: number): void {
    const terms = this.termsOf.get(doc);
    if (terms === undefined) return;
    this.termsOf.delete(doc);
    for (const field of LABEL_FIELDS) {
      for (const term of terms[field]) {
        const articles = this.postings[field].get(term);
        if (articles?.delete(doc) && articles.size === 0) this.postings[field].delete(term);
      }
    }
    this.changed();
  }

  private changed(): void {
    this.averages = undefined;
    this.forgetScores();
  }

  private forgetScores(): void {
    this.scored.clear();
    this.scoredArticles = 0;
  }

  /** Every article holding the term in `field`, scored by BM25 among `articleCount` articles. */
  scores(term: string, field: LabelField, articleCount: number, ranking: LabelRanking): DocScores {
    const articles = this.postings[field].get(term);
    if (articles === undefined) return DocScores.EMPTY;
    if (this.scoredFor?.articleCount !== articleCount || this.scoredFor.ranking !== ranking) {
      this.forgetScores();
      this.scoredFor = { articleCount, ranking };
    }
    const key = `${field} ${term}`;
    let scores = this.scored.get(key);
    if (scores === undefined) {
      scores = this.scoresOf(articles, field, articleCount, ranking);
      if (this.scoredArticles + scores.size > MAX_SCORED_ARTICLES) this.forgetScores();
      this.scored.set(key, scores);
      this.scoredArticles += scores.size;
    }
    return scores;
  }

  private scoresOf(articles: Map<number, number>, field: LabelField, articleCount: number, ranking: LabelRanking): DocScores {
    const average = this.averageLengths(articleCount)[field];
    const weight = ranking.boosts[field] * inverseDocumentFrequency(articleCount, articles.size);
    const scored: [number, number][] = [];
    for (const [doc, frequency] of articles) {
      const length = (this.termsOf.get(doc) as Record<LabelField, string[]>)[field].length;
      scored.push([doc, termScore(weight, frequency, lengthNorm(ranking.k1, ranking.b, length, average), ranking.k1, ranking.delta)]);
    }
    const scores = new DocScoresBuilder(scored.length);
    for (const [doc, score] of scored.sort((a, b) => a[0] - b[0])) scores.push(doc, score);
    return scores.build();
  }

  /** The articles holding the term in any label field. */
  articlesWith(term: string): Set<number> {
    const found = new Set<number>();
    for (const field of LABEL_FIELDS) for (const doc of this.postings[field].get(term)?.keys() ?? []) found.add(doc);
    return found;
  }

  /** Whether some article's author or tags hold the term. */
  hasTerm(term: string): boolean {
    return LABEL_FIELDS.some((field) => this.postings[field].has(term));
  }

  /** Every term of authors and tags. */
  terms(): Set<string> {
    return new Set(LABEL_FIELDS.flatMap((field) => [...this.postings[field].keys()]));
  }

  /**
   * The index as its terms (to save as text) and one Int32 stream: per field, per term in
   * `terms` order, its number of articles and (article, frequency) for each.
   */
  toBytes(): { terms: string[]; stream: Int32Array } {
    const terms = [...this.terms()].sort();
    const values: number[] = [];
    for (const field of LABEL_FIELDS) {
      for (const term of terms) {
        const articles = this.postings[field].get(term);
        values.push(articles?.size ?? 0);
        for (const [doc, frequency] of articles ?? []) values.push(doc, frequency);
      }
    }
    return { terms, stream: Int32Array.from(values) };
  }

  // An article's lists of distinct terms per field, made when its first term is read back.
  private fieldTerms(doc: number): Record<LabelField, string[]> {
    let terms = this.termsOf.get(doc);
    if (terms === undefined) {
      terms = { author: [], tags: [] };
      this.termsOf.set(doc, terms);
    }
    return terms;
  }

  private addTerms(field: LabelField, doc: number, terms: readonly string[]): void {
    const postings = this.postings[field];
    for (const term of terms) {
      let articles = postings.get(term);
      if (articles === undefined) {
        articles = new Map();
        postings.set(term, articles);
      }
      articles.set(doc, (articles.get(doc) ?? 0) + 1);
    }
  }

  // Articles without labels count as length 0 in the average, as BM25 over all articles has it.
  private averageLengths(articleCount: number): Record<LabelField, number> {
    if (this.averages === undefined || this.averagedOver !== articleCount) {
      let author = 0;
      let tags = 0;
      for (const terms of this.termsOf.values()) {
        author += terms.author.length;
        tags += terms.tags.length;
      }
      const average = (total: number) => (articleCount === 0 ? 1 : total / articleCount || 1);
      this.averages = { author: average(author), tags: average(tags) };
      this.averagedOver = articleCount;
    }
    return this.averages;
  }
}
