/**
 * The two orderings a search makes over every article, timed alone on generated numbers: every
 * article newest first (`sortedNewestFirst`: dates spread over 1987-2026, given by the
 * millisecond, the second and the day), and the union of the lists a search counts
 * (`unionOfDocs`: sparse lists merged, dense ones set in a bitmap). Each figure is the median of
 * seven runs. Not a test: run it by hand.
 *
 *     npx tsx bench/orders.ts [--articles 1000000]
 */
import { parseArgs } from 'node:util';
import { unionOfDocs } from '../src/index/doc-lists.js';
import { sortedNewestFirst } from '../src/search/newest-first.js';
import { seededRandom } from './random.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000000' } } });
const articles = Number(values.articles);
const random = seededRandom(1987);
const FIRST_MS = Date.UTC(1987, 0, 1);
const LAST_MS = Date.UTC(2026, 11, 31);

const everyArticle = Int32Array.from({ length: articles }, (_, doc) => doc);
const byMillisecond = Float64Array.from({ length: articles }, () => Math.floor(FIRST_MS + random() * (LAST_MS - FIRST_MS)));
console.log(`| ${articles.toLocaleString('en')} articles | median ms of 7 |\n| --- | ---: |`);
for (const [name, step] of [
  ['newest first, dates by the millisecond', 1],
  ['newest first, dates by the second', 1000],
  ['newest first, dates by the day', 86_400_000],
] as const) {
  const dates = byMillisecond.map((date) => Math.floor(date / step) * step);
  row(name, () => sortedNewestFirst(everyArticle, dates));
}
// Lists holding these shares of every article, as the postings of common and rare words.
for (const shares of [
  [0.001, 0.002, 0.003],
  [0.01, 0.02],
  [0.05, 0.1],
  [0.1, 0.3, 0.05],
  [0.3, 0.5],
  [0.2, 0.2, 0.2, 0.2],
]) {
  const lists = shares.map((share) => everyArticle.filter(() => random() < share));
  row(`union of lists of ${shares.map((share) => `${share * 100} %`).join(', ')}`, () => unionOfDocs(lists, undefined));
}

function row(name: string, work: () => unknown): void {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${(times[3] as number).toFixed(1)} |`);
}
