import { type Article, timestampOf } from '../article.js';

/**
 * The articles themselves, kept apart from the inverted index and addressed by
 * their number (their position in the store), with per-article columns that
 * filters, sorting and facets read without touching the articles.
 *
 * Numbers are never reused: a removed article leaves a hole (saved as `null`), so
 * that the inverted index, which refers to articles by number, stays valid across
 * incremental rebuilds.
 */
export class DocumentStore {
  private readonly articles: (Article | null)[] = [];
  private readonly numberById = new Map<string, number>();
  private live = 0;
  // Publication instants in ms since the epoch, NaN for undated articles. Grown by doubling.
  private timestampColumn = new Float64Array(1024);

  /** Adds an article and returns its number. */
  add(article: Article): number {
    const doc = this.articles.length;
    this.articles.push(article);
    this.numberById.set(article.id, doc);
    this.live++;
    if (doc === this.timestampColumn.length) {
      const grown = new Float64Array(this.timestampColumn.length * 2);
      grown.set(this.timestampColumn);
      this.timestampColumn = grown;
    }
    this.timestampColumn[doc] = timestampOf(article);
    return doc;
  }

  /** Removes the article with this number; its number is not reused. Returns the removed article. */
  remove(doc: number): Article {
    const article = this.get(doc);
    this.articles[doc] = null;
    this.numberById.delete(article.id);
    this.timestampColumn[doc] = Number.NaN;
    this.live--;
    return article;
  }

  /**
   * Replaces the stored record of an article whose indexed text and date did not
   * change (e.g. only its `source` line moved), without touching the inverted index.
   */
  replaceRecord(doc: number, article: Article): void {
    const old = this.get(doc);
    if (old.id !== article.id) throw new RangeError(`article number ${doc} is "${old.id}", not "${article.id}"`);
    this.articles[doc] = article;
    this.timestampColumn[doc] = timestampOf(article);
  }

  get(doc: number): Article {
    const article = this.articles[doc];
    if (article === undefined || article === null) throw new RangeError(`no article number ${doc}`);
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

  /** Number of articles held (removed ones not counted). */
  get size(): number {
    return this.live;
  }

  /** Numbers left unused by removed articles. */
  get holes(): number {
    return this.articles.length - this.live;
  }

  /** Every article number, in store order. */
  *numbers(): IterableIterator<number> {
    for (let doc = 0; doc < this.articles.length; doc++) if (this.articles[doc] !== null) yield doc;
  }

  toJSON(): (Article | null)[] {
    return this.articles;
  }

  static fromArticles(articles: readonly (Article | null)[]): DocumentStore {
    const store = new DocumentStore();
    for (const article of articles) {
      if (article !== null) {
        store.add(article);
        continue;
      }
      // Keep the hole, so that later numbers still match the inverted index.
      store.articles.push(null);
      if (store.articles.length > store.timestampColumn.length) {
        const grown = new Float64Array(store.timestampColumn.length * 2);
        grown.set(store.timestampColumn);
        store.timestampColumn = grown;
      }
      store.timestampColumn[store.articles.length - 1] = Number.NaN;
    }
    return store;
  }
}
