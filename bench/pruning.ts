// Top-k pruning (src/query/top-k.ts) against scoring every match, on one saved index, the
// bench's query mix: latencies per kind with pruning on and off, and a check that both give
// the same pages (ids, scores, totals, facets) for every query.
// `--scale corpus`: the corpus as it is (Reuters' own articles), not articles generated from it.
// Usage: npx tsx bench/pruning.ts [--scale 1000000|corpus] [--queries 500] [--repetitions 5] [--cache <dir>] [--and] [--walk-all]
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SearchEngine, type SearchRequest } from '../src/index.js';
import { WALK_LIMITS } from '../src/query/top-k.js';
import { pruning } from '../src/search/match.js';
import { generateCorpus, readCorpus } from './corpus.js';
import { type BenchQuery, generateQueries } from './queries.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join('..', 'shared', 'corpora', 'reuters21578', 'reuters21578.jsonl') },
    scale: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '500' },
    repetitions: { type: 'string', default: '5' },
    cache: { type: 'string', default: join(tmpdir(), 'gazette-pruning') },
    // Two- and three-word queries with their words joined by AND (required clauses).
    and: { type: 'boolean', default: false },
    // Walk every query, however small (WALK_LIMITS at 0): what the limits were chosen by.
    'walk-all': { type: 'boolean', default: false },
  },
});
const asIs = values.scale === 'corpus';
const scale = Number(values.scale);
if (values['walk-all']) Object.assign(WALK_LIMITS, { minPostings: 0, minExpansionPostings: 0 });
const cache = join(values.cache ?? '', asIs ? basename(values.corpus ?? '') : String(scale));
const corpusFile = asIs ? (values.corpus ?? '') : join(cache, 'articles.jsonl');
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
  q: values.and && query.kind.endsWith('words') ? query.gazette.split(' ').join(' AND ') : query.gazette,
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

// Each query runs both ways in turn, `repetitions` times each, and its time each way is the
// median of its runs: alternating keeps the two ways under the same load on a shared machine.
type Mode = 'rank' | 'search';
const repetitions = Number(values.repetitions);
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
const rows: string[] = [];
const kinds = [...new Set(queries.map((query) => query.kind))];
rows.push(`| ${engine.info().articles.toLocaleString('en')} articles | all | ${kinds.join(' | ')} |`);
rows.push(`| --- | ${['all', ...kinds].map(() => '---:').join(' | ')} |`);
for (const mode of ['rank', 'search'] as Mode[]) {
  const run = (query: BenchQuery) => (mode === 'rank' ? engine.rank(request(query)) : engine.search(request(query)));
  const times = { exhaustive: new Map<string, number[]>(), pruned: new Map<string, number[]>() };
  for (const query of queries) {
    const runs = { exhaustive: [] as number[], pruned: [] as number[] };
    for (let pass = 0; pass < repetitions; pass++) {
      for (const way of ['exhaustive', 'pruned'] as const) {
        pruning.enabled = way === 'pruned';
        const started = performance.now();
        run(query);
        runs[way].push(performance.now() - started);
      }
    }
    for (const way of ['exhaustive', 'pruned'] as const)
      times[way].set(query.kind, [...(times[way].get(query.kind) ?? []), median(runs[way])]);
  }
  for (const way of ['exhaustive', 'pruned'] as const) {
    const all = [...times[way].values()].flat();
    const cells = [all, ...kinds.map((kind) => times[way].get(kind) ?? [])].map((samples) => {
      const { p50, p95, p99 } = latencies(samples);
      return `${p50.toFixed(2)} / ${p95.toFixed(2)} / ${p99.toFixed(2)}`;
    });
    rows.push(`| ${way} ${mode === 'rank' ? 'bare' : 'full'} | ${cells.join(' | ')} |`);
  }
}
pruning.enabled = true;
console.log('\nms p50 / p95 / p99 (each query: the median of its runs)\n');
console.log(rows.join('\n'));
await engine.close();
