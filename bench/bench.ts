import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_KEYS, isEngineKey } from './engines.js';
import { runBenchmark } from './run.js';

const USAGE = `Usage: npm run bench -- [--corpus <file.jsonl>] [--scale 100000,300000,1000000] [--engines gazette,lunr,…]
                      [--queries 500] [--repetitions 5] [--limit N] [--out <dir>]

Runs every engine (${ENGINE_KEYS.join(', ')}) on the real corpus and on corpora generated from it,
each engine in its own process, and writes bench.md and bench.json to --out (default: bench-results/).`;

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join('..', 'shared', 'corpora', 'reuters21578', 'reuters21578.jsonl') },
    scale: { type: 'string', default: '100000' },
    engines: { type: 'string', default: ENGINE_KEYS.join(',') },
    queries: { type: 'string', default: '500' },
    repetitions: { type: 'string', default: '5' },
    limit: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const engines = (values.engines ?? '').split(',').filter(Boolean);
const unknown = engines.filter((engine) => !isEngineKey(engine));
if (unknown.length > 0) {
  console.error(`unknown engine ${unknown.join(', ')}; known: ${ENGINE_KEYS.join(', ')}`);
  process.exit(2);
}
const run = await runBenchmark({
  corpus: values.corpus ?? '',
  scales: (values.scale ?? '').split(',').filter(Boolean).map(Number),
  engines: engines.filter(isEngineKey),
  queries: Number(values.queries),
  repetitions: Number(values.repetitions),
  ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
  out: values.out ?? 'bench-results',
  log: (line) => console.error(line),
});
const { renderMarkdown } = await import('./run.js');
console.log(renderMarkdown(run));
