import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchEngine } from '../engine.js';
import { SearchThreadError } from '../errors.js';
import type { SharedIndexFiles } from '../index/index-files.js';
import { mayBeCostly } from '../query/cost.js';
import type { Suggestion } from '../search/completion.js';
import type { SearchRequest } from '../search/request.js';
import type { RankedHit, SearchResponse } from '../search/response.js';
import { type CallAnswers, errorFromWire, type FromSearchThread, type SearchCall, type ToSearchThread } from './messages.js';
import { SEARCH_THREAD_MARK, type SearchThreadData } from './search-worker.js';

/**
 * What answers the searches of one version of the index: its engine in this thread, or the
 * search threads holding the same version. The server asks it rather than the engine, so that
 * a route reads the same either way.
 */
export interface Searcher {
  search(request: SearchRequest): Promise<SearchResponse>;
  rank(request: SearchRequest): Promise<RankedHit[]>;
  suggest(text: string, limit?: number): Promise<Suggestion[]>;
}

/** An engine's searches, answered in this thread (what a server with one search thread does). */
export function inThisThread(engine: SearchEngine): Searcher {
  // Promise.try's behaviour: a throw becomes a rejection, as it would from another thread.
  const settle = <T>(run: () => T): Promise<T> => new Promise((resolve) => resolve(run()));
  return {
    search: (request) => settle(() => engine.search(request)),
    rank: (request) => settle(() => engine.rank(request)),
    suggest: (text, limit) => settle(() => (limit === undefined ? engine.suggest(text) : engine.suggest(text, limit))),
  };
}

/** How SearchThreads runs. */
export interface SearchThreadsOptions {
  /** How many threads answer searches. */
  threads: number;
  /** SearchEngine.searchBudgetMs of every version the threads open. */
  searchBudgetMs: number;
  /** Told each time a thread stops unexpectedly (it is replaced). */
  onThreadExit?: (detail: string) => void;
  /**
   * The module each thread runs, instead of search-worker's: one of the caller's own that calls
   * `runSearchThread` (a test's, which can hold a search back), given `data` as its
   * workerData's `data`. A .ts module is run through tsx.
   */
  module?: { url: URL; data: unknown };
}

// Calls a thread may hold at once when they are plain: the second is posted while the first
// runs, so that the thread goes on to it without sleeping and being woken (on Reuters a call
// made alone cost 0.3 ms more than its 0.72 ms search, calls in flight 0.13 ms: bench/thread-calls.ts).
const PLAIN_DEPTH = 2;

// A call waiting for a thread, or running on one.
interface PendingCall {
  id: number;
  version: number;
  call: SearchCall;
  // May take long (mayBeCostly): such calls never hold every thread at once.
  costly: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

// One search thread and what the owner knows of it.
interface ThreadSlot {
  worker: Worker;
  // The versions it opened; a call is sent only to a thread holding its version.
  versions: Set<number>;
  // Opens posted and not yet answered: the thread builds an engine, and takes no call meanwhile.
  opening: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  // The calls posted to it, answered in this order: one, or a second plain one behind a plain
  // one (PLAIN_DEPTH), never one behind a costly call, so that a slow search holds one thread and not the calls behind it.
  running: PendingCall[];
}

/**
 * A pool of worker threads that answer `search`, `rank` and `suggest` over versions of the index
 * read into shared memory (SearchEngine.open with `sharedMemory`): every thread searches the same
 * bytes, so throughput grows with cores and a slow search holds one thread while the others,
 * and the owner's thread (health checks, admin), go on. Calls wait in one queue here and go to
 * the first free thread holding their version; queries that may be costly (mayBeCostly:
 * expansions, phrases, many words) run on all threads but one, so that a burst of them cannot
 * make the plain queries wait. A thread that dies is replaced; its call fails with SearchThreadError.
 *
 *     const threads = new SearchThreads({ threads: 2, searchBudgetMs: 1_000 });
 *     const engine = await SearchEngine.open('index-data/index', { sharedMemory: true });
 *     const version = await threads.open(engine.sharedFiles() as SharedIndexFiles);
 *     const response = await threads.searcher(version).search({ q: 'oil prices' });
 */
export class SearchThreads {
  private readonly options: SearchThreadsOptions;
  private readonly slots: ThreadSlot[] = [];
  private readonly queue: PendingCall[] = [];
  // Every version open, with its files (for a thread started later) and its calls not yet answered.
  private readonly versions = new Map<number, { files: SharedIndexFiles; calls: number; retired: boolean }>();
  private nextVersion = 1;
  private nextCall = 1;
  private closed = false;
  // Threads in a row that died before holding any version.
  private failedStarts = 0;

