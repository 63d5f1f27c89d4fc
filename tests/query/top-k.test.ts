import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.js';
import { type Article, LONG_QUERY_SIZE, SearchEngine, type SearchRequest } from '../../src/index.js';
import { WALK_LIMITS } from '../../src/query/top-k.js';
import { pruning } from '../../src/search/match.js';

// Top-k pruning must be invisible: every page, score, total and facet the same as scoring
// every match. These tests run random queries over random archives both ways and compare.

const seeded = seededRandom;

// Words drawn with Zipf-like frequencies, so that some lists are long and others short.
const WORDS = Array.from({ length: 300 }, (_, n) => `w${n.toString(36)}x${'abcdefghij'[n % 10]}`);
function word(random: () => number): string {
  return WORDS[Math.floor(WORDS.length * random() ** 3)] as string;
}

function article(random: () => number, n: number): Article {
  const words = (count: number) => Array.from({ length: count }, () => word(random)).join(' ');
  const day = Date.UTC(2000, 0, 1) + Math.floor(random() * 3650) * 86_400_000;
  return {
    id: `a${n}`,
    title: words(1 + Math.floor(random() * 8)),
    body: random() < 0.05 ? '' : words(Math.floor(random() * 300)),
    date: new Date(day).toISOString(),
    ...(random() < 0.3 ? { author: words(2) } : {}),
    tags: random() < 0.3 ? [word(random)] : [],
  };
}

function query(random: () => number): SearchRequest {
  const clauses: string[] = [];
  const count = 1 + Math.floor(random() * 5);
  for (let n = 0; n < count; n++) {
    const pick = random();
    const w = word(random);
    if (pick < 0.45) clauses.push(w);
    else if (pick < 0.55) clauses.push(random() < 0.5 ? `+${w}` : `${w} AND ${word(random)}`);
    else if (pick < 0.65) clauses.push(`${w.slice(0, 3)}*`);
    else if (pick < 0.72) clauses.push(`${w}~1`);
    else if (pick < 0.78) clauses.push(`-${w}`);
    else if (pick < 0.84) clauses.push(`title:${w}`);
    else if (pick < 0.9) clauses.push(random() < 0.5 ? `"${w} ${word(random)}"` : `"${w} ${word(random)} ${word(random)}"`);
    else if (pick < 0.95)
      clauses.push(`${w.slice(0, -1)}q`); // not in the archive: corrected
    else clauses.push(w, w);
  }
  const request: SearchRequest = { q: clauses.join(' '), limit: 1 + Math.floor(random() * 20), offset: Math.floor(random() * 3) * 50 };
  if (random() < 0.25) {
    const from = 2000 + Math.floor(random() * 10);
    request.from = `${from}-01-01`;
    request.to = `${from + Math.floor(random() * 3)}-06-30`;
  }
  return request;
}

function both(engine: SearchEngine, request: SearchRequest): { pruned: unknown; exhaustive: unknown } {
  pruning.enabled = false;
  const exhaustive = { ...engine.search(request), tookMs: 0 };
  const exhaustiveRank = engine.rank(request);
  pruning.enabled = true;
  const pruned = { ...engine.search(request), tookMs: 0 };
  return { pruned: [pruned, engine.rank(request)], exhaustive: [exhaustive, exhaustiveRank] };
}

// Small archives are scored whole unless told otherwise: these walk every query.
const limits = { ...WALK_LIMITS };
beforeEach(() => {
  WALK_LIMITS.minPostings = 0;
  WALK_LIMITS.minExpansionPostings = 0;
});
afterEach(() => {
  pruning.enabled = true;
  Object.assign(WALK_LIMITS, limits);
});

