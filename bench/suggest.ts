// Measures as-you-type completion (SearchEngine.suggest, GET /suggest) on an index: p50, p95 and
// p99 over prefixes of 1 to 6 letters of real title words, in-process and over HTTP.
//
//   npm run build-index -- --input ../shared/corpora/reuters21578/reuters21578.jsonl --out /tmp/reuters-index
//   npx tsx bench/suggest.ts --index /tmp/reuters-index [--prefixes 3000] [--limit 10]
//
// Prefixes are cut from words of the index's titles drawn with a fixed seed, as a user types
// them: "c", "co", "coc", … Half are typed alone, half after another word of the same title
// ("oil" then "p", "pr", …), which narrows the counts. The first call, which builds the
// completion (a pass over every title), is timed apart. Over HTTP the server runs in its own
// process, as `npm start` runs it; requests go one at a time on a kept-alive connection, with no
// If-None-Match, so that every answer is computed.

import { parseArgs } from 'node:util';
import { SearchEngine } from '../src/index.js';
import { pick, seededRandom } from './random.js';
import { freePort, startServer } from './server.js';
import { type Latencies, latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/tmp/reuters-index' },
    prefixes: { type: 'string', default: '3000' },
    limit: { type: 'string', default: '10' },
  },
});
const LIMIT = Number(values.limit);
const MAX_PREFIX = 6;

/** What a user has typed: the words before, and the prefix of the word being typed. */
interface Typed {
  text: string;
  letters: number;
  narrowed: boolean;
}

// Words of letters only (what a user types), lower-cased, from the titles of the index.
function typedTexts(engine: SearchEngine, count: number): Typed[] {
  const titles = Array.from(engine.ids(), (id) => engine.article(id)?.title ?? '');
  const random = seededRandom(2026);
  const texts: Typed[] = [];
  while (texts.length < count) {
    const words = (
      pick(random, titles)
        .toLowerCase()
        .match(/\p{L}{2,}/gu) ?? []
    ).filter((word) => word.length >= 2);
    if (words.length < 2) continue;
    const at = 1 + Math.floor(random() * (words.length - 1));
    const word = words[at] as string;
    const narrowed = texts.length % 2 === 1;
    for (let letters = 1; letters <= Math.min(MAX_PREFIX, word.length) && texts.length < count; letters++) {
      texts.push({ text: `${narrowed ? `${words[at - 1]} ` : ''}${word.slice(0, letters)}`, letters, narrowed });
    }
  }
  return texts;
}

function table(title: string, rows: [string, Latencies][]): void {
  console.log(`\n${title}\n\n| prefixes | count | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |`);
  for (const [label, figures] of rows) {
    console.log(`| ${label} | ${figures.samples} | ${figures.p50.toFixed(3)} | ${figures.p95.toFixed(3)} | ${figures.p99.toFixed(3)} |`);
  }
}

// Rows by prefix length and kind, then all together.
function summarize(texts: readonly Typed[], times: readonly number[]): [string, Latencies][] {
  const rows: [string, Latencies][] = [];
  for (const narrowed of [false, true]) {
    for (const [label, from, to] of [
      ['1–2 letters', 1, 2],
      ['3–4 letters', 3, 4],
      ['5–6 letters', 5, 6],
    ] as const) {
      const chosen = times.filter(
        (_, at) => texts[at]?.narrowed === narrowed && (texts[at]?.letters ?? 0) >= from && (texts[at]?.letters ?? 0) <= to,
      );
      rows.push([`${narrowed ? 'after a word, ' : ''}${label}`, latencies(chosen)]);
    }
  }
  rows.push(['all', latencies(times)]);
  return rows;
}

const engine = await SearchEngine.open(String(values.index));
const texts = typedTexts(engine, Number(values.prefixes));
console.log(`Index ${values.index}: ${engine.size} articles; ${texts.length} typed texts, limit ${LIMIT}; node ${process.version}`);

let started = performance.now();
engine.suggest('a', LIMIT);
console.log(`First call (builds the completion): ${(performance.now() - started).toFixed(0)} ms`);
for (const { text } of texts) engine.suggest(text, LIMIT);
const inProcess = texts.map(({ text }) => {
  started = performance.now();
  engine.suggest(text, LIMIT);
  return performance.now() - started;
});
table('In-process: `engine.suggest(text, 10)`', summarize(texts, inProcess));

const port = await freePort();
const server = await startServer(String(values.index), port);
try {
  const url = (text: string) => `http://127.0.0.1:${port}/suggest?q=${encodeURIComponent(text)}&limit=${LIMIT}`;
  started = performance.now();
  await (await fetch(url('a'))).arrayBuffer();
  console.log(`\nFirst request (builds the completion in the server): ${(performance.now() - started).toFixed(0)} ms`);
  for (const { text } of texts) await (await fetch(url(text))).arrayBuffer();
  const overHttp: number[] = [];
  for (const { text } of texts) {
    started = performance.now();
    const response = await fetch(url(text));
    await response.arrayBuffer();
    overHttp.push(performance.now() - started);
    if (!response.ok) throw new Error(`${url(text)} answered ${response.status}`);
  }
  table('Over HTTP: `GET /suggest?q=…&limit=10`, one request at a time, client-side time', summarize(texts, overHttp));
} finally {
  server.kill('SIGTERM');
}
