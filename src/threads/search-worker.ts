// A search thread: holds the versions of the index its owner opened into shared memory, each
// as an engine of its own over the same bytes, and answers the calls posted to it one at a
// time. Started by SearchThreads (search-threads.ts); `runSearchThread` is also what the
// server's bundle runs when it is started as a worker (scripts/start.cjs).
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { SearchEngine } from '../engine.js';
import { type CallAnswers, errorToWire, type FromSearchThread, type SearchCall, type ToSearchThread } from './messages.js';

/** The workerData that marks a worker as a search thread. */
export const SEARCH_THREAD_MARK = 'gazette-search-thread';

/** What SearchThreads gives each thread as its workerData. */
export interface SearchThreadData {
  mark: typeof SEARCH_THREAD_MARK;
  /** SearchThreadsOptions.module's data, for a module of the caller's own. */
  data?: unknown;
}

/** Whether this thread was started as a search thread (by SearchThreads). */
export function isSearchThread(): boolean {
  return !isMainThread && (workerData as SearchThreadData | undefined)?.mark === SEARCH_THREAD_MARK;
}

/** Answers the owner's messages on `port` (the worker's parentPort) until the thread is stopped. */
export function runSearchThread(port: MessagePort): void {
  const engines = new Map<number, SearchEngine>();
  const post = (message: FromSearchThread) => port.postMessage(message);
  port.on('message', (message: ToSearchThread) => {
    if (message.type === 'open') {
      try {
        const engine = SearchEngine.fromSharedFiles(message.files);
        engine.searchBudgetMs = message.searchBudgetMs;
        // Warm now, while the owner still routes calls to the other threads.
        engines.set(message.version, engine.warm());
        post({ type: 'opened', version: message.version });
      } catch (error) {
        post({ type: 'opened', version: message.version, error: errorToWire(error) });
      }
      return;
    }
    if (message.type === 'drop') {
      engines.get(message.version)?.close();
      engines.delete(message.version);
      return;
    }
    const engine = engines.get(message.version);
    try {
      if (engine === undefined) throw new Error(`version ${message.version} of the index is not open in this search thread`);
      post({ type: 'answer', id: message.id, value: answer(engine, message.call) });
    } catch (error) {
      post({ type: 'failed', id: message.id, error: errorToWire(error) });
    }
  });
}

function answer(engine: SearchEngine, call: SearchCall): CallAnswers[SearchCall['method']] {
  if (call.method === 'search') return engine.search(call.request);
  if (call.method === 'rank') return engine.rank(call.request);
  return call.limit === undefined ? engine.suggest(call.text) : engine.suggest(call.text, call.limit);
}

// Started as a search thread's module (not imported by another: a test's own module runs it itself).
if (isSearchThread() && (workerData as SearchThreadData).data === undefined && parentPort !== null) runSearchThread(parentPort);
