// Over 400 lines, for a reason: the articles and the columns filters and facets read are kept in
// step by add, remove and load; split in two, each half would reach into the other's arrays.
import { basename, dirname } from 'node:path';
import { type Article, timestampOf } from '../article.js';
import type { HeldFile } from './held-file.js';
import { IdTable } from './id-table.js';
import { ArticleSpool, ArticlesInMemory, type SavedArticles, writeArticleFile } from './saved-articles.js';
import { decodeJsonColumns, encodeColumns, encodeIds, type SavedTermColumn, type StoreColumns } from './store-files.js';

/**
 * The fields articles can be filtered and counted by, and how each reads its
 * values from an article. Declaring a field here is all it takes to facet on it.
 */
export const FACET_FIELDS = {
  author: (article: Article): readonly string[] => (article.author === undefined ? [] : [article.author]),
  tag: (article: Article): readonly string[] => article.tags,
  source: (article: Article): readonly string[] => {
    const name = sourceNameOf(article);
    return name === undefined ? [] : [name];
  },
} as const;

/** A field that articles can be filtered and counted by: `author`, `tag` or `source`. */
export type FacetField = keyof typeof FACET_FIELDS;
/** Every FacetField, in the order facets are listed. */
export const FACET_FIELD_NAMES = Object.keys(FACET_FIELDS) as FacetField[];

/**
 * Who published an article: the host of its URL (`bbc.co.uk`) when it has one,
 * else the collection it was read from: the file, for files holding many
 * articles (`reuters21578.jsonl`), or the folder, for one-article files.
 */
export function sourceNameOf(article: Pick<Article, 'url' | 'source'>): string | undefined {
  if (article.url !== undefined && URL.canParse(article.url)) {
    const host = new URL(article.url).hostname.replace(/^www\./, '');
    if (host !== '') return host;
  }
  if (article.source === undefined || article.source === '') return undefined;
  const line = /:\d+$/.exec(article.source);
  if (line !== null) return basename(article.source.slice(0, line.index));
  const folder = basename(dirname(article.source));
  return folder === '.' || folder === '' ? basename(article.source) : folder;
}

/** A facet value as shown: its spacing made plain (the first spelling of a value is the one shown). */
export function facetSpelling(value: string): string {
  return value.trim().replace(/\s+/gu, ' ');
}

/** How facet values compare: case, spacing and Unicode composition do not matter. */
export function facetKey(value: string): string {
  return facetSpelling(value.normalize('NFC')).toLowerCase();
}

/**
 * One facet field's values for every article, as ids into a dictionary of
 * distinct values: article d's ids are `valueIds[starts[d]] … valueIds[starts[d+1] - 1]`.
 * Facets and filters read these typed arrays, never the articles.
 */
export class TermColumn {
  // Each value as first spelled, by id; values that differ only in case share an id.
  private readonly spellings: string[] = [];
  private readonly idByKey = new Map<string, number>();
  private startColumn = new Uint32Array(1025);
  private idColumn = new Uint32Array(1024);
  private documents = 0;

  /** Adds the next article's values (articles are added in store order). A value given twice counts once. */
  append(values: readonly string[]): void {
    const start = this.startColumn[this.documents] as number;
    const ids = new Set<number>();
    for (const value of values) {
      const key = facetKey(value);
      if (key === '') continue;
      let id = this.idByKey.get(key);
      if (id === undefined) {
        id = this.spellings.length;
        this.spellings.push(facetSpelling(value));
        this.idByKey.set(key, id);
      }
      ids.add(id);
    }
    this.idColumn = ensureLength(this.idColumn, start + ids.size);
    let end = start;
    for (const id of ids) this.idColumn[end++] = id;
    this.documents++;
    this.startColumn = ensureLength(this.startColumn, this.documents + 1);
    this.startColumn[this.documents] = end;
  }

  /** Where each article's ids begin in `valueIds`; one more entry than there are articles. */
  get starts(): Uint32Array {
    return this.startColumn;
  }

  /** The value ids of all articles, one after the other. */
  get valueIds(): Uint32Array {
    return this.idColumn;
  }

  /** How many distinct values the field has. */
  get distinctValues(): number {
    return this.spellings.length;
  }

  /** A value as first spelled in the articles. */
  spelling(id: number): string {
    const spelling = this.spellings[id];
    if (spelling === undefined) throw new RangeError(`no value number ${id}`);
    return spelling;
  }

  /** The id of a value, compared by facetKey; undefined when no article has it. */
  idOf(value: string): number | undefined {
    return this.idByKey.get(facetKey(value));
  }

  /** The column as saved, for `fromSerialized` (views of its arrays, not copies). */
  serialize(): SavedTermColumn {
    const end = this.startColumn[this.documents] as number;
    return {
      values: this.spellings,
      starts: this.startColumn.subarray(0, this.documents + 1),
      valueIds: this.idColumn.subarray(0, end),
    };
  }

