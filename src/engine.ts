import { Analyzer, type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
import type { Article } from './article.js';
import { DocumentStore } from './index/document-store.js';
import { applyArticles, type UpdateCounts } from './index/incremental.js';
import { type IndexMeta, type IndexParts, loadIndexFiles, saveIndexFiles } from './index/index-files.js';
import { withIndexLock } from './index/index-lock.js';
import { hasIndex, type Manifest, refuseForeignFolder } from './index/persistence.js';
import { TextIndex } from './index/text-index.js';
import { emptyReport, type IngestReport, readArticles } from './ingest/ingest.js';
import { compareSources, type SourceChanges, type SourceSummary, summarizeSources } from './ingest/source-summary.js';
import { DEFAULT_QUERY_SIZE, type QuerySize } from './query/parse.js';
import { Completion, DEFAULT_SUGGESTIONS, type Suggestion } from './search/completion.js';
import { IndexView } from './search/index-view.js';
import { rank, search } from './search/pipeline.js';
import type { SearchRequest } from './search/request.js';
import type { RankedHit, SearchResponse } from './search/response.js';

export { MAX_SUGGEST_TEXT_LENGTH, MAX_SUGGESTIONS, type Suggestion, type SuggestionKind } from './search/completion.js';
export type { MatchedTerm, RankedHit, SearchHit, SearchResponse } from './search/response.js';

/** What the engine knows about its index, for health checks and stats. */
export interface IndexInfo {
  articles: number;
  version?: string;
  builtAt?: string;
  analyzer: AnalyzerSettings;
  /** Milliseconds `SearchEngine.open` took to load and verify the index. */
  loadMs?: number;
}

/** What `SearchEngine.update` found and did. */
export interface IndexUpdate {
  engine: SearchEngine;
  report: IngestReport;
  /** Input files added, changed, removed and unchanged since the last build. */
  changes: SourceChanges;
  /** Articles added, re-indexed, removed and kept; undefined when no input changed and nothing was written. */
  counts?: UpdateCounts;
  /** The version written, when one was. */
  version?: string;
}

/** The time a search may take by default before it is stopped (SearchEngine.searchBudgetMs). */
export const DEFAULT_SEARCH_BUDGET_MS = 1_000;

/**
 * Gazette's search engine: an index of articles, and the search over it that the
 * HTTP server and the command line also use. A facade: building and changing the index
 * is the index's (src/index/), a search is a pipeline of stages (src/search/pipeline.ts).
 *
 * Usage:
 *
 *     import { SearchEngine } from 'gazette';
 *     const { engine, report } = await SearchEngine.fromFiles(['articles/']);
 *     await engine.save('index-data/index');
 *     const reopened = await SearchEngine.open('index-data/index');
 *     const { total, hits, facets } = reopened.search({ q: 'protest minsk', interval: 'month' });
 *     // Facets by week in Kolkata time, with the authors and tags of the monsoon stories (README, "Facets").
 *     reopened.search({ q: 'floods', interval: 'week', tz: 'Asia/Kolkata', facets: ['author', 'tag'], filters: { tag: ['monsoon'] } });
 */
export class SearchEngine {
  /**
   * The most time one search (or `rank`) may take; past it, it stops with SearchTimeoutError
   * (the server answers 503), so that one costly query cannot hold the process. Default 1,000 ms.
   */
  searchBudgetMs: number = DEFAULT_SEARCH_BUDGET_MS;
  /**
   * How long a query may be (characters, clauses); longer ones are refused with an
   * InvalidParameterError. Default DEFAULT_QUERY_SIZE, the HTTP server's 1,000 characters and
   * 100 terms; `engine.querySize = LONG_QUERY_SIZE` lifts it for long queries, as `search --batch` does.
   */
  querySize: QuerySize = DEFAULT_QUERY_SIZE;
  private readonly parts: IndexParts;
  private readonly view: IndexView;
  private readonly manifest: Manifest<IndexMeta> | undefined;
  private sources: SourceSummary | undefined;
  private loadMs: number | undefined;
  // Made when first asked for, dropped when an article comes or goes.
  private completion: Completion | undefined;

  private constructor(parts: IndexParts, manifest?: Manifest<IndexMeta>) {
    this.parts = parts;
    this.view = new IndexView(parts.analyzer, parts.store, parts.textIndex);
    this.manifest = manifest;
    this.sources = manifest?.meta.sources;
  }

  /** Indexes articles given as objects. Articles whose id was already seen are skipped. */
  static async fromArticles(
    articles: Iterable<Article> | AsyncIterable<Article>,
    settings: AnalyzerSettings = DEFAULT_ANALYZER,
  ): Promise<SearchEngine> {
    const analyzer = new Analyzer(settings);
    const engine = new SearchEngine({ analyzer, store: new DocumentStore(), textIndex: TextIndex.create(analyzer) });
    for await (const article of articles) engine.add(article);
    engine.parts.textIndex.prepare();
    return engine;
  }

  /**
   * Reads and indexes article files and folders. Files that cannot be read are
   * listed in the report with their reason; the others are indexed all the same.
   */
  static async fromFiles(
    inputs: readonly string[],
    settings: AnalyzerSettings = DEFAULT_ANALYZER,
  ): Promise<{ engine: SearchEngine; report: IngestReport }> {
    const report = emptyReport();
    // Fingerprinted before reading: a file changed meanwhile then looks changed to the next incremental rebuild.
    const sources = await summarizeSources(inputs);
    const engine = await SearchEngine.fromArticles(readArticles(inputs, report), settings);
    engine.sources = sources;
    return { engine, report };
  }

  /** Opens an index saved with `save`, checking it is whole. Throws IndexNotFoundError or IndexCorruptError. */
  static async open(directory: string): Promise<SearchEngine> {
    const started = performance.now();
    const { manifest, ...parts } = await loadIndexFiles(directory);
    const engine = new SearchEngine(parts, manifest);
    engine.loadMs = Math.round(performance.now() - started);
    return engine;
  }

  /**
   * Brings the index at `directory` up to date with `inputs`, re-indexing only the
   * articles that changed, and saves it as a new version (unless no input changed).
   * Search results are the same as after a full rebuild of the same inputs.
   * Without an index there yet, builds one in full.
   *
   *     const { changes, counts } = await SearchEngine.update('index-data/index', ['articles/']);
   */
  static async update(
    directory: string,
    inputs: readonly string[],
    read: (report: IngestReport) => AsyncIterable<Article> = (report) => readArticles(inputs, report),
  ): Promise<IndexUpdate> {
    // A folder holding what is not Gazette's is refused before its lock is made in it.
    await refuseForeignFolder(directory);
    // One writer from reading the index to saving it: another's save in between would be lost.
    return withIndexLock(directory, () => SearchEngine.updateLocked(directory, inputs, read));
  }

  private static async updateLocked(
    directory: string,
    inputs: readonly string[],
    read: (report: IngestReport) => AsyncIterable<Article>,
  ): Promise<IndexUpdate> {
    const report = emptyReport();
    const sources = await summarizeSources(inputs);
    const existing = (await hasIndex(directory)) ? await SearchEngine.open(directory) : undefined;
    const engine = existing ?? (await SearchEngine.fromArticles([]));
    const changes = compareSources(engine.sources ?? { inputs: [], files: [] }, sources);
    const sameInputs = JSON.stringify(engine.sources?.inputs) === JSON.stringify(sources.inputs);
    if (existing !== undefined && sameInputs && changes.added.length + changes.changed.length + changes.removed.length === 0) {
      return { engine, report, changes };
    }
    const counts = await applyArticles(engine, read(report), changes);
    const version = await engine.save(directory, { sources });
    return { engine, report, changes, counts, version };
  }

  /** Saves the index to a folder, atomically: a reader sees the old index or the new one, never a mix. */
  async save(directory: string, options: { sources?: SourceSummary } = {}): Promise<string> {
    if (options.sources !== undefined) this.sources = options.sources;
    return saveIndexFiles(directory, this.parts, this.sources);
  }

  /** Adds one article. Returns false, changing nothing, when an article with its id is already indexed. */
  add(article: Article): boolean {
    const { store, textIndex } = this.parts;
    if (store.has(article.id)) return false;
    textIndex.add(store.add(article), article);
    this.changed();
    return true;
  }

  /** Removes the article with this id from the index. Returns false when there is none. */
  remove(id: string): boolean {
    const { store, textIndex } = this.parts;
    const doc = store.numberOf(id);
    if (doc === undefined) return false;
    textIndex.remove(doc);
    this.changed();
    store.remove(doc);
    return true;
  }

  private changed(): void {
    this.view.changed();
    this.completion = undefined;
  }

  /** Replaces the stored record of an article whose indexed text, tags and date are unchanged (e.g. its `source`). */
  replaceRecord(article: Article): void {
    const doc = this.parts.store.numberOf(article.id);
    if (doc === undefined) throw new RangeError(`no article with id "${article.id}"`);
    this.parts.store.replaceRecord(doc, article);
    this.completion = undefined;
  }

  /** The ids of every indexed article. */
  *ids(): IterableIterator<string> {
    const { store } = this.parts;
    for (const doc of store.numbers()) yield store.get(doc).id;
  }

  /** The article with this id, as it was indexed. */
  article(id: string): Article | undefined {
    const doc = this.parts.store.numberOf(id);
    return doc === undefined ? undefined : this.parts.store.get(doc);
  }

  /** How many articles the index holds. */
  get size(): number {
    return this.parts.store.size;
  }

  /** The index's size, version, build time, analyzer settings and load time. */
  info(): IndexInfo {
    const info: IndexInfo = { articles: this.size, analyzer: this.parts.analyzer.settings };
    if (this.manifest !== undefined) {
      info.version = this.manifest.version;
      info.builtAt = this.manifest.builtAt;
    }
    if (this.loadMs !== undefined) info.loadMs = this.loadMs;
    return info;
  }

  /**
   * Builds now what the first prefix or fuzzy search would otherwise build (the sorted
   * vocabulary and its frequencies, 50 ms on Reuters), so that no searcher pays for it.
   * The server calls it before it reports ready. Returns the engine.
   */
  warm(): this {
    this.parts.textIndex.warmLookups();
    return this;
  }

  /**
   * As-you-type completion: words of the titles that complete the last word typed (counted over
   * the titles holding the words before it, when some do), and authors, tags and sources that
   * complete the whole text; a typo forgiven from five letters. Ranked by how much of the text
   * they account for, then by how many articles they lead to; at most `limit` (1–50). Built on
   * the first call (a pass over every title), kept until an article comes or goes. Throws
   * InvalidParameterError naming `q` for a text over 200 characters, `limit` for a bad limit.
   *
   *     engine.suggest('oil pri', 5)   // [{ kind: 'word', value: 'prices', count: 412 }, …]
   *     engine.suggest('minsk')        // [{ kind: 'tag', value: 'Minsk', count: 7 }, { kind: 'word', value: 'minsk', count: 5 }, …]
   */
  suggest(text: string, limit = DEFAULT_SUGGESTIONS): Suggestion[] {
    this.completion ??= new Completion(this.view);
    return this.completion.suggest(text, limit);
  }

  /**
   * Ranking alone: the ids and scores of a page of the best matches, with the same
   * query language, filters and order as `search`, but no snippets, highlighting or
   * facets. For programs that render results themselves, and the benchmark's bare ranking.
   */
  rank(request: SearchRequest): RankedHit[] {
    return rank(this.view, request, this.searchBudgetMs, this.querySize);
  }

  /**
   * Searches the index: a page of hits with highlighted snippets, the total, and facets.
   * Throws InvalidParameterError, naming the parameter, for a request it cannot run, and
   * SearchTimeoutError past `searchBudgetMs`.
   */
  search(request: SearchRequest): SearchResponse {
    return search(this.view, request, this.searchBudgetMs, this.querySize);
  }
}
