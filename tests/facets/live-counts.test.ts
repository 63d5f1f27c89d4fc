import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Article, SearchEngine, type SearchRequest } from '../../src/index.js';

// The facets of every article (the search page's first view) are read from counts kept up to
// date as articles are added, replaced and removed. They must be what counting the live
// articles gives: the same request to an engine built from those articles alone.

const AUTHORS = ['Rohan Mehta', 'Ana Lima', 'Wei Chen', 'Omar Haddad'];
const TAGS = ['floods', 'elections', 'markets', 'health', 'sport'];
const SOURCES = ['wire', 'desk', 'archive'];

const articleOf = (id: number) =>
  fc
    .record({
      author: fc.option(fc.constantFrom(...AUTHORS), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      source: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
      // Over nine years, so that `auto` picks months or years as the span grows and shrinks; some undated.
      day: fc.option(fc.integer({ min: 0, max: 3300 }), { nil: undefined }),
    })
    .map(
      ({ author, tags, source, day }): Article => ({
        id: `a${id}`,
        title: `Story ${id}`,
        body: 'A report from the archive.',
        tags,
        ...(author === undefined ? {} : { author }),
        ...(source === undefined ? {} : { source: `${source}/story-${id}.md` }),
        ...(day === undefined ? {} : { date: new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString() }),
      }),
    );

type Op = { kind: 'add' | 'replace' | 'remove'; pick: number; article: Article };

const ops = fc.array(
  fc
    .integer({ min: 0, max: 10_000 })
    .chain((n) =>
      fc.record({ kind: fc.constantFrom<Op['kind']>('add', 'add', 'replace', 'remove'), pick: fc.nat(), article: articleOf(n) }),
    ),
  { maxLength: 25 },
);

const requests: SearchRequest[] = [
  { q: '', facets: ['author', 'tag', 'source'], limit: 50 },
  { q: '', facets: ['author', 'tag'], interval: 'month', tz: 'Asia/Kolkata', facetSize: 2 },
  { q: '', facets: ['source'], interval: 'year', tz: 'America/New_York' },
  { q: '', interval: 'day' },
  { q: '', interval: 'auto', tz: 'Asia/Kolkata' },
  // A range to extend to: counted, not read from the kept counts, and counted again after a write.
  { q: '', interval: 'year', facets: ['tag'], facetFrom: '2014-06-01', facetTo: '2025-01-01' },
  // An author ticked: that facet counts every article (multi-select), the others those that pass.
  { q: '', facets: ['author', 'tag', 'source'], filters: { author: ['Ana Lima', 'Wei Chen'] } },
  { q: '', facets: ['author', 'tag'], filters: { author: ['Ana Lima'], tag: ['floods'] } },
];

describe('every article in a living archive: its facets and its order', () => {
  it('are what counting the live articles gives, after any adds, replacements and removals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(articleOf(0), { maxLength: 12 }), ops, async (initial, writes) => {
        const start = initial.map((article, n) => ({ ...article, id: `s${n}`, title: `Start ${n}` }));
        const engine = await SearchEngine.fromArticles(start);
        const live = new Map(start.map((article) => [article.id, article]));
        // Asked before any write too, so that the counts are kept from the start.
        for (const request of requests) engine.search(request);
        for (const op of writes) {
          const ids = [...live.keys()];
          const existing = ids[op.pick % Math.max(1, ids.length)];
          if (op.kind === 'remove' && existing !== undefined) {
            engine.remove(existing);
            live.delete(existing);
          } else if (op.kind === 'replace' && existing !== undefined) {
            const replacement = { ...op.article, id: existing };
            engine.replace(replacement);
            live.set(existing, replacement);
          } else if (!live.has(op.article.id)) {
            engine.add(op.article);
            live.set(op.article.id, op.article);
          }
          const counted = await SearchEngine.fromArticles([...live.values()]);
          for (const request of requests) {
            const kept = engine.search(request);
            const expected = counted.search(request);
            expect(kept.total).toBe(expected.total);
            expect(kept.facets).toEqual(expected.facets);
            // Newest first, as kept between writes (articles of one date may come in either order).
            expect(kept.hits.map((hit) => hit.date ?? null)).toEqual(expected.hits.map((hit) => hit.date ?? null));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('pick the interval of `auto` from the dates of the articles left after one is removed', async () => {
    const dated = (id: string, date: string): Article => ({ id, title: id, body: 'x', tags: [], date });
    const engine = await SearchEngine.fromArticles([dated('a', '2015-01-01'), dated('b', '2015-01-20'), dated('c', '2024-01-01')]);
    expect(engine.search({ q: '', interval: 'auto' }).facets.date.interval).toBe('quarter');
    engine.remove('c');
    const { date } = engine.search({ q: '', interval: 'auto' }).facets;
    expect(date.interval).toBe('day');
    expect(date.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(2);
  });

  it('leave out the articles an opened index had removed, and follow the writes after', async () => {
    const story = (id: string, author: string, date: string): Article => ({ id, title: id, body: 'x', tags: [], author, date });
    const directory = await mkdtemp(join(tmpdir(), 'gazette-live-counts-'));
    try {
      const built = await SearchEngine.fromArticles([story('a', 'Ana Lima', '2020-01-05'), story('b', 'Wei Chen', '2020-02-05')]);
      built.remove('a');
      await built.save(directory);
      const opened = await SearchEngine.open(directory);
      const request: SearchRequest = { q: '', facets: ['author'], interval: 'auto' };
      expect(opened.search(request).facets).toEqual(
        (await SearchEngine.fromArticles([story('b', 'Wei Chen', '2020-02-05')])).search(request).facets,
      );
      opened.add(story('c', 'Ana Lima', '2021-06-01'));
      opened.remove('b');
      expect(opened.search(request).facets).toEqual(
        (await SearchEngine.fromArticles([story('c', 'Ana Lima', '2021-06-01')])).search(request).facets,
      );
      await opened.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('are empty for an archive that its writes emptied, and count again from what comes next', async () => {
    const story: Article = { id: 'only', title: 'Only', body: 'x', tags: ['floods'], author: 'Ana Lima', date: '2020-01-02' };
    const engine = await SearchEngine.fromArticles([story]);
    const request: SearchRequest = { q: '', facets: ['author', 'tag'], interval: 'auto' };
    engine.search(request);
    engine.remove('only');
    const empty = await SearchEngine.fromArticles([]);
    expect(engine.search(request).total).toBe(0);
    expect(engine.search(request).facets).toEqual(empty.search(request).facets);
    engine.add({ ...story, id: 'next', date: '2021-03-04' });
    const one = await SearchEngine.fromArticles([{ ...story, id: 'next', date: '2021-03-04' }]);
    expect(engine.search(request).facets).toEqual(one.search(request).facets);
  });

  it('keep hundreds of articles newest first as a write or two at a time comes and goes', async () => {
    const size = 400;
    await fc.assert(
      fc.asyncProperty(
        fc.array(articleOf(0), { minLength: size, maxLength: size }),
        fc.array(fc.tuple(fc.constantFrom<Op['kind']>('add', 'replace', 'remove'), fc.nat(), articleOf(0)), { maxLength: 8 }),
        async (initial, writes) => {
          const start = initial.map((article, n) => ({ ...article, id: `s${n}` }));
          const engine = await SearchEngine.fromArticles(start);
          const live = new Map(start.map((article) => [article.id, article]));
          engine.search({ q: '' });
          for (const [n, [kind, pick, article]] of writes.entries()) {
            const existing = [...live.keys()][pick % live.size] as string;
            if (kind === 'add') {
              engine.add({ ...article, id: `w${n}` });
              live.set(`w${n}`, { ...article, id: `w${n}` });
            } else if (kind === 'replace') {
              engine.replace({ ...article, id: existing });
              live.set(existing, { ...article, id: existing });
            } else {
              engine.remove(existing);
              live.delete(existing);
            }
            expect(everyHitNewestFirst(engine)).toEqual(datedIds([...live.values()]));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('are the same whether the index was warmed or not: empty, undated, or dated over years', async () => {
    const archives: Article[][] = [
      [],
      [{ id: 'u', title: 'Undated', body: 'x', tags: [] }],
      [
        { id: 'a', title: 'One', body: 'x', tags: [], date: '2015-03-01T10:00:00Z' },
        { id: 'b', title: 'Two', body: 'x', tags: [], date: '2024-11-30T23:30:00Z' },
      ],
    ];
    for (const articles of archives) {
      const warmed = (await SearchEngine.fromArticles(articles)).warm();
      const cold = await SearchEngine.fromArticles(articles);
      for (const request of requests) expect(warmed.search(request).facets).toEqual(cold.search(request).facets);
    }
  });

  it('gives each search its own copy of them', async () => {
    const engine = await SearchEngine.fromArticles([
      { id: 'a', title: 'One', body: 'x', tags: ['floods'], author: 'Ana Lima', date: '2020-01-02' },
    ]);
    const first = engine.search({ q: '', facets: ['author'] });
    first.facets.date.buckets.length = 0;
    (first.facets.author?.values[0] as { count: number }).count = 99;
    const second = engine.search({ q: '', facets: ['author'] });
    expect(second.facets.date.buckets).toHaveLength(1);
    expect(second.facets.author?.values[0]?.count).toBe(1);
  });
});

// Every hit of the empty query, page after page: its dates in order (newest first, the undated
// last) and, since articles of one date may come in either order, its articles with their dates.
function everyHitNewestFirst(engine: SearchEngine): { dates: string[]; articles: string[] } {
  const hits: { date?: string; id: string }[] = [];
  for (let offset = 0; offset < engine.size; offset += 100) hits.push(...engine.search({ q: '', limit: 100, offset }).hits);
  return datesAndArticles(hits);
}

function datedIds(articles: Article[]): { dates: string[]; articles: string[] } {
  const dated = articles
    .filter((article) => article.date !== undefined)
    .sort((a, b) => Date.parse(b.date ?? '') - Date.parse(a.date ?? ''));
  return datesAndArticles([...dated, ...articles.filter((article) => article.date === undefined)]);
}

function datesAndArticles(hits: { date?: string; id: string }[]): { dates: string[]; articles: string[] } {
  const dates = hits.map((hit) => (hit.date === undefined ? 'undated' : new Date(hit.date).toISOString()));
  return { dates, articles: hits.map((hit, n) => `${dates[n]} ${hit.id}`).sort() };
}
