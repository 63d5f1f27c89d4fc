// Issue 25's largest archive: generates N articles (10 million by default, cached), builds
// them with `build-index` in a child process whose wall clock and peak RSS /usr/bin/time
// reports, then opens the index here, warms it as a server does, and times the search page's
// views of every article and the bench's query mix, bare and full.
// A search past the budget (--budget-ms, the engine's 1 s by default) counts at the time it was
// stopped, and is listed: a server would have answered it 503.
// Usage: npx tsx bench/ten-million.ts [--scale 10000000] [--cache <dir>] [--queries 200] [--repetitions 3] [--budget-ms 1000]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SearchEngine, type SearchRequest, SearchTimeoutError } from '../src/index.js';
import { generateCorpus, readCorpus } from './corpus.js';
import { type BenchQuery, generateQueries } from './queries.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10000000' },
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    cache: { type: 'string', default: join(tmpdir(), 'gazette-scale') },
    queries: { type: 'string', default: '200' },
    repetitions: { type: 'string', default: '3' },
    'budget-ms': { type: 'string' },
  },
});
const scale = Number(values.scale);
const cache = join(values.cache ?? '', String(scale));
const corpusFile = join(cache, 'articles.jsonl');
const indexDir = join(cache, 'index');
const MB = 1024 * 1024;

await mkdir(cache, { recursive: true });
if (!existsSync(corpusFile)) {
  const started = performance.now();
  console.error(`generating ${scale.toLocaleString('en')} articles in ${corpusFile}…`);
  await generateCorpus(await readCorpus(values.corpus ?? ''), scale, corpusFile);
  console.error(`generated in ${seconds(started)} s`);
}
if (!existsSync(join(indexDir, 'CURRENT'))) {
  const build = await timedBuild(corpusFile, indexDir);
  console.log(`build: ${build.seconds} s wall clock, peak RSS ${Math.round(build.peakKb / 1024).toLocaleString('en')} MB`);
} else console.log(`build: the index in ${indexDir} was built before (delete it to time a build)`);

const opening = performance.now();
const engine = await SearchEngine.open(indexDir);
if (values['budget-ms'] !== undefined) engine.searchBudgetMs = Number(values['budget-ms']);
const openSeconds = seconds(opening);
const rssAfterOpen = process.memoryUsage().rss;
const articles = engine.info().articles;
console.log(
  `open: ${openSeconds} s, RSS after open ${Math.round(rssAfterOpen / MB).toLocaleString('en')} MB ` +
    `(${Math.round(rssAfterOpen / articles)} bytes an article), ${articles.toLocaleString('en')} articles`,
);

// What a server does before it reports ready; the searches below come after it, as a server's do.
const warming = performance.now();
engine.warm();
console.log(`warm: ${seconds(warming)} s`);

// The first 20,000 articles stand for the rest: they are drawn from the same sentences and titles.
const queries = generateQueries(await readCorpus(corpusFile, 20_000), Number(values.queries));
const request = (query: BenchQuery): SearchRequest => ({
  q: query.gazette,
  limit: 10,
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.to === undefined ? {} : { to: query.to }),
});
const stopped = new Set<string>();
const firstQuery = performance.now();
timed(() => engine.search(request(queries[0] as BenchQuery)), JSON.stringify(queries[0]?.gazette));
console.log(`first full search: ${((performance.now() - firstQuery) / 1000).toFixed(2)} s`);
timePageViews();

const repetitions = Number(values.repetitions);
const rows = ['| ms | p50 | p95 | p99 |', '| --- | ---: | ---: | ---: |'];
for (const mode of ['bare', 'full'] as const) {
  const run = (query: BenchQuery) =>
    timed(() => (mode === 'bare' ? engine.rank(request(query)) : engine.search(request(query))), JSON.stringify(query.gazette));
  for (const query of queries) run(query);
  const samples: number[] = [];
  for (let pass = 0; pass < repetitions; pass++) for (const query of queries) samples.push(run(query));
  const { p50, p95, p99 } = latencies(samples);
  rows.push(`| ${mode} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${p99.toFixed(2)} |`);
}
console.log(
  `\n${queries.length} queries × ${repetitions}, RSS after them ${Math.round(process.memoryUsage().rss / MB).toLocaleString('en')} MB\n`,
);
console.log(rows.join('\n'));
if (stopped.size > 0) console.log(`\nstopped at the budget of ${engine.searchBudgetMs} ms: ${[...stopped].join(', ')}`);
await engine.close();

// The search page's views of every article, as it asks for them: the first (the date chart and
// three term facets), a decade chosen on the chart, an author ticked. The first time each, then
// the median of five more; and the first view after each of six writes.
function timePageViews(): void {
  const facets: SearchRequest['facets'] = ['author', 'tag', 'source'];
  const views: [string, SearchRequest][] = [
    ['first view', { q: '', interval: 'auto', facets }],
    ['a decade', { q: '', interval: 'auto', facets, from: '1990-01-01', to: '1999-12-31' }],
    ['an author', { q: '', interval: 'auto', facets, filters: { author: ['Reuters'] } }],
  ];
  const rows = ['| the search page, every article | first ms | then ms (median of 5) |', '| --- | ---: | ---: |'];
  for (const [name, request] of views) {
    const [first, ...then] = Array.from({ length: 6 }, () => timed(() => engine.search(request), name));
    rows.push(`| ${name} | ${(first as number).toFixed(1)} | ${latencies(then).p50.toFixed(1)} |`);
  }
  // A living archive: the first view again after each write (one article removed, one added),
  // and the write itself (the first after opening makes room for what is added).
  const removed = engine.ids();
  const rss = process.memoryUsage().rss;
  const timings = Array.from({ length: 6 }, (_, n) => {
    const started = performance.now();
    engine.remove(removed.next().value as string);
    engine.add({
      id: `bench-write-${n}`,
      title: 'A late story',
      body: 'Filed while the archive is searched.',
      tags: ['late'],
      date: new Date().toISOString(),
    });
    const write = performance.now() - started;
    return { write, view: timed(() => engine.search(views[0]?.[1] as SearchRequest), 'first view after a write') };
  });
  const [first, ...then] = timings;
  rows.push(`| first view after a write | ${first?.view.toFixed(1)} | ${latencies(then.map((t) => t.view)).p50.toFixed(1)} |`);
  rows.push(`| the write itself | ${first?.write.toFixed(1)} | ${latencies(then.map((t) => t.write)).p50.toFixed(1)} |`);
  console.log(`RSS grew ${Math.round((process.memoryUsage().rss - rss) / MB).toLocaleString('en')} MB over the six writes`);
  console.log(`\n${rows.join('\n')}\n`);
}

// The milliseconds a search took, or until it was stopped at the budget.
function timed(search: () => unknown, label: string): number {
  const started = performance.now();
  try {
    search();
  } catch (error) {
    if (!(error instanceof SearchTimeoutError)) throw error;
    stopped.add(label);
  }
  return performance.now() - started;
}

// build-index as a user runs it, under /usr/bin/time: its last line of standard error is ours.
async function timedBuild(input: string, out: string): Promise<{ seconds: number; peakKb: number }> {
  const args = ['-f', 'gazette-build %e %M', process.execPath, '--import', 'tsx', 'scripts/build-index.ts', '--input', input, '--out', out];
  const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'inherit', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-4096);
    process.stderr.write(text);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const timed = /gazette-build ([\d.]+) (\d+)/.exec(tail);
  if (code !== 0 || timed === null) throw new Error(`build-index failed (exit ${code}): ${tail.slice(-1000)}`);
  return { seconds: Number(timed[1]), peakKb: Number(timed[2]) };
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
