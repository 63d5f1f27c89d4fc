// A search thread for tests: runs the real one (runSearchThread), but a search for `hold <words>`
// waits, blocked, until the test stores 1 in the shared gate it was given, then searches the
// words; a search for `exit now` ends the thread, as a crash would. No test waits on a clock.
import { parentPort, workerData } from 'node:worker_threads';
import { SearchEngine } from '../../src/index.js';
import type { SearchRequest } from '../../src/search/request.js';
import { runSearchThread } from '../../src/threads/search-worker.js';

const gate = new Int32Array((workerData as { data: SharedArrayBuffer }).data);
const search = SearchEngine.prototype.search;
SearchEngine.prototype.search = function heldSearch(this: SearchEngine, request: SearchRequest) {
  if (request.q === 'exit now') process.exit(3);
  if (request.q?.startsWith('hold') === true) {
    // Tell the test this thread is held, then wait for it to let go.
    Atomics.add(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, 0);
    return search.call(this, { ...request, q: request.q.slice('hold'.length).trim() });
  }
  return search.call(this, request);
};
if (parentPort !== null) runSearchThread(parentPort);
