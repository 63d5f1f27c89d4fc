import { SearchThreads } from '../../src/index.js';

// Search threads whose searches a test can hold back (held-search-thread.ts), through a gate of
// shared memory: [0] is 1 once released, [1] counts the searches held so far.

/** Two threads running tests/threads/held-search-thread.ts, which holds a search for `hold` until `release`. */
export function heldThreads(gate: SharedArrayBuffer, onThreadExit?: (detail: string) => void): SearchThreads {
  return new SearchThreads({
    threads: 2,
    searchBudgetMs: 60_000,
    module: { url: new URL('./held-search-thread.ts', import.meta.url), data: gate },
    ...(onThreadExit === undefined ? {} : { onThreadExit }),
  });
}

/** Resolves once `count` searches are held (the held thread says so through the gate). */
export async function held(gate: SharedArrayBuffer, count: number): Promise<void> {
  const view = new Int32Array(gate);
  for (;;) {
    const now = Atomics.load(view, 1);
    if (now >= count) return;
    await Atomics.waitAsync(view, 1, now).value;
  }
}

/** Lets every held search go on. */
export function release(gate: SharedArrayBuffer): void {
  const view = new Int32Array(gate);
  Atomics.store(view, 0, 1);
  Atomics.notify(view, 0);
}