  constructor(options: SearchThreadsOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new RangeError(`threads must be a whole number ≥ 1, got ${options.threads}`);
    this.options = options;
    for (let thread = 0; thread < options.threads; thread++) this.slots.push(this.startThread());
  }

  /** How many threads answer searches now (a thread that died counts again once its replacement starts). */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Opens a version of the index in every thread, one thread after another (a thread building
   * its engine takes no calls, the others still do). Resolves to the version's number once all
   * hold it; rejects, opening it nowhere, when a thread cannot (e.g. IndexCorruptError).
   */
  async open(files: SharedIndexFiles): Promise<number> {
    const version = this.nextVersion++;
    this.versions.set(version, { files, calls: 0, retired: false });
    try {
      for (const slot of [...this.slots]) await this.openIn(slot, version);
    } catch (error) {
      this.versions.delete(version);
      this.post(version, { type: 'drop', version });
      throw error;
    }
    return version;
  }

  /** Drops a version from the threads once the calls made on it are answered (a reload's old index). */
  retire(version: number): void {
    const open = this.versions.get(version);
    if (open === undefined) return;
    open.retired = true;
    this.dropIfDone(version);
  }

  /** The searches of one opened version, answered by the threads. */
  searcher(version: number): Searcher {
    return {
      search: (request) => this.call(version, { method: 'search', request }),
      rank: (request) => this.call(version, { method: 'rank', request }),
      suggest: (text, limit) => this.call(version, { method: 'suggest', text, limit }),
    };
  }

  /** Stops every thread; calls still waiting fail with SearchThreadError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(new SearchThreadError('the server is stopping'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** The threads' ids, for tests and operators that need to tell them apart. */
  threadIds(): number[] {
    return this.slots.map((slot) => slot.worker.threadId);
  }

