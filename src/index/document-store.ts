import { type Article, timestampOf } from '../article.js';

/**
 * The articles themselves, kept apart from the inverted index and addressed by
 * their number (their position in the store), with per-article columns that
 * filters, sorting and facets read without touching the articles.
 */
export class DocumentStore {
  private readonly articles: Article[] = [];
  private readonly numberById = new Map<string, number>();
  // Publication instants in ms since the epoch, NaN for undated articles. Grown by doubling.
  private timestampColumn = new Float64Array(1024);

  /** Adds an article and returns its number. */
  add(article: Article): number {
    const doc = this.articles.length;
    this.articles.push(article);
    this.numberById.set(article.id, doc);
    if (doc === this.timestampColumn.length) {
      const grown = new Float64Array(this.timestampColumn.length * 2);
      grown.set(this.timestampColumn);
      this.timestampColumn = grown;
    }
    this.timestampColumn[doc] = timestampOf(article);
    return doc;
  }

  get(doc: number): Article {
    const article = this.articles[doc];
    if (article === undefined) throw new RangeError(`no article number ${doc}`);
    return article;
  }

  numberOf(id: string): number | undefined {
    return this.numberById.get(id);
  }

  has(id: string): boolean {
    return this.numberById.has(id);
  }

  /** The article's publication instant in ms, or NaN when it is undated. */
  timestamp(doc: number): number {
    return this.timestampColumn[doc] ?? Number.NaN;
  }

  get size(): number {
    return this.articles.length;
  }

  /** Every article number, in store order. */
  *numbers(): IterableIterator<number> {
    for (let doc = 0; doc < this.articles.length; doc++) yield doc;
  }

  toJSON(): Article[] {
    return this.articles;
  }

  static fromArticles(articles: readonly Article[]): DocumentStore {
    const store = new DocumentStore();
    for (const article of articles) store.add(article);
    return store;
  }
}
