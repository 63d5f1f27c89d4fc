// What typo tolerance costs at query time: the same queries clean and typo'd (one typo in a
// word of 5+ letters, eval/typos.ts), p50/p95/p99 of SearchEngine.search, on an index built
// from a corpus of JSON lines.
//
// Usage: npx tsx bench/typo-cost.ts [--corpus <file.jsonl>] [--queries 1000] [--limit <articles>]
import { parseArgs } from 'node:util';
import { typoText } from '../eval/typos.js';
import { SearchEngine } from '../src/index.js';
import { readCorpus } from './corpus.js';
import { generateQueries } from './queries.js';
import { seededRandom } from './random.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    queries: { type: 'string', default: '1000' },
    limit: { type: 'string' },
  },
});
const articles = await readCorpus(values.corpus ?? '', values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit));
const engine = (await SearchEngine.fromArticles(articles.map((article) => ({ ...article, tags: [] })))).warm();
// Plain words only: typos in the words a user types, not in query syntax.
const clean = generateQueries(articles, Number(values.queries))
  .filter((query) => query.kind !== 'prefix')
  .map((query) => query.words);
const random = seededRandom(21);
const typod = clean.map((q) => typoText(q, random, 0));

function timings(queries: readonly string[]): number[] {
  for (const q of queries.slice(0, 50)) engine.search({ q });
  return queries.map((q) => {
    const started = performance.now();
    engine.search({ q });
    return performance.now() - started;
  });
}

const rows = [
  ['clean', timings(clean)],
  ["typo'd", timings(typod)],
] as const;
console.log(`${engine.size} articles, ${clean.length} queries (one typo each in the typo'd set)`);
console.log('| queries | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: |');
for (const [name, ms] of rows) {
  const { p50, p95, p99 } = latencies(ms);
  console.log(`| ${name} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${p99.toFixed(2)} |`);
}
