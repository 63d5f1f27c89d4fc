// Over 400 lines, for a reason: SearchEngine is the one facade embedders, the server and the CLI
// use, so each way in (build, open, update, write, commit, refresh, follow, search) is a short
// method here that hands over to its module; split, users would have two objects for one index.
import { Analyzer, type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
import { type Article, checkArticle } from './article.js';
import { IndexNotWritableError } from './errors.js';
import { DocumentStore } from './index/document-store.js';
import { applyArticles, type UpdateCounts } from './index/incremental.js';
import {
  type IndexMeta,
  type IndexParts,
  loadIndexFiles,
  loadIndexFromFiles,
  resolveSelf,
  type SharedIndexFiles,
  saveIndexFiles,
} from './index/index-files.js';
import { withIndexLock } from './index/index-lock.js';
import { DEFAULT_WRITER_SCHEDULE, IndexWriter, type WriterSchedule, type WriterTarget } from './index/index-writer.js';
import { hasIndex, type Manifest, readLiveManifest, refuseForeignFolder } from './index/persistence.js';
import { type ArticleOp, applyOps, segmentOps } from './index/segments.js';
import { DEFAULT_INVERSION_BUDGET } from './index/spilled-inversion.js';
import { type AnalyzedText, TextIndex } from './index/text-index.js';
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
  /** The number of the last write searchable (engines opened for writing, or following a writer); 0 for none. */
  seq: number;
  /** The number of the last write taken, searchable or not yet (`article` reads it at once). */
  acceptedSeq: number;
}

/** How `SearchEngine.open` opens an index. */
export interface OpenOptions {
  /**
   * Open for writing: the engine takes the folder's lock (one writer at a time), recovers the
   * writes its log holds, and takes `add`, `replace` and `remove`, made durable by `commit`
   * and searchable by `refresh` (or within `refreshIntervalMs` on their own).
   */
  write?: boolean;
  /** Writes become searchable within this time without a `refresh`. Default 500 ms. */
  refreshIntervalMs?: number;
  /** Writes not yet in a segment are flushed into one (visible to other processes) after this time. Default 5,000 ms. */
  flushIntervalMs?: number;
  /**
   * Read the index's files into shared memory, so that worker threads can search the same bytes
   * (`sharedFiles`, `SearchEngine.fromSharedFiles`). Not with `write`. Default false.
   */
  sharedMemory?: boolean;
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

/** How much of an index `SearchEngine.build` holds in memory while it builds and saves it. */
export interface BuildMemory {
  /** Words of the forward index kept before they go to a temporary file (4 bytes each). */
  forwardWords: number;
  /** Postings made at once from that file when saving (6 bytes each); each batch is one pass over it. */
  postingsPerPass: number;
  /** Words of the forward index read back from the file at a time (4 bytes each). */
  wordsPerRead: number;
}

/** About 0.3 GB: 16 M forward index words (64 MB), 32 M postings a pass (192 MB), reads of 4 M words (16 MB). */
export const DEFAULT_BUILD_MEMORY: BuildMemory = { forwardWords: 1 << 24, ...DEFAULT_INVERSION_BUDGET };

/** What `SearchEngine.build` is given beside the articles. */
export interface BuildOptions {
  /** How articles are analysed (DEFAULT_ANALYZER unless given). */
  settings?: AnalyzerSettings;
  /** The input files the articles came from, recorded for incremental rebuilds (summarizeSources). */
  sources?: SourceSummary;
  /** DEFAULT_BUILD_MEMORY unless given. */
  memory?: BuildMemory;
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
  private directory: string | undefined;
  private writer: IndexWriter | undefined;
  // The text of puts not yet searchable, read when they came (by write number).
  private readonly analyzedPuts = new Map<number, AnalyzedText>();
  // The last write this engine's index holds (read from its commit point, or applied since).
  private seq: number;
  // The commit point followed (catchUp): its base, and the segments already applied.
  private followed: { version: string; base: string; segments: Set<string> } | undefined;
  // Made when first asked for, dropped when an article comes or goes.
  private completion: Completion | undefined;
  // Opened into shared memory: what another thread needs to open the same bytes.
  private shared: SharedIndexFiles | undefined;

  private constructor(parts: IndexParts, manifest?: Manifest<IndexMeta>) {
    this.parts = parts;
    this.view = new IndexView(parts.analyzer, parts.store, parts.textIndex);
    this.manifest = manifest;
    this.sources = manifest?.meta.sources;
    this.seq = manifest?.meta.seq ?? 0;
    if (manifest !== undefined) this.followed = followedOf(manifest);
  }

