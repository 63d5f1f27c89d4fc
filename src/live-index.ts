import { SearchEngine } from './engine.js';
import { GazetteError } from './errors.js';

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
}

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

  private constructor(directory: string, engine: SearchEngine, options: LiveIndexOptions) {
    this.directory = directory;
    this.current = engine;
    this.options = options;
  }

  /** Opens the live version at `directory`. Throws IndexNotFoundError or IndexCorruptError. */
  static async open(directory: string, options: LiveIndexOptions = {}): Promise<LiveIndex> {
    return new LiveIndex(directory, await LiveIndex.load(directory, options), options);
  }

  // Ready to answer: budgeted as asked, and warm, so that its first searches pay for nothing else.
  private static async load(directory: string, options: LiveIndexOptions): Promise<SearchEngine> {
    const engine = await SearchEngine.open(directory);
    if (options.searchBudgetMs !== undefined) engine.searchBudgetMs = options.searchBudgetMs;
    return engine.warm();
  }

  /** The engine to answer the next request with. */
  get engine(): SearchEngine {
    return this.current;
  }

  /** Loads the version `CURRENT` names now and swaps it in. Throws ReloadFailedError, keeping the old index, when it cannot. */
  reload(): Promise<ReloadResult> {
    const next = this.queue.then(() => this.loadAndSwap());
    this.queue = next.catch(() => undefined);
    return next;
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
    try {
      loaded = await LiveIndex.load(this.directory, this.options);
    } catch (error) {
      this.failedReloads++;
      const failure = new ReloadFailedError(this.directory, previousVersion, error);
      this.lastReloadError = failure.message;
      throw failure;
    }
    this.current = loaded;
    this.loadedAt = new Date();
    this.reloads++;
    this.lastReloadError = undefined;
    const info = loaded.info();
    return { previousVersion, version: info.version, articles: info.articles, loadMs: info.loadMs ?? 0 };
  }
}
