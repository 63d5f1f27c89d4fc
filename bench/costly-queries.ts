import type { SearchEngine } from '../src/index.js';
import { SearchTimeoutError } from '../src/index.js';

/**
 * The costliest queries the limits allow on news (1,000 characters, 100 terms), and what one
 * costs: shared by tests/hardening/costly-queries.test.ts, which holds them to a CPU bound,
 * and bench/costly.ts, which prints the figures.
 */

/** The longest query allowed, in characters. */
export const QUERY_LENGTH = 1_000;
/** Beginnings of many words of news: a prefix stands for many terms. */
export const COMMON_STARTS = ['sta', 'com', 'pro', 'con', 'tra', 'pre', 'int', 'dis', 'per', 'mar', 'sal', 'exp', 'acq', 'rep'];
/** The most frequent words of Reuters that are not stop words: the longest postings. */
export const STOPPING_WORDS = ['said', 'year', 'pct', 'mln', 'dlrs', 'company', 'bank'];
/** Long frequent words of Reuters: many terms lie a typo or two away. */
export const COMMON_WORDS = [
  'company',
  'market',
  'shares',
  'prices',
  'billion',
  'exports',
  'government',
  'interest',
  'dollar',
  'production',
];

/** The worst queries found by hand, by name: fuzzy words, prefixes, phrases of the commonest words. */
export function worstKnownQueries(): Record<string, string> {
  const frequent = [...STOPPING_WORDS, ...COMMON_WORDS];
  const upToLimit = (pieces: string[]) => {
    const text = pieces.join(' ');
    return text.length <= QUERY_LENGTH ? text : text.slice(0, text.lastIndexOf(' ', QUERY_LENGTH));
  };
  return {
    '100 × xxxxxxx~2': upToLimit(Array(100).fill('xxxxxxx~2')),
    '100 prefixes': upToLimit(Array.from({ length: 100 }, (_, n) => `${COMMON_STARTS[n % COMMON_STARTS.length]}*`)),
    '100 frequent words ~2': upToLimit(Array.from({ length: 100 }, (_, n) => `${COMMON_WORDS[n % COMMON_WORDS.length]}~2`)),
    'body phrases of frequent words': upToLimit(frequent.flatMap((a) => frequent.map((b) => `body:"${a} ${b}"`))),
    'phrases of frequent words': upToLimit(frequent.flatMap((a) => frequent.map((b) => `"${a} ${b}"`))),
  };
}

/** The CPU one search takes once warm: the least of `runs` runs, so that compiling its code and a pause of the machine's are not counted. */
export function cpuMsOf(engine: SearchEngine, q: string, runs = 5): number {
  let least = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage();
    try {
      engine.search({ q });
    } catch (error) {
      if (!(error instanceof SearchTimeoutError)) throw error;
    }
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}
