import { DEFAULT_SEARCH_BUDGET_MS, SearchEngine } from './engine.js';
import { GazetteError } from './errors.js';
import type { SharedIndexFiles } from './index/index-files.js';
import { inThisThread, type Searcher, SearchThreads } from './threads/search-threads.js';

/** A reload that could not load the new index; the old one is still serving. */
export class ReloadFailedError extends GazetteError {
  /** The version still serving. */
  readonly serving: string | undefined;
  override readonly cause: unknown;
  constructor(directory: string, serving: string | undefined, cause: unknown) {
    super('reload_failed', `reload of ${directory} failed, still serving ${serving ?? 'the previous index'}: ${(cause as Error).message}`);
    this.serving = serving;
    this.cause = cause;
  }
}

/** What a successful reload swapped. */
export interface ReloadResult {
  previousVersion: string | undefined;
  version: string | undefined;
  articles: number;
  loadMs: number;
}

/** The live index's figures, for `GET /stats`. */
export interface LiveIndexStats {
  directory: string;
  version: string | undefined;
  builtAt: string | undefined;
  articles: number;
  loadMs: number | undefined;
  loadedAt: string;
  reloads: number;
  failedReloads: number;
  lastReloadError: string | undefined;
  memory: { rssBytes: number; heapUsedBytes: number };
}

/** How a LiveIndex sets up each version it opens. */
export interface LiveIndexOptions {
  /** SearchEngine.searchBudgetMs of every version opened (default DEFAULT_SEARCH_BUDGET_MS). */
  searchBudgetMs?: number;
  /**
   * Open the index for writing (the documents API): this process becomes the folder's one
   * writer, and its engine takes writes (SearchEngine.open with `write`). Reloads are refused:
   * the index in memory is always the newest.
   */
  write?: boolean;
  /**
   * Opened for reading, look for new commit points of the folder's writer (`build-index --watch`,
   * another server) this often, and catch up with them in place, or reload when the writer
   * folded its segments into a new base. 0: never (reload by hand). Default 1,000 ms.
   */
  followIntervalMs?: number;
  /**
   * Threads that answer searches, suggestions and rankings (`searcher`), all over one copy of
   * the index in shared memory; this thread keeps everything else (health checks, admin,
   * articles). 1 (the default): searches run in this thread. An index opened for writing
   * always searches in this thread, since its writes change the index in place.
   */
  searchThreads?: number;
  /** Told when a search thread stops unexpectedly (it is replaced at once). */
  onSearchThreadExit?: (detail: string) => void;
}

/** How often a LiveIndex opened for reading looks for a writer's new commit points, unless told. */
export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;

/**
 * The index a server answers from, reloadable while it serves. A reload opens the
 * new version beside the live one (both are in memory for a moment) and swaps it in
 * with one assignment; a request holds the engine it started with, so requests in
 * flight finish on the old index. A reload that fails leaves the old one live.
 *
 *     const live = await LiveIndex.open('index-data/index');
 *     const app = createApp(() => live.engine);
 *     process.on('SIGHUP', () => live.reload().catch((error) => console.error(error.message)));
 */
export class LiveIndex {
  readonly directory: string;
  private current: SearchEngine;
  private loadedAt = new Date();
  private reloads = 0;
  private failedReloads = 0;
  private lastReloadError: string | undefined;
  // Reloads run one after another: two loads at once would hold three indexes in memory.
  private queue: Promise<unknown> = Promise.resolve();

  private readonly options: LiveIndexOptions;

  private follower: NodeJS.Timeout | undefined;
  // The search threads, when there are any, and the version number each engine has in them.
  private readonly threads: SearchThreads | undefined;
  private readonly threadVersions = new WeakMap<SearchEngine, number>();

  private constructor(
    directory: string,
    engine: SearchEngine,
    options: LiveIndexOptions,
    threads: SearchThreads | undefined,
    version?: number,
  ) {
    this.directory = directory;
    this.current = engine;
    this.options = options;
    this.threads = threads;
    if (version !== undefined) this.threadVersions.set(engine, version);
    const followMs = options.write === true ? 0 : (options.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS);
    if (followMs > 0) {
      this.follower = setInterval(() => void this.follow().catch(() => undefined), followMs);
      this.follower.unref();
    }
  }