  /** Indexes articles given as objects. Articles whose id was already seen are skipped. */
  static async fromArticles(
    articles: Iterable<Article> | AsyncIterable<Article>,
    settings: AnalyzerSettings = DEFAULT_ANALYZER,
  ): Promise<SearchEngine> {
    const analyzer = new Analyzer(settings);
    const textIndex = TextIndex.create(analyzer);
    const engine = new SearchEngine({ analyzer, store: new DocumentStore(), textIndex });
    await engine.addAll(articles);
    textIndex.prepare();
    return engine;
  }

  /**
   * Indexes articles into a new version at `directory` and makes it live, as `fromArticles`
   * then `save` would, with the same files, but holding the text's index in memory only a part
   * at a time (`memory`): the forward index goes to a temporary file as it is made, and the
   * postings are made from that file when saved, a batch of terms per pass. What grows with the
   * archive is a few hundred bytes an article (its id, date and place in the articles file, and
   * whatever the articles' source keeps, such as readArticles' duplicate checks). Temporary
   * files go to the system's temporary folder (TMPDIR). Nothing is searchable before it is
   * saved; open the folder to search it. Returns how many articles were indexed (an id already
   * seen is skipped) and the version's name.
   *
   *     const { articles } = await SearchEngine.build('index-data/index', readArticles(['articles/'], report));
   */
  static async build(
    directory: string,
    articles: Iterable<Article> | AsyncIterable<Article>,
    options: BuildOptions = {},
  ): Promise<{ articles: number; version: string }> {
    const analyzer = new Analyzer(options.settings ?? DEFAULT_ANALYZER);
    const { forwardWords, ...budget } = options.memory ?? DEFAULT_BUILD_MEMORY;
    const textIndex = TextIndex.createSpilling(analyzer, forwardWords, budget);
    const engine = new SearchEngine({ analyzer, store: new DocumentStore(), textIndex });
    try {
      await engine.addAll(articles);
      const version = await saveIndexFiles(directory, engine.parts, options.sources);
      return { articles: engine.size, version };
    } finally {
      textIndex.releaseSpilled();
      engine.parts.store.close();
    }
  }