  /** Reads a column written by `serialize`, for `documents` articles. Throws when it does not fit. */
  static fromSerialized(serialized: SavedTermColumn, documents: number): TermColumn {
    const column = new TermColumn();
    const { values, starts, valueIds } = serialized;
    if (starts.length !== documents + 1 || starts[0] !== 0 || starts[documents] !== valueIds.length) {
      throw new Error(`a facet column does not fit its ${documents} articles`);
    }
    for (let position = 1; position < starts.length; position++) {
      if ((starts[position] as number) < (starts[position - 1] as number)) throw new Error('a facet column goes backwards');
    }
    for (let position = 0; position < valueIds.length; position++) {
      const id = valueIds[position] as number;
      if (!(id >= 0 && id < values.length)) throw new Error('a facet column names a value it does not have');
    }
    for (const [id, value] of values.entries()) {
      column.spellings.push(value);
      column.idByKey.set(facetKey(value), id);
    }
    column.startColumn = Uint32Array.from(starts);
    column.idColumn = Uint32Array.from(valueIds);
    column.documents = documents;
    return column;
  }
}

/**
 * What `DocumentStore.serialize` writes (store-files.ts and saved-articles.ts say how): the
 * articles, one JSON line per article number (`null` for a removed one), with each line's start
 * and checksum, so that opening an index reads an article only when a search shows it; the ids;
 * and the columns filters and facets read.
 */
export interface SerializedStore {
  /** The articles file: bytes, or a file copied as it stands (a store saved with no article changed). */
  articles: Buffer | HeldFile;
  lines: Buffer;
  ids: Buffer;
  columns: string;
  columnsBin: Buffer;
}

// Parsed articles kept for the next read: a page of hits reads each of its articles more than once.
const RECENT_ARTICLES = 1024;

/**
 * When a store being built writes its articles out to a temporary file (ArticleSpool) rather
 * than hold them: once the text of those it holds passes `heldCharacters`. Settable for tests.
 */
export const SPOOL = { heldCharacters: 32 * 1024 * 1024 };

// Typed arrays cannot grow: copy into one twice as large when full.
function ensureLength(column: Uint32Array<ArrayBuffer>, length: number): Uint32Array<ArrayBuffer> {
  if (length <= column.length) return column;
  const grown = new Uint32Array(Math.max(length, column.length * 2));
  grown.set(column);
  return grown;
}

