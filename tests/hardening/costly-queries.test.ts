import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMON_STARTS, COMMON_WORDS, cpuMsOf, STOPPING_WORDS, worstKnownQueries } from '../../bench/costly-queries.js';
import { REUTERS_QUERIES } from '../../bench/reuters-queries.js';
import { SearchEngine as Engine, type SearchEngine, SearchTimeoutError } from '../../src/index.js';
import { MAX_CHECKED_PHRASES, MAX_EXPANDING_WORDS } from '../../src/query/execute.js';
import { MAX_QUERY_LENGTH } from '../../src/search/request.js';
import { article, engineOf, SHARED, SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

// What one search may cost on the Reuters index, at most: a request of the largest allowed
// size must not hold the server's only thread for longer. That is on the machine of
// docs/benchmarks.md, where the twelve ordinary queries of bench/http.ts take about 9 ms of
// CPU together; a slower or busier machine (a shared CI runner took three times as long)
// gets the bound in proportion: never under six times what those twelve cost on it.
const CPU_BOUND_MS = 50;
const ORDINARY_QUERIES_TIMES = 6;

// The CPU of the twelve ordinary queries together, the least of five rounds.
function ordinaryCpuMs(engine: SearchEngine): number {
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const before = process.cpuUsage();
    for (const q of REUTERS_QUERIES) engine.search({ q });
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

const costlyPiece = fc.oneof(
  fc.constantFrom(...COMMON_STARTS).map((start) => `${start}*`),
  fc.constantFrom(...COMMON_WORDS).map((word) => `${word}~2`),
  fc.tuple(fc.constantFrom(...COMMON_WORDS), fc.nat(5)).map(([word, cut]) => `${word.slice(0, word.length - cut)}~2`),
  fc.string({ unit: fc.constantFrom('a', 'e', 's', 't', 'r', 'n'), minLength: 3, maxLength: 9 }).map((word) => `${word}~2`),
  // Words the archive does not hold, which typo tolerance corrects unasked.
  fc.string({ unit: fc.constantFrom('a', 'e', 's', 't', 'r', 'n', 'o', 'i'), minLength: 5, maxLength: 12 }),
  fc.tuple(fc.constantFrom(...COMMON_WORDS), fc.constantFrom(...COMMON_WORDS)).map(([a, b]) => `"${a} ${b}"`),
  fc.constantFrom(...COMMON_WORDS).map((word) => `-${word}`),
  fc.constantFrom(...COMMON_WORDS),
  fc.constantFrom(...COMMON_WORDS).map((word) => `title:${word}~2`),
  fc
    .tuple(
      fc.constantFrom('title', 'body'),
      fc.constantFrom(...COMMON_WORDS, ...STOPPING_WORDS),
      fc.constantFrom(...COMMON_WORDS, ...STOPPING_WORDS),
    )
    .map(([field, a, b]) => `${field}:"${a} ${b}"`),
  fc
    .tuple(fc.constantFrom('title', 'body'), fc.constantFrom(...COMMON_WORDS, ...STOPPING_WORDS))
    .map(([field, word]) => `${field}:${word}`),
);

// As many pieces as the length limit allows.
const costlyQuery = fc.array(costlyPiece, { minLength: 20, maxLength: 100 }).map((pieces) => {
  let query = '';
  for (const piece of pieces) {
    if (query.length + piece.length + 1 > MAX_QUERY_LENGTH) break;
    query = query === '' ? piece : `${query} ${piece}`;
  }
  return query;
});

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('the costliest queries allowed, on the Reuters index', () => {
  let reuters: SearchEngine;
  beforeAll(async () => {
    reuters = (await Engine.fromFiles([join(SHARED, 'corpora/reuters21578/reuters21578.jsonl')])).engine.warm();
  }, 120_000);

  it(`cost at most ${CPU_BOUND_MS} ms of CPU each (in proportion on a slower machine): 100 fuzzy words, 100 prefixes, and what a generator finds worst`, () => {
    const bound = Math.max(CPU_BOUND_MS, ORDINARY_QUERIES_TIMES * ordinaryCpuMs(reuters));
    const worstKnown = Object.values(worstKnownQueries());
    for (const q of worstKnown) expect(cpuMsOf(reuters, q), q.slice(0, 60)).toBeLessThanOrEqual(bound);
    fc.assert(
      fc.property(costlyQuery, (q) => {
        expect(cpuMsOf(reuters, q), q).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 40, seed: 18 },
    );
  }, 120_000);
});

describe('words with * and ~', () => {
  it(`are expanded for the first ${MAX_EXPANDING_WORDS} only; the others are searched as written, with a warning`, async () => {
    const engine = await engineOf([
      article({ id: 'a', title: 'Protests', body: 'protesters protested' }),
      article({ id: 'b', title: 'Harbour', body: 'harbours harbor' }),
    ]);
    const words = Array.from({ length: MAX_EXPANDING_WORDS }, (_, n) => `zzzz${String.fromCharCode(97 + n)}z~1`);
    const response = engine.search({ q: [...words, 'harbur~1'].join(' '), explain: true });
    expect(response.total).toBe(0);
    expect(response.warnings?.join(' ')).toMatch(/only the first 10 words with \* or ~ were expanded; harbur~1/);
    expect(engine.search({ q: 'harbur~1' }).total).toBe(1);
  });

  it(`are checked as phrases for the first ${MAX_CHECKED_PHRASES} only; the others match articles holding all their words, with a warning`, async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Harbour', body: 'storm harbour' })]);
    const phrases = Array.from({ length: MAX_CHECKED_PHRASES }, (_, n) => `"x${n}y wind"`);
    expect(engine.search({ q: '"harbour storm"' }).total).toBe(0);
    const response = engine.search({ q: [...phrases, '"harbour storm"'].join(' ') });
    expect(response.total).toBe(1);
    expect(response.warnings).toEqual([
      `only the first ${MAX_CHECKED_PHRASES} phrases were matched as phrases; "harbour storm" and those after it match articles holding all their words`,
    ]);
  });

  it('allow no edit under 3 letters and one under 6, whatever the ~ asks', async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Tax', body: 'tap tag tan tin' })]);
    const response = engine.search({ q: 'ta~2', explain: true });
    expect(response.total).toBe(0);
    expect(response.warnings).toEqual(['ta~2: a word of fewer than 3 letters is searched as written']);
    expect(engine.search({ q: 'tax~2' }).warnings).toEqual(['tax~2: a word of fewer than 6 letters allows one edit; searched with one']);
  });

  it('stop with SearchTimeoutError when a search outlasts the engine budget', async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Harbour', body: 'harbours harbor' })]);
    engine.searchBudgetMs = -1;
    expect(() => engine.search({ q: 'harbour~1' })).toThrow(SearchTimeoutError);
    expect(() => engine.search({ q: 'harbour' })).toThrow(/took more than its budget of -1 ms/);
  });
});
