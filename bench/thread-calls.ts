// What a call to a search thread costs beside the search itself, without HTTP: the same cheap
// queries searched in this thread, through one search thread called one at a time, and through
// 1 and 2 threads with 8 calls in flight (docs/benchmarks.md, "Search threads").
//
//   npx tsx bench/thread-calls.ts --index /tmp/reuters-index [--searches 6000]
import { parseArgs } from 'node:util';
import { SearchEngine, SearchThreads, type SharedIndexFiles } from '../src/index.js';
import { REUTERS_QUERIES } from './reuters-queries.js';

const QUERIES = REUTERS_QUERIES;

const { values } = parseArgs({
  options: { index: { type: 'string', default: '/tmp/reuters-index' }, searches: { type: 'string', default: '6000' } },
});
const searches = Number(values.searches);
const engine = (await SearchEngine.open(String(values.index), { sharedMemory: true })).warm();

// Wall and CPU (this process, every thread) ms per search of `run(count)`, after a warm-up of the same.
async function timed(run: (count: number) => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  await run(searches / 2);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run(searches);
  const used = process.cpuUsage(cpu);
  return { wallMs: (performance.now() - started) / searches, cpuMs: (used.user + used.system) / 1000 / searches };
}

// `count` searches through `search`, `inFlight` at a time.
function driver(search: (q: string) => Promise<unknown>, inFlight: number): (count: number) => Promise<void> {
  return async (count) => {
    let next = 0;
    const lane = async () => {
      while (next < count) await search(QUERIES[next++ % QUERIES.length] as string);
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  };
}

const rows: Array<[string, { wallMs: number; cpuMs: number }]> = [];
rows.push(['in this thread', await timed(driver(async (q) => engine.search({ q }), 1))]);
for (const [threads, inFlight] of [
  [1, 1],
  [1, 8],
  [2, 8],
] as const) {
  const pool = new SearchThreads({ threads, searchBudgetMs: 1_000 });
  const searcher = pool.searcher(await pool.open(engine.sharedFiles() as SharedIndexFiles));
  rows.push([`${threads} search thread(s), ${inFlight} in flight`, await timed(driver((q) => searcher.search({ q }), inFlight))]);
  await pool.close();
}
console.log(`${engine.size} articles; ${searches} searches of ${QUERIES.length} cheap queries in turn; node ${process.version}`);
console.log('| how | wall ms a search | CPU ms a search (all threads) |\n| --- | ---: | ---: |');
for (const [how, { wallMs, cpuMs }] of rows) console.log(`| ${how} | ${wallMs.toFixed(3)} | ${cpuMs.toFixed(3)} |`);
