/**
 * Snippet cost per hit at article lengths of 1 KB, 10 KB and 100 KB, and median
 * query times on an index (phrase, prefix, plain). Not a test: run it by hand.
 *
 *     npx tsx scripts/bench-snippets.ts [--index /tmp/reuters-index]
 */
import { Analyzer } from '../src/analysis/analyzer.js';
import { SearchEngine } from '../src/index.js';
import { matchedSpansOfText } from '../src/snippets/highlight.js';
import { buildSnippet } from '../src/snippets/snippet.js';

const analyzer = new Analyzer();
const VOCABULARY = 'the council met port strike union harbour minister oil price rose fell talks evening market shares trade'.split(' ');

// Deterministic pseudo-random prose, so that runs compare.
function article(bytes: number): string {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const sentences: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = Array.from({ length: 8 + Math.floor(random() * 10) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
    const sentence = `${words.join(' ')}.`;
    sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
    size += sentence.length + 1;
  }
  return sentences.join(' ');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeSnippets(): void {
  const termWeights = new Map([
    ['strike', 2.5],
    ['harbour', 3.1],
  ]);
  for (const bytes of [1_000, 10_000, 100_000]) {
    const text = article(bytes);
    const runs: { build: number; total: number }[] = [];
    for (let run = 0; run < 200; run++) {
      const started = performance.now();
      // What the engine does per hit: analyse the body into matched spans, then choose and render passages.
      const spans = matchedSpansOfText(text, (word) => analyzer.termOf(word), { termWeights });
      const analysedAt = performance.now();
      buildSnippet({ text, spans, termWeights, length: 200, fragments: 1 });
      const builtAt = performance.now();
      runs.push({ build: builtAt - analysedAt, total: builtAt - started });
    }
    const build = median(runs.map((run) => run.build));
    const total = median(runs.map((run) => run.total));
    console.log(
      `${bytes / 1000} KB body: passage choice + render ${(build * 1000).toFixed(0)} µs/hit; with analysing the body ${(total * 1000).toFixed(0)} µs/hit`,
    );
  }
}

async function timeQueries(directory: string): Promise<void> {
  const engine = await SearchEngine.open(directory);
  const queries: Record<string, string[]> = {
    phrase: ['"oil prices"', '"interest rates"', '"trade deficit"', '"crude oil"', '"stock exchange"', '"central bank"'],
    prefix: ['petro*', 'export*', 'bank*', 'coffe*', 'inflat*', 'currenc*'],
    fuzzy: ['petroleum~', 'expotrs~', 'inflaton~'],
    plain: ['oil prices', 'interest rates', 'trade deficit', 'crude oil', 'stock exchange', 'central bank'],
  };
  for (const [kind, list] of Object.entries(queries)) {
    // The first run of each query analyses the fields that phrase checks read; later runs find them cached.
    const cold = list.map((q) => engine.search({ q }).tookMs);
    const times: number[] = [];
    for (let round = 0; round < 5; round++) for (const q of list) times.push(engine.search({ q }).tookMs);
    console.log(
      `${kind} queries on ${engine.size} articles: median ${median(times).toFixed(1)} ms (${times.length} runs); first runs median ${median(cold).toFixed(1)} ms`,
    );
  }
}

const indexFlag = process.argv.indexOf('--index');
timeSnippets();
if (indexFlag > 0) await timeQueries(process.argv[indexFlag + 1] ?? '');
