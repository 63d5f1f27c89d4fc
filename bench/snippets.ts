/**
 * Snippet cost per hit at article lengths of 1 KB, 10 KB and 100 KB, and median
 * query times on an index (phrase, prefix, plain). Not a test: run it by hand.
 *
 *     npx tsx bench/snippets.ts [--index /tmp/reuters-index]
 */
import { Analyzer } from '../src/analysis/analyzer.js';
import { TextIndex } from '../src/index/text-index.js';
import { SearchEngine } from '../src/index.js';
import { matchedSpansOfText, matchedSpansOfTokens, tokenQuery } from '../src/snippets/highlight.js';
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

// The article with `rare` (a word not in the vocabulary) every `every` words: query terms
// as sparse as in real news, where the dense vocabulary above is the worst case.
function withRareWord(text: string, rare: string, every: number): string {
  return text
    .split(' ')
    .map((word, index) => (index % every === every - 1 ? `${rare} ${word}` : word))
    .join(' ');
}

function timeSnippets(): void {
  const cases = [
    { label: 'dense (2 of 17 words match)', query: 'strike harbour', make: (bytes: number) => article(bytes) },
    { label: 'sparse (1 word in 400 matches)', query: 'blockade', make: (bytes: number) => withRareWord(article(bytes), 'blockade', 400) },
  ];
  for (const { label, query, make } of cases) {
    console.log(`${label}, query "${query}":`);
    const termWeights = new Map(analyzer.terms(query).map((term) => [term, 2.5]));
    for (const bytes of [1_000, 10_000, 100_000]) {
      const text = make(bytes);
      // What the engine does per hit: find the matched words, then choose and render passages.
      const index = TextIndex.create(analyzer);
      index.add(0, { id: 'a', title: '', body: text, tags: [] });
      const { forward } = index;
      const byIds = tokenQuery({ termWeights }, (term) => forward.idOfTerm(term), forward.vocabularySize);
      const analysed = timePerHit(() =>
        buildSnippet({ text, spans: matchedSpansOfText(text, (word) => analyzer.termOf(word), { termWeights }), termWeights, length: 200 }),
      );
      const indexed = timePerHit(() =>
        buildSnippet({
          text,
          spans: matchedSpansOfTokens(text, index.wordsOf(text), byIds),
          termWeights,
          length: 200,
        }),
      );
      const choice = timePerHit(() => buildSnippet({ text, spans: [], termWeights, length: 200 }));
      console.log(
        `  ${String(bytes / 1000).padStart(3)} KB body: ${indexed.toFixed(0)} µs/hit reading its words as term ids (a page of 10: ${((10 * indexed) / 1000).toFixed(2)} ms); ${analysed.toFixed(0)} µs/hit analysing the body (lead only: ${choice.toFixed(0)} µs)`,
      );
    }
  }
}

// Median µs of one call, over 300 calls after 30 warm-up calls.
function timePerHit(run: () => unknown): number {
  for (let i = 0; i < 30; i++) run();
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times) * 1000;
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