  // A build's adds: its words stemmed on another thread meanwhile (TextIndex.deferStemming), and
  // a spilling forward index written out, its term ids settled, each time it fills.
  private async addAll(articles: Iterable<Article> | AsyncIterable<Article>): Promise<void> {
    const { textIndex } = this.parts;
    textIndex.deferStemming();
    try {
      for await (const article of articles) {
        this.add(article);
        if (textIndex.needsSettling) await textIndex.settleTerms();
      }
      await textIndex.settleTerms();
    } finally {
      textIndex.stopDeferring();
    }
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

  /**
   * Opens an index saved with `save`, checking it is whole. Throws IndexNotFoundError or
   * IndexCorruptError; opened for writing (`{ write: true }`), IndexLockedError when another
   * writer has it.
   *
   *     const engine = await SearchEngine.open('index-data/index', { write: true });
   *     engine.replace({ id: 'a1', title: 'Budget passed', body: '…', tags: [] });
   *     const seq = await engine.commit();   // durable: survives kill -9
   *     engine.refresh();                    // searchable now (else within half a second)
   *     await engine.close();
   */
  static async open(directory: string, options: OpenOptions = {}): Promise<SearchEngine> {
    const started = performance.now();
    // Shared bytes are never written: a writer's engine changes its index in place.
    const sharedMemory = options.sharedMemory === true && options.write !== true;
    const load = async () => {
      const { manifest, shared, ...parts } = await loadIndexFiles(directory, { shared: sharedMemory });
      const engine = new SearchEngine(parts, manifest);
      engine.directory = directory;
      engine.shared = shared;
      return engine;
    };
    let engine: SearchEngine;
    if (options.write === true) {
      let opened: SearchEngine | undefined;
      const writer = await IndexWriter.open(
        directory,
        async () => {
          opened = await load();
          return { target: opened.writerTarget(), manifest: opened.manifest as Manifest<IndexMeta> };
        },
        scheduleOf(options),
      );
      engine = opened as SearchEngine;
      engine.writer = writer;
    } else {
      engine = await load();
    }
    engine.loadMs = Math.round(performance.now() - started);
    return engine;
  }

  /**
   * Opens, in this thread, the index another thread opened into shared memory
   * (`SearchEngine.open(directory, { sharedMemory: true })`, then `sharedFiles()` posted here):
   * its typed arrays are views of the same bytes, not copies. Read-only: it does not follow
   * the folder's writer (`catchUp` answers `reload`). Throws IndexCorruptError when the
   * articles file cannot be opened.
   *
   *     // in a worker thread, given `files` by the thread that opened the index
   *     const engine = SearchEngine.fromSharedFiles(files);
   *     engine.search({ q: 'oil prices' });
   */
  static fromSharedFiles(files: SharedIndexFiles): SearchEngine {
    const started = performance.now();
    const { manifest, ...parts } = loadIndexFromFiles(files);
    const engine = new SearchEngine(parts, manifest);
    engine.directory = files.directory;
    engine.shared = files;
    engine.loadMs = Math.round(performance.now() - started);
    return engine;
  }

  /** What another thread needs to open this index over the same bytes (`fromSharedFiles`); undefined unless opened with `sharedMemory`. */
  sharedFiles(): SharedIndexFiles | undefined {
    return this.shared;
  }

  // What the index writer changes: this engine's index in memory.
  private writerTarget(): WriterTarget {
    const engine = this;
    return {
      apply: (ops) => engine.applyOps(ops),
      get size() {
        return engine.size;
      },
      meta: { analyzer: engine.parts.analyzer.settings, ...(engine.sources === undefined ? {} : { sources: engine.sources }) },
    };
  }

  private applyOps(ops: readonly ArticleOp[]): void {
    if (ops.length === 0) return;
    applyOps(this.parts, ops, (op) => this.analyzedPuts.get(op.seq));
    for (const op of ops) this.analyzedPuts.delete(op.seq);
    this.seq = Math.max(this.seq, (ops.at(-1) as ArticleOp).seq);
    this.changed();
  }

  /**
   * Brings the index at `directory` up to date with `inputs`, re-indexing only the
   * articles that changed, and saves it as a new version (unless no input changed).
   * Search results are the same as after a full rebuild of the same inputs, but for articles
   * that came from no input file (written through the documents API), which are kept.
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
    return saveIndexFiles(directory, this.parts, this.sources, this.seq === 0 ? undefined : this.seq);
  }

  /**
   * Adds one article. Returns false, changing nothing, when an article with its id is already
   * indexed. Opened for writing, the add is logged: durable after `commit`, searchable after
   * `refresh` (or within half a second); otherwise it is searchable at once and kept in memory.
   * Throws InvalidParameterError naming the field of a malformed article (no tags given: none).
   */
  add(article: Article): boolean {
    const checked = checkArticle(article);
    if (this.article(checked.id) !== undefined) return false;
    this.write(checked);
    return true;
  }

  /**
   * Adds an article, or replaces the one with its id. Returns true when it replaced one. Logged
   * like `add`; checked like it (InvalidParameterError naming the field; tags default to none).
   */
  replace(article: Article): boolean {
    const checked = checkArticle(article);
    const replaced = this.article(checked.id) !== undefined;
    this.write(checked);
    return replaced;
  }

  /** Removes the article with this id. Returns false when there is none. Logged like `add`. */
  remove(id: string): boolean {
    if (this.article(id) === undefined) return false;
    if (this.writer !== undefined) this.writer.remove(id);
    else this.applyOps([{ seq: this.seq, remove: id }]);
    return true;
  }

  private write(article: Article): void {
    if (this.writer === undefined) {
      this.applyOps([{ seq: this.seq, put: article }]);
      return;
    }
    // Read now, as it arrives: the refresh that makes it searchable then only adds it.
    const analyzed = this.parts.textIndex.analyze(article);
    this.analyzedPuts.set(this.writer.put(article), analyzed);
  }

  /**
   * Makes every write so far durable: logged and fsynced (with the writes of everyone else who
   * commits meanwhile, in one fsync). Resolves to the number of the last write, which `visible`
   * can wait on. Throws IndexNotWritableError unless the engine was opened for writing.
   */
  async commit(): Promise<number> {
    return this.openWriter().sync();
  }

  /** Makes every write so far searchable; returns the number of the last one. Without a writer, nothing waits, and it returns 0. */
  refresh(): number {
    return this.writer?.refresh() ?? this.seq;
  }

  /** Resolves once the write numbered `seq` (from `commit`) is searchable, at the latest after the next automatic refresh. */
  async visible(seq: number): Promise<void> {
    return this.openWriter().visible(seq);
  }

  /**
   * Writes what is not yet in a segment into one, as a new commit point, so that other
   * processes reading the folder (a server following it) see it. Runs on its own every few
   * seconds; `close` does it too. Resolves to the live version.
   */
  async flush(): Promise<string> {
    return this.openWriter().flush();
  }

  /**
   * Flushes, gives up the folder's lock and closes the files the index reads articles from:
   * searches after it fail. An engine dropped without `close` frees its files when collected.
   */
  async close(): Promise<void> {
    await this.writer?.close();
    this.parts.store.close();
  }

  private openWriter(): IndexWriter {
    if (this.writer === undefined) {
      throw new IndexNotWritableError(
        this.directory === undefined
          ? 'this index is in memory only: save it, then open it with SearchEngine.open(directory, { write: true })'
          : `${this.directory} was opened for reading: open it with SearchEngine.open(directory, { write: true })`,
      );
    }
    return this.writer;
  }

  /**
   * Brings an engine opened for reading up to the commit point its folder's writer made since:
   * the writes of new segments are applied in place. Returns `current` when nothing changed,
   * `applied` when it caught up, `reload` when the writer folded its segments into a new base
   * (open the folder again; LiveIndex does), `rebuilt` when a one-pass build replaced the index
   * (which a server serves once told to reload, as before).
   */
  async catchUp(): Promise<'current' | 'applied' | 'reload' | 'rebuilt'> {
    if (this.directory === undefined || this.followed === undefined || this.writer !== undefined) return 'current';
    const manifest = await readLiveManifest<IndexMeta>(this.directory);
    if (manifest.version === this.followed.version) return 'current';
    const next = followedOf(manifest);
    if (next.base !== this.followed.base) return manifest.meta.seq === undefined ? 'rebuilt' : 'reload';
    // Applied in place, the writes would change bytes that other threads are reading.
    if (this.shared !== undefined) return 'reload';
    const known = this.followed.segments;
    const fresh = resolveSelf(manifest.meta.segments ?? [], manifest.version).filter((segment) => !known.has(segment.version));
    const ops = (await segmentOps(this.directory, fresh)).filter((op) => op.seq > this.seq);
    this.applyOps(ops);
    this.followed = next;
    return 'applied';
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
    this.changed();
  }

  /** The ids of every indexed article. */
  *ids(): IterableIterator<string> {
    yield* this.parts.store.liveIds();
  }

  /** The article with this id, as the latest write left it (searchable or not yet). */
  article(id: string): Article | undefined {
    const pending = this.writer?.pendingArticle(id);
    if (pending !== undefined) return pending ?? undefined;
    const doc = this.parts.store.numberOf(id);
    return doc === undefined ? undefined : this.parts.store.get(doc);
  }

  /** How many articles the index holds. */
  get size(): number {
    return this.parts.store.size;
  }

  /** The index's size, version, build time, analyzer settings and load time. */
  info(): IndexInfo {
    const accepted = this.writer?.state().acceptedSeq ?? this.seq;
    const info: IndexInfo = { articles: this.size, analyzer: this.parts.analyzer.settings, seq: this.seq, acceptedSeq: accepted };
    if (this.manifest !== undefined) {
      info.version = this.writer?.state().version ?? this.followed?.version ?? this.manifest.version;
      info.builtAt = this.manifest.builtAt;
    }
    if (this.loadMs !== undefined) info.loadMs = this.loadMs;
    return info;
  }

  /**
   * Builds now what the first prefix or fuzzy search would otherwise build (the sorted
   * vocabulary and its frequencies, 50 ms on Reuters) or the first empty query (every
   * article newest first: 0.9–1.7 s at ten million articles; the counts of every article's
   * authors, tags and sources; where each saved id starts; opened for writing, the table that
   * finds an article by its id, which every write looks in), so that no searcher or writer pays
   * for it. The server calls it before it reports ready. Returns the engine.
   */
  warm(): this {
    this.parts.textIndex.warmLookups();
    this.view.store.warmIds(this.writer !== undefined);
    this.view.articlesNewestFirst();
    this.view.warmCounts();
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

function scheduleOf(options: OpenOptions): WriterSchedule {
  return {
    ...DEFAULT_WRITER_SCHEDULE,
    ...(options.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: options.refreshIntervalMs }),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
  };
}

// The commit point a reader holds: its base, and its segments by version.
function followedOf(manifest: Manifest<IndexMeta>): { version: string; base: string; segments: Set<string> } {
  const segments = resolveSelf(manifest.meta.segments ?? [], manifest.version).map((segment) => segment.version);
  return { version: manifest.version, base: manifest.meta.base ?? manifest.version, segments: new Set(segments) };
}
