/**
 * What collapse=versions costs a search: the bench's 200 queries over an index, a page of 10
 * with snippets and the date histogram, with and without collapsing, in turn, five rounds; and
 * how many of the pages it changed. Not a test: run it by hand.
 *
 *     npx tsx bench/versions.ts --index <index folder> [--corpus reuters21578.jsonl]
 */
import { parseArgs } from 'node:util';
import { SearchEngine, type SearchRequest } from '../src/index.js';
import { readCorpus } from './corpus.js';
import { generateQueries } from './queries.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    index: { type: 'string' },
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    rounds: { type: 'string', default: '5' },
  },
});
if (values.index === undefined) throw new Error('usage: npx tsx bench/versions.ts --index <index folder>');
const engine = await SearchEngine.open(values.index);
const requests: SearchRequest[] = generateQueries(await readCorpus(values.corpus), 200).map(({ gazette, from, to }) => ({
  q: gazette,
  ...(from === undefined ? {} : { from }),
  ...(to === undefined ? {} : { to }),
}));

const times = { none: [] as number[], versions: [] as number[] };
let changed = 0;
let folded = 0;
for (let round = 0; round <= Number(values.rounds); round++) {
  for (const request of requests) {
    for (const collapse of ['none', 'versions'] as const) {
      const started = performance.now();
      const response = engine.search({ ...request, collapse });
      // Round 0 warms the engine (and the articles' pages in the operating system's cache).
      if (round > 0) times[collapse].push(performance.now() - started);
      if (round === 1 && collapse === 'versions') {
        const versions = response.hits.reduce((sum, hit) => sum + (hit.versions?.length ?? 0), 0);
        folded += versions;
        if (versions > 0) changed++;
      }
    }
  }
}
const line = (name: string, samples: number[]) => {
  const { p50, p95, p99 } = latencies(samples);
  return `${name}: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`;
};
console.log(
  `${engine.size} articles, ${requests.length} queries × ${values.rounds} rounds, a page of 10 with snippets and the date histogram`,
);
console.log(line('collapse=none', times.none));
console.log(line('collapse=versions', times.versions));
console.log(`pages with a story folded: ${changed} of ${requests.length}; versions folded: ${folded}`);
await engine.close();
