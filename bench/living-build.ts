// One build of bench/living.ts, in a process of its own so that its peak RSS is its own:
//   tsx bench/living-build.ts one-pass|writer <corpus.jsonl> <index folder>
// prints {"seconds":…,"peakRssMb":…,"articles":…} as its last line. `writer` adds every article
// through an index opened for writing (commit every 1,000), as pushes over the API would, then closes.
import { readFile } from 'node:fs/promises';
import { type Article, SearchEngine } from '../src/index.js';
import { streamCorpus } from './corpus.js';

const [mode = 'one-pass', corpus = '', out = ''] = process.argv.slice(2);
const started = performance.now();
const articles = async function* (): AsyncGenerator<Article> {
  for await (const { id, title, body, date } of streamCorpus(corpus))
    yield { id, title, body, tags: [], ...(date === undefined ? {} : { date }) };
};
let size: number;
if (mode === 'one-pass') {
  const engine = await SearchEngine.fromArticles(articles());
  await engine.save(out);
  size = engine.size;
} else {
  await (await SearchEngine.fromArticles([])).save(out);
  const engine = await SearchEngine.open(out, { write: true });
  let n = 0;
  for await (const article of articles()) {
    engine.add(article);
    if (++n % 1_000 === 0) await engine.commit();
  }
  await engine.close();
  size = engine.size;
}
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const written = (await readFile('/proc/self/io', 'utf8').catch(() => '')).match(/wchar: (\d+)/)?.[1];
console.log(JSON.stringify({ seconds, peakRssMb, articles: size, writtenMb: written === undefined ? null : Number(written) / 2 ** 20 }));