describe('top-k pruning', () => {
  it('gives the same pages, scores, totals and facets as scoring every match', async () => {
    const random = seeded(20261203);
    const engine = await SearchEngine.fromArticles(Array.from({ length: 3000 }, (_, n) => article(random, n)));
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      const request = query(random);
      const { pruned, exhaustive } = both(engine, request);
      expect(pruned, request.q).toEqual(exhaustive);
      compared += (exhaustive as [{ total: number }])[0].total > 0 ? 1 : 0;
    }
    // Most queries match something: the comparison is not of empty pages.
    expect(compared).toBeGreaterThan(300);
  });

  it('walks a phrase searched alone as scoring every match does, for any page of it', async () => {
    // Phrases of common words: many articles hold both words and few hold them in order, so the
    // walk checks the word order best first and stops at the page's floor (phrase-best-first.ts).
    const random = seeded(20261206);
    const engine = await SearchEngine.fromArticles(Array.from({ length: 3000 }, (_, n) => article(random, n)));
    const common = WORDS.slice(0, 12);
    let matched = 0;
    for (const first of common)
      for (const second of common) {
        if (first === second) continue;
        const request: SearchRequest = {
          q: `"${first} ${second}"`,
          limit: 1 + Math.floor(random() * 20),
          offset: [0, 5, 40][Math.floor(random() * 3)] as number,
        };
        const { pruned, exhaustive } = both(engine, request);
        expect(pruned, `${request.q} limit ${request.limit} offset ${request.offset}`).toEqual(exhaustive);
        matched += (exhaustive as [{ total: number }])[0].total > 0 ? 1 : 0;
      }
    expect(matched).toBeGreaterThan(100);
  });

  it('stays exact while articles are added, replaced and removed after the build', async () => {
    await addedReplacedRemoved(42);
  });

  it('scores small archives whole, as their limits have it, exactly while articles come and go', async () => {
    Object.assign(WALK_LIMITS, limits);
    // No authors or tags: a bare ranking of plain words then adds their text's scores where they are summed.
    await addedReplacedRemoved(43, (random, n) => {
      const { author: _, ...text } = article(random, n);
      return { ...text, tags: [] };
    });
  });

  it('walks a narrow date range from one of its articles to the next while the newest-first order is at hand, exactly as articles come and go', async () => {
    const random = seeded(20261205);
    // Warmed as a server is: the date ranges below are found in the newest-first order.
    const engine = (await SearchEngine.fromArticles(Array.from({ length: 3000 }, (_, n) => article(random, n)))).warm();
    let ranged = 0;
    for (let round = 0; round < 4; round++) {
      for (let n = 0; n < 100; n++) engine.add(article(random, 3000 + round * 100 + n));
      for (let n = 0; n < 30; n++) engine.remove(`a${Math.floor(random() * 3000)}`);
      // The search page's first view (every article, newest first) brings the order up to date.
      engine.search({ q: '' });
      for (let n = 0; n < 60; n++) {
        // A month or two of ten years: a few dozen articles, among lists of hundreds.
        const start = Date.UTC(2000 + Math.floor(random() * 10), Math.floor(random() * 12), 1);
        const days = 30 + Math.floor(random() * 40);
        const request: SearchRequest = {
          ...query(random),
          from: new Date(start).toISOString().slice(0, 10),
          to: new Date(start + days * 86_400_000).toISOString().slice(0, 10),
        };
        const { pruned, exhaustive } = both(engine, request);
        expect(pruned, `${request.q} ${request.from}..${request.to} (round ${round})`).toEqual(exhaustive);
        ranged += (exhaustive as [{ total: number }])[0].total > 0 ? 1 : 0;
      }
    }
    expect(ranged).toBeGreaterThan(120);
  });

  it('finds nothing in a date range no article falls in, and the one article of a range of one day, warmed or not', async () => {
    const random = seeded(5);
    const engine = (await SearchEngine.fromArticles(Array.from({ length: 2000 }, (_, n) => article(random, n)))).warm();
    const common = WORDS[0] as string;
    engine.add({ id: 'lone', title: `${common} alone`, body: `${common} in a year of its own`, date: '1995-06-01T12:00:00Z', tags: [] });
    engine.search({ q: '' });
    const asked: SearchRequest[] = [
      { q: common, from: '1990-01-01', to: '1990-12-31' },
      { q: `${common} ${WORDS[1]} -${WORDS[2]}`, from: '1990-01-01', to: '1990-12-31' },
      { q: common, from: '1995-06-01', to: '1995-06-01' },
      { q: `"${common} alone"`, from: '1995-06-01', to: '1995-06-01' },
      { q: `+${common} ${WORDS[1]}`, from: '1995-01-01', to: '1995-12-31', limit: 100 },
    ];
    const totals = asked.map((request) => {
      const { pruned, exhaustive } = both(engine, request);
      expect(pruned, request.q).toEqual(exhaustive);
      return (exhaustive as [{ total: number; hits: { id: string }[] }])[0];
    });
    expect(totals.map((page) => page.total)).toEqual([0, 0, 1, 1, 1]);
    expect(totals[2]?.hits.map((hit) => hit.id)).toEqual(['lone']);
  });

  async function addedReplacedRemoved(seed: number, make = article): Promise<void> {
    const random = seeded(seed);
    const engine = await SearchEngine.fromArticles(Array.from({ length: 1500 }, (_, n) => make(random, n)));
    for (let round = 0; round < 6; round++) {
      for (let n = 0; n < 150; n++) engine.add(make(random, 1500 + round * 150 + n));
      for (let n = 0; n < 40; n++) engine.remove(`a${Math.floor(random() * (1500 + round * 150))}`);
      for (let n = 0; n < 20; n++) engine.replace(make(random, Math.floor(random() * 1500)));
      for (let n = 0; n < 40; n++) {
        const request = query(random);
        const { pruned, exhaustive } = both(engine, request);
        expect(pruned, `${request.q} (round ${round})`).toEqual(exhaustive);
      }
    }
  }

  it('walks small archives only when told to, with the same pages either way', async () => {
    Object.assign(WALK_LIMITS, limits);
    const random = seeded(7);
    const engine = await SearchEngine.fromArticles(Array.from({ length: 500 }, (_, n) => article(random, n)));
    for (let n = 0; n < 50; n++) {
      const request = query(random);
      const { pruned, exhaustive } = both(engine, request);
      expect(pruned, request.q).toEqual(exhaustive);
    }
  });

  it('answers empty, odd, hostile and huge queries as scoring every match does', async () => {
    await answersOddQueries(seeded(99), article);
  });

  it('answers them so too with plain words added in place: no labels, the real walk limits', async () => {
    Object.assign(WALK_LIMITS, limits);
    await answersOddQueries(seeded(98), (random, n) => {
      const { author: _, ...text } = article(random, n);
      return { ...text, tags: [] };
    });
  });

  async function answersOddQueries(random: () => number, make: typeof article): Promise<void> {
    const engine = await SearchEngine.fromArticles(Array.from({ length: 2000 }, (_, n) => make(random, n)));
    engine.querySize = LONG_QUERY_SIZE;
    const common = WORDS.slice(0, 40);
    const odd = [
      '', // every article, newest first
      'the of and', // stop words only
      'zzzz qqqq', // nothing the archive holds
      `-${common[0]} -${common[1]}`, // only exclusions
      `"${common[0]}`, // an unclosed quote, read leniently
      `(${common[0]} ${common[1]}`, // an unclosed group
      `<script>alert(1)</script> ${common[2]}*`, // markup in the words
      `"${common[0]} ${common[0]} ${common[0]}"`, // a phrase of one word thrice
      Array.from({ length: 1500 }, (_, n) => common[n % common.length]).join(' '), // 1,500 words
      common.map((word) => `${word.slice(0, 3)}*`).join(' '), // 40 prefixes
      common.map((word) => `"${word} ${common[0]}"`).join(' '), // 40 phrases
      `+${common[0]} +${common[1]} ${common[2]} -${common[3]}`,
    ];
    for (const q of odd) {
      const { pruned, exhaustive } = both(engine, { q, limit: 20 });
      expect(pruned, q.slice(0, 60)).toEqual(exhaustive);
    }
  }

  it('finds every article that ties the last place of the best hundred', async () => {
    // 300 articles with the same text score alike: all of them are the best, in article order.
    const articles = Array.from({ length: 300 }, (_, n) => ({ id: `t${n}`, title: 'tied story', body: 'the same words', tags: [] }));
    const engine = await SearchEngine.fromArticles([...articles, { id: 'other', title: 'another', body: 'story', tags: [] }]);
    const { pruned, exhaustive } = both(engine, { q: 'tied story', limit: 10, offset: 290 });
    expect(pruned).toEqual(exhaustive);
    expect((pruned as [{ hits: { id: string }[] }])[0].hits.map((hit) => hit.id)).toEqual(articles.slice(290).map((a) => a.id));
  });

  it('scores the articles holding a phrase as its words required together score them, to the last bit', async () => {
    // Each article holds the phrase once and each of its words a varying number of times more, in
    // texts of varying length: three scores that add up differently in another order.
    const random = seeded(7);
    const articles = Array.from({ length: 400 }, (_, n) => {
      const extra = (w: string) => Array.from({ length: Math.floor(random() * 4) }, () => w).join(' ');
      const filler = Array.from({ length: Math.floor(random() * 60) }, () => word(random)).join(' ');
      return {
        id: `p${n}`,
        title: word(random),
        body: `${extra('wxalpha')} wxalpha wxbeta wxgamma ${extra('wxbeta')} ${filler} ${extra('wxgamma')}`,
        tags: [],
      };
    });
    const engine = await SearchEngine.fromArticles(articles);
    for (const enabled of [false, true]) {
      pruning.enabled = enabled;
      for (const words of ['wxalpha wxbeta wxgamma', 'wxalpha wxbeta', 'wxbeta wxgamma']) {
        const phrase = engine.rank({ q: `"${words}"`, limit: 100 });
        expect(phrase).toHaveLength(100);
        expect(phrase).toEqual(engine.rank({ q: words.split(' ').join(' AND '), limit: 100 }));
      }
    }
  });
});
