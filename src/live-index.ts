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

  private constructor(directory: string, engine: SearchEngine) {
    this.directory = directory;
    this.current = engine;
  }

  /** Opens the live version at `directory`. Throws IndexNotFoundError or IndexCorruptError. */
  static async open(directory: string): Promise<LiveIndex> {
    return new LiveIndex(directory, (await SearchEngine.open(directory)).warm());
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
      loaded = (await SearchEngine.open(this.directory)).warm();
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