  private call<M extends SearchCall['method']>(version: number, call: SearchCall & { method: M }): Promise<CallAnswers[M]> {
    const open = this.versions.get(version);
    if (open === undefined || this.closed) return Promise.reject(new SearchThreadError(`version ${version} of the index is not open`));
    open.calls += 1;
    return new Promise<CallAnswers[M]>((resolve, reject) => {
      const settled = () => {
        open.calls -= 1;
        this.dropIfDone(version);
      };
      this.queue.push({
        id: this.nextCall++,
        version,
        call,
        costly: 'request' in call && mayBeCostly(call.request.q),
        resolve: (value) => {
          settled();
          resolve(value as CallAnswers[M]);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      this.dispatch();
    });
  }

  // Gives the waiting calls to threads, the idlest first: to a free thread the first call whose
  // version it holds, a costly one only while another thread is left for the rest (with one
  // thread, costly calls wait their turn); to a thread running a plain call, a plain one more.
  private dispatch(): void {
    const costlyAllowed = Math.max(1, this.slots.length - 1);
    let costlyRunning = this.slots.filter((slot) => slot.running.some((call) => call.costly)).length;
    for (let depth = 0; depth < PLAIN_DEPTH && this.queue.length > 0; depth++) {
      // A costly call that may run waits for a thread to go free: no thread takes a plain call
      // queued after it as a second one, or a stream of plain calls would keep every thread busy.
      const costlyNext = costlyRunning < costlyAllowed ? this.queue.find((waiting) => waiting.costly)?.id : undefined;
      for (const slot of this.slots) {
        if (slot.running.length !== depth || slot.opening.size > 0 || slot.running.some((call) => call.costly)) continue;
        const at = this.queue.findIndex(
          (waiting) =>
            slot.versions.has(waiting.version) &&
            (depth === 0
              ? !waiting.costly || costlyRunning < costlyAllowed
              : !waiting.costly && (costlyNext === undefined || waiting.id < costlyNext)),
        );
        if (at < 0) continue;
        const [next] = this.queue.splice(at, 1) as [PendingCall];
        slot.running.push(next);
        if (next.costly) costlyRunning += 1;
        slot.worker.postMessage({ type: 'call', id: next.id, version: next.version, call: next.call } satisfies ToSearchThread);
      }
    }
  }

  private openIn(slot: ThreadSlot, version: number): Promise<void> {
    const open = this.versions.get(version);
    if (open === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      slot.opening.set(version, { resolve, reject });
      const message: ToSearchThread = { type: 'open', version, files: open.files, searchBudgetMs: this.options.searchBudgetMs };
      slot.worker.postMessage(message);
    });
  }

  private dropIfDone(version: number): void {
    const open = this.versions.get(version);
    if (open === undefined || !open.retired || open.calls > 0) return;
    this.versions.delete(version);
    this.post(version, { type: 'drop', version });
  }

  // To every thread that holds (or is opening) the version.
  private post(version: number, message: ToSearchThread): void {
    for (const slot of this.slots) {
      if (slot.versions.has(version) || slot.opening.has(version)) {
        slot.versions.delete(version);
        slot.worker.postMessage(message);
      }
    }
  }

  private startThread(): ThreadSlot {
    const { script, evalCode } = searchThreadScript(this.options.module?.url);
    const workerData: SearchThreadData = { mark: SEARCH_THREAD_MARK };
    if (this.options.module !== undefined) workerData.data = this.options.module.data;
    const worker = new Worker(script, { workerData, eval: evalCode });
    const slot: ThreadSlot = { worker, versions: new Set(), opening: new Map(), running: [] };
    // A pool of idle threads must not keep a process alive that has nothing else to do.
    worker.unref();
    worker.on('message', (message: FromSearchThread) => this.received(slot, message));
    worker.on('error', (error) => this.stopped(slot, error.message));
    worker.on('exit', (code) => this.stopped(slot, `exit code ${code}`));
    return slot;
  }

  private received(slot: ThreadSlot, message: FromSearchThread): void {
    if (message.type === 'opened') {
      const waiting = slot.opening.get(message.version);
      slot.opening.delete(message.version);
      if (message.error === undefined) {
        if (this.versions.has(message.version)) slot.versions.add(message.version);
        waiting?.resolve();
      } else {
        waiting?.reject(errorFromWire(message.error));
      }
    } else {
      const at = slot.running.findIndex((call) => call.id === message.id);
      const [answered] = at < 0 ? [] : slot.running.splice(at, 1);
      if (answered !== undefined && message.type === 'answer') answered.resolve(message.value);
      else if (answered !== undefined && message.type === 'failed') answered.reject(errorFromWire(message.error));
    }
    this.dispatch();
  }

  // A thread that died (killed, out of memory, a crash): its call fails, a new thread takes its place.
  private stopped(slot: ThreadSlot, detail: string): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const call of slot.running.splice(0)) call.reject(new SearchThreadError(detail));
    for (const waiting of slot.opening.values()) waiting.reject(new SearchThreadError(detail));
    if (this.closed) return;
    this.options.onThreadExit?.(detail);
    // A thread that died before it held any version (its code cannot load, say) would die again
    // at once: its replacements wait longer each time, up to 10 s, rather than spin.
    this.failedStarts = slot.versions.size === 0 ? this.failedStarts + 1 : 0;
    const delay = this.failedStarts === 0 ? 0 : Math.min(10_000, 100 * 2 ** this.failedStarts);
    setTimeout(() => this.replace(), delay).unref();
  }

  private replace(): void {
    if (this.closed) return;
    const replacement = this.startThread();
    this.slots.push(replacement);
    // The versions open now, oldest first; calls queued meanwhile go to the other threads.
    void (async () => {
      for (const version of [...this.versions.keys()]) await this.openIn(replacement, version).catch(() => undefined);
      this.dispatch();
    })();
  }
}

// Where a search thread's code is: beside this module (its .ts under tsx and vitest, its .js in
// dist/), or, in the server's one-file bundle (scripts/start.cjs), the bundle itself, which runs
// the search thread when started as one.
function searchThreadScript(module: URL | undefined): { script: string; evalCode: boolean } {
  const here = import.meta.url as string | undefined;
  if (module !== undefined)
    return module.pathname.endsWith('.ts') ? throughTsx(module.href) : { script: fileURLToPath(module), evalCode: false };
  // The CommonJS bundle of the library (dist/cjs) has no import.meta: the ES module build's file.
  if (here === undefined) return { script: join(__dirname, '..', 'threads', 'search-worker.js'), evalCode: false };
  if (here.endsWith('.cjs')) return { script: fileURLToPath(here), evalCode: false };
  if (!here.endsWith('.ts')) return { script: fileURLToPath(new URL('./search-worker.js', here)), evalCode: false };
  return throughTsx(new URL('./search-worker.ts', here).href);
}

// From the sources: a worker's execArgv cannot register tsx's loader for its own first module,
// so a line of code registers it, then imports the thread's module.
function throughTsx(module: string): { script: string; evalCode: boolean } {
  // Its ES module entry, by the package's own exports (require.resolve would give the CommonJS one).
  const packageFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(packageFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(join(dirname(packageFile), exports['./esm/api']?.import.default ?? '')).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module)}); })`;
  return { script: code, evalCode: true };
}
