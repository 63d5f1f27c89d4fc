// Top-k pruning (src/query/top-k.ts) against scoring every match, on one saved index, the
// bench's query mix: latencies per kind with pruning on and off, and a check that both give
// the same pages (ids, scores, totals, facets) for every query.
// Usage: npx tsx bench/pruning.ts [--scale 1000000] [--queries 500] [--repetitions 3] [--cache <dir>]
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SearchEngine, type SearchRequest } from '../src/index.js';
import { pruning } from '../src/search/match.js';
import { generateCorpus, readCorpus } from './corpus.js';
import { type BenchQuery, generateQueries } from './queries.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join('..', 'shared', 'corpora', 'reuters21578', 'reuters21578.jsonl') },
    scale: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '500' },
    repetitions: { type: 'string', default: '3' },
    cache: { type: 'string', default: join(tmpdir(), 'gazette-pruning') },
  },
});
const scale = Number(values.scale);
const cache = join(values.cache ?? '', String(scale));
const corpusFile = join(cache, 'articles.jsonl');
const indexDir = join(cache, 'index');

await mkdir(cache, { recursive: true });
if (!existsSync(corpusFile)) {
  console.error(`generating ${scale} articles in ${corpusFile}…`);
  await generateCorpus(await readCorpus(values.corpus ?? ''), scale, corpusFile);
}
const articles = await readCorpus(corpusFile);
if (!existsSync(join(indexDir, 'CURRENT'))) {
  console.error('building the index…');
  const built = await SearchEngine.fromArticles(articles.map((article) => ({ ...article, tags: [] })));
  await built.save(indexDir);
}
const opened = performance.now();
const engine = await SearchEngine.open(indexDir);
console.error(`opened ${engine.info().articles} articles in ${((performance.now() - opened) / 1000).toFixed(2)} s`);
const queries = generateQueries(articles, Number(values.queries));
articles.length = 0;

const request = (query: BenchQuery): SearchRequest => ({
  q: query.gazette,
  limit: 10,
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.to === undefined ? {} : { to: query.to }),
});

// The same pages both ways: the check that pruning skips nothing that counts.
let differing = 0;
for (const query of queries) {
  pruning.enabled = false;
  const exhaustive = JSON.stringify({ ...engine.search(request(query)), tookMs: 0 });
  pruning.enabled = true;
  const pruned = JSON.stringify({ ...engine.search(request(query)), tookMs: 0 });
  if (pruned !== exhaustive) {
    differing += 1;
    if (differing <= 5) console.error(`differs: ${query.gazette}`);
  }
}
console.log(`${queries.length} queries: ${differing} pages differ between pruned and exhaustive search`);

type Mode = 'rank' | 'search';
const repetitions = Number(values.repetitions);
const rows: string[] = [];
for (const enabled of [false, true]) {
  pruning.enabled = enabled;
  for (const mode of ['rank', 'search'] as Mode[]) {
    const run = (query: BenchQuery) => (mode === 'rank' ? engine.rank(request(query)) : engine.search(request(query)));
    for (const query of queries) run(query);
    const byKind = new Map<string, number[]>();
    const all: number[] = [];
    for (let pass = 0; pass < repetitions; pass++) {
      for (const query of queries) {
        const started = performance.now();
        run(query);
        const took = performance.now() - started;
        all.push(took);
        byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), took]);
      }
    }
    const label = `${enabled ? 'pruned' : 'exhaustive'} ${mode === 'rank' ? 'bare' : 'full'}`;
    const cells = [all, ...byKind.values()].map((samples) => {
      const { p50, p95, p99 } = latencies(samples);
      return `${p50.toFixed(2)} / ${p95.toFixed(2)} / ${p99.toFixed(2)}`;
    });
    if (rows.length === 0) {
      rows.push(`| ${scale} articles | all | ${[...byKind.keys()].join(' | ')} |`);
      rows.push(`| --- | ${[all, ...byKind.keys()].map(() => '---:').join(' | ')} |`);
    }
    rows.push(`| ${label} | ${cells.join(' | ')} |`);
  }
}
console.log('\nms p50 / p95 / p99\n');
console.log(rows.join('\n'));
await engine.close();