/** The per-article columns facets and filters read. */
export interface FacetColumns {
  /** Publication instants in ms since the epoch, NaN for undated articles, by article number. */
  timestamps: Float64Array;
  terms: Readonly<Record<FacetField, TermColumn>>;
}

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
  // null: removed. undefined: a line of `saved`, read when asked for.
  private articles: (Article | null | undefined)[] = [];
  // Each article's id by number, so that an id never needs its article read; an opened store's
  // saved ids are made into a table when first looked up (a write): searches never look one up.
  private idTable = new IdTable();
  private live = 0;
  // The numbers removed since the store was made, in order, and each one's instant (NaN: undated):
  // what counts and orders kept over every live article follow.
  private readonly removedNumbers: number[] = [];
  private readonly removedInstantList: number[] = [];
  // The articles an opened store was read from, and the ones read from them lately.
  private saved: SavedArticles | undefined;
  private readonly recent = new Map<number, Article>();
  // A store built here, not opened: where its articles go once they outgrow memory, and how
  // much text it holds since they last went.
  private spool: ArticleSpool | undefined;
  private heldCharacters = 0;
  // An article was removed or its record replaced: the saved columns must be rebuilt.
  private changed = false;
  // Publication instants in ms since the epoch, NaN for undated articles. Grown by doubling.
  private timestampColumn = new Float64Array(1024);
  private termColumns = Object.fromEntries(FACET_FIELD_NAMES.map((field) => [field, new TermColumn()])) as Record<FacetField, TermColumn>;

  /** Adds an article and returns its number. */
  add(article: Article): number {
    const doc = this.articles.length;
    this.articles.push(article);
    this.idTable.push(article.id);
    this.live++;
    if (doc === this.timestampColumn.length) {
      const grown = new Float64Array(this.timestampColumn.length * 2);
      grown.set(this.timestampColumn);
      this.timestampColumn = grown;
    }
    this.timestampColumn[doc] = timestampOf(article);
    for (const field of FACET_FIELD_NAMES) this.termColumns[field].append(FACET_FIELDS[field](article));
    this.heldCharacters += article.title.length + article.body.length;
    if (this.heldCharacters > SPOOL.heldCharacters) this.spill();
    return doc;
  }

  // Writes the articles held since the last spill to the spool, which then serves them (after
  // the saved ones of an opened store).
  private spill(): void {
    this.spool ??= new ArticleSpool(this.saved);
    this.saved = this.spool;
    const from = this.spool.count;
    this.spool.append(Array.from(this.articles.slice(from), (article) => JSON.stringify(article ?? null)));
    for (let doc = from; doc < this.articles.length; doc++) if (this.articles[doc] !== null) this.articles[doc] = undefined;
    this.heldCharacters = 0;
  }

  /** Removes the article with this number; its number is not reused. Returns the removed article. */
  remove(doc: number): Article {
    const article = this.get(doc);
    this.articles[doc] = null;
    this.idTable.remove(doc);
    this.changed = true;
    this.removedInstantList.push(this.timestampColumn[doc] as number);
    this.timestampColumn[doc] = Number.NaN;
    this.live--;
    this.removedNumbers.push(doc);
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
    this.changed = true;
    this.timestampColumn[doc] = timestampOf(article);
  }

  /** The article with this number (parsed from the saved file the first time it is asked for). */
  get(doc: number): Article {
    const article = this.articles[doc] ?? (this.articles[doc] === undefined ? this.parseSaved(doc) : undefined);
    if (article === undefined) throw new RangeError(`no article number ${doc}`);
    return article;
  }

  /**
   * Reads the saved ids' places, so that the first page's ids are not slower than the next ones';
   * with `lookups`, also makes the table that finds an article by its id (IdTable.warm).
   */
  warmIds(lookups = false): void {
    this.idTable.warm(lookups);
  }

  /** The id of the live article with this number, read from the ids alone (not the article). */
  idOf(doc: number): string {
    const id = this.idTable.idOf(doc);
    if (id === undefined) throw new RangeError(`no article number ${doc}`);
    return id;
  }

  private parseSaved(doc: number): Article | undefined {
    if (this.saved === undefined || doc < 0 || doc >= this.saved.count) return undefined;
    const cached = this.recent.get(doc);
    if (cached !== undefined) return cached;
    const article = JSON.parse(this.saved.text(doc)) as Article;
    this.recent.set(doc, article);
    // The oldest goes first (a Map keeps the order entries were set in).
    if (this.recent.size > RECENT_ARTICLES) this.recent.delete(this.recent.keys().next().value as number);
    return article;
  }

  /** Gives back the file saved articles are read from; reading one after this throws. */
  close(): void {
    this.saved?.close?.();
    this.recent.clear();
  }

  /** Every live article's id, in order. */
  *liveIds(): IterableIterator<string> {
    yield* this.idTable.liveIds();
  }

  /** Every live article with its number, in order; saved ones read in one pass over their file, not one read each. */
  *liveArticles(): IterableIterator<[doc: number, article: Article]> {
    const saved = this.saved?.texts();
    for (let doc = 0; doc < this.articles.length; doc++) {
      const text = doc < (this.saved?.count ?? 0) ? (saved?.next().value as string) : undefined;
      const held = this.articles[doc];
      if (held === null) continue;
      yield [doc, held ?? (JSON.parse(text as string) as Article)];
    }
  }

  numberOf(id: string): number | undefined {
    return this.idTable.numberOf(id);
  }

  has(id: string): boolean {
    return this.idTable.numberOf(id) !== undefined;
  }

  /** The article's publication instant in ms, or NaN when it is undated. */
  timestamp(doc: number): number {
    return this.timestampColumn[doc] ?? Number.NaN;
  }

  /** The columns facets and filters read. They are replaced as the store grows: read them anew for each search. */
  facetColumns(): FacetColumns {
    return { timestamps: this.timestampColumn, terms: this.termColumns };
  }

  /** Number of articles held (removed ones not counted). */
  get size(): number {
    return this.live;
  }

  /** Whether an article is held under this number (not removed). */
  isLive(doc: number): boolean {
    return doc >= 0 && doc < this.articles.length && this.articles[doc] !== null;
  }

  /** The number the next article added gets: every number below it was given once. */
  get nextNumber(): number {
    return this.articles.length;
  }

  /**
   * The numbers of the articles removed since the store was made or opened, in the order they
   * were (a saved store's holes are not among them). Their facet values stay in the columns.
   */
  get removals(): readonly number[] {
    return this.removedNumbers;
  }

  /** The instant each of `removals` was dated when removed (NaN: undated), in the same order: the column says NaN since. */
  get removedInstants(): readonly number[] {
    return this.removedInstantList;
  }

  /** Numbers left unused by removed articles. */
  get holes(): number {
    return this.articles.length - this.live;
  }

  /** Every article number, in store order. */
  *numbers(): IterableIterator<number> {
    for (let doc = 0; doc < this.articles.length; doc++) if (this.articles[doc] !== null) yield doc;
  }

  /** The store as files, for `open`. Articles read from a saved file and never changed are copied as they are. */
  serialize(): SerializedStore {
    const count = this.articles.length;
    if (this.spool !== undefined) this.spill();
    const kept = !this.changed && this.saved?.count === count ? this.saved.unchanged() : undefined;
    const { articles, lines } = kept ?? writeArticleFile(this.articleLines(), count);
    // After removals and replaced records, the columns are recomputed as a fresh load of the articles would.
    const source = this.changed ? this.recountedColumns() : { timestamps: this.timestampColumn, terms: this.termColumns };
    const removed: number[] = [];
    for (let doc = 0; doc < count; doc++) if (this.articles[doc] === null) removed.push(doc);
    const terms = Object.fromEntries(FACET_FIELD_NAMES.map((field) => [field, source.terms[field].serialize()]));
    const columns = encodeColumns({ count, removed, timestamps: source.timestamps.subarray(0, count), terms }, FACET_FIELD_NAMES);
    return { articles, lines, ids: this.idTable.encode(), columns: columns.json, columnsBin: columns.bin };
  }

  // Every article's line of the articles file, in order: saved lines as they are, the others written anew.
  private *articleLines(): IterableIterator<Uint8Array> {
    const saved = this.saved?.lines();
    for (let doc = 0; doc < this.articles.length; doc++) {
      const line = doc < (this.saved?.count ?? 0) ? (saved?.next().value as Buffer) : undefined;
      const held = this.articles[doc];
      yield held === undefined && line !== undefined ? line : Buffer.from(`${JSON.stringify(held ?? null)}\n`, 'utf8');
    }
  }

  // The columns as adding the live articles again would make them, in one pass that holds none.
  private recountedColumns(): FacetColumns {
    const count = this.articles.length;
    const timestamps = new Float64Array(count).fill(Number.NaN);
    const terms = Object.fromEntries(FACET_FIELD_NAMES.map((field) => [field, new TermColumn()])) as Record<FacetField, TermColumn>;
    let next = 0;
    const skipTo = (doc: number) => {
      for (; next < doc; next++) for (const field of FACET_FIELD_NAMES) terms[field].append([]);
    };
    for (const [doc, article] of this.liveArticles()) {
      skipTo(doc);
      timestamps[doc] = timestampOf(article);
      for (const field of FACET_FIELD_NAMES) terms[field].append(FACET_FIELDS[field](article));
      next = doc + 1;
    }
    skipTo(count);
    return { timestamps, terms };
  }

  /**
   * Opens a store written by `serialize`: `articles` is read a line at a time as searches
   * need them, the ids when an id is first looked up. Throws when the parts do not fit together.
   */
  static open(articles: SavedArticles, ids: Buffer, columns: StoreColumns): DocumentStore {
    const store = DocumentStore.fromColumns(articles, columns);
    store.idTable = new IdTable(ids, columns.count);
    return store;
  }

  /** Opens a store of index formats 7 and 8: the articles file's bytes, and the columns as JSON. */
  static fromSerialized(serialized: { articles: Buffer; columns: string }): DocumentStore {
    const { columns, ids } = decodeJsonColumns(serialized.columns);
    const store = DocumentStore.fromColumns(new ArticlesInMemory(serialized.articles, columns.count), columns);
    store.idTable = new IdTable(encodeIds(ids), columns.count);
    return store;
  }

  private static fromColumns(articles: SavedArticles, columns: StoreColumns): DocumentStore {
    const { count } = columns;
    if (articles.count !== count || columns.timestamps.length !== count) {
      throw new Error(`the articles file holds ${articles.count} articles, the columns ${count}`);
    }
    const store = new DocumentStore();
    store.saved = articles;
    store.articles = new Array<Article | null | undefined>(count).fill(undefined);
    for (const doc of columns.removed) {
      if (!(Number.isInteger(doc) && doc >= 0 && doc < count)) throw new Error(`the columns remove article ${doc} of ${count}`);
      store.articles[doc] = null;
    }
    store.live = count - columns.removed.length;
    store.timestampColumn = new Float64Array(Math.max(1024, count));
    store.timestampColumn.set(columns.timestamps);
    for (const field of FACET_FIELD_NAMES) {
      const column = columns.terms[field];
      if (column === undefined) throw new Error(`the columns have no ${field} column`);
      store.termColumns[field] = TermColumn.fromSerialized(column, count);
    }
    return store;
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
      store.idTable.push(null);
      if (store.articles.length > store.timestampColumn.length) {
        const grown = new Float64Array(store.timestampColumn.length * 2);
        grown.set(store.timestampColumn);
        store.timestampColumn = grown;
      }
      store.timestampColumn[store.articles.length - 1] = Number.NaN;
      // The facet columns are addressed by article number too: a hole has no values.
      for (const field of FACET_FIELD_NAMES) store.termColumns[field].append([]);
    }
    return store;
  }
}