  /** Opens the live version at `directory`. Throws IndexNotFoundError or IndexCorruptError (and IndexLockedError for writing). */
  static async open(directory: string, options: LiveIndexOptions = {}): Promise<LiveIndex> {
    const threads = threadsFor(options);
    try {
      const engine = await LiveIndex.load(directory, options, threads !== undefined);
      const version = threads === undefined ? undefined : await threads.open(engine.sharedFiles() as SharedIndexFiles);
      return new LiveIndex(directory, engine, options, threads, version);
    } catch (error) {
      await threads?.close();
      throw error;
    }
  }

  // Ready to answer: budgeted as asked, and warm, so that its first searches pay for nothing else
  // (with search threads, each thread warms its own engine, and this one answers no search).
  private static async load(directory: string, options: LiveIndexOptions, sharedMemory: boolean): Promise<SearchEngine> {
    const engine = await SearchEngine.open(directory, { write: options.write === true, sharedMemory });
    if (options.searchBudgetMs !== undefined) engine.searchBudgetMs = options.searchBudgetMs;
    return sharedMemory ? engine : engine.warm();
  }

  /**
   * What answers the searches of `engine` (one this LiveIndex served): the search threads
   * holding its version, or the engine itself in this thread. A request takes the engine and
   * its searcher together, so that it finishes on the index it started with across a reload.
   */
  searcherFor(engine: SearchEngine): Searcher {
    const version = this.threadVersions.get(engine);
    return this.threads === undefined || version === undefined ? inThisThread(engine) : this.threads.searcher(version);
  }

  /** How many threads answer searches: 1 when they are answered in this thread. */
  get searchThreads(): number {
    return this.threads?.size ?? 1;
  }

  /** The engine to answer the next request with. */
  get engine(): SearchEngine {
    return this.current;
  }

  /** Loads the version `CURRENT` names now and swaps it in. Throws ReloadFailedError, keeping the old index, when it cannot. */
  reload(): Promise<ReloadResult> {
    if (this.options.write === true) {
      const version = this.current.info().version;
      return Promise.reject(
        new ReloadFailedError(this.directory, version, new Error('this server writes the index: what it serves is always the newest')),
      );
    }
    return this.enqueue(() => this.loadAndSwap());
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // Catches up with the writer's newest commit point in place, or reloads when it made a new base.
  private follow(): Promise<unknown> {
    return this.enqueue(async () => {
      if ((await this.current.catchUp()) === 'reload') await this.loadAndSwap();
    });
  }

  /** Stops following the folder and, opened for writing, commits everything and gives up the folder's lock. */
  async close(): Promise<void> {
    if (this.follower !== undefined) clearInterval(this.follower);
    await this.queue;
    await this.threads?.close();
    await this.current.close();
  }

  stats(): LiveIndexStats {
    const info = this.current.info();
    const memory = process.memoryUsage();
    return {
      directory: this.directory,
      version: info.version,
      builtAt: info.builtAt,
      articles: info.articles,
      loadMs: info.loadMs,
      loadedAt: this.loadedAt.toISOString(),
      reloads: this.reloads,
      failedReloads: this.failedReloads,
      lastReloadError: this.lastReloadError,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    };
  }

  private async loadAndSwap(): Promise<ReloadResult> {
    const previousVersion = this.current.info().version;
    let loaded: SearchEngine;
    let version: number | undefined;
    try {
      loaded = await LiveIndex.load(this.directory, this.options, this.threads !== undefined);
      // Every thread holds the new version before any request is sent to it.
      if (this.threads !== undefined) version = await this.threads.open(loaded.sharedFiles() as SharedIndexFiles);
    } catch (error) {
      this.failedReloads++;
      const failure = new ReloadFailedError(this.directory, previousVersion, error);
      this.lastReloadError = failure.message;
      throw failure;
    }
    const previous = this.threadVersions.get(this.current);
    if (version !== undefined) this.threadVersions.set(loaded, version);
    this.current = loaded;
    // The threads drop the old version once the requests that took it are answered.
    if (previous !== undefined) this.threads?.retire(previous);
    this.loadedAt = new Date();
    this.reloads++;
    this.lastReloadError = undefined;
    const info = loaded.info();
    return { previousVersion, version: info.version, articles: info.articles, loadMs: info.loadMs ?? 0 };
  }
}

// Search threads for an index opened for reading with more than one asked for; none otherwise.
function threadsFor(options: LiveIndexOptions): SearchThreads | undefined {
  const threads = options.searchThreads ?? 1;
  if (threads <= 1 || options.write === true) return undefined;
  return new SearchThreads({
    threads,
    searchBudgetMs: options.searchBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS,
    ...(options.onSearchThreadExit === undefined ? {} : { onThreadExit: options.onSearchThreadExit }),
  });
}
