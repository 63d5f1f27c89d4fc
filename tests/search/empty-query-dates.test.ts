import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';

describe('an empty query within dates', () => {
  it('lists exactly the articles dated in the range, newest first, undated ones never', async () => {
    const articles = Array.from({ length: 300 }, (_, n) => ({
      id: `a${n}`,
      title: 'story',
      body: 'text',
      tags: [],
      ...(n % 7 === 0 ? {} : { date: new Date(Date.UTC(2000, 0, 1) + (n % 50) * 86_400_000).toISOString() }),
    }));
    const engine = await SearchEngine.fromArticles(articles);
    const ranges: [string | undefined, string | undefined][] = [
      ['2000-01-05', '2000-01-20'],
      [undefined, '2000-01-10'],
      ['2000-02-10', undefined],
      ['1999-01-01', '1999-02-01'],
      ['2000-01-01', '2000-01-01'],
    ];
    for (const [from, to] of ranges) {
      const response = engine.search({ q: '', limit: 100, ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const dated = articles.filter(
        (article) => article.date !== undefined && (!from || article.date.slice(0, 10) >= from) && (!to || article.date.slice(0, 10) <= to),
      );
      expect(response.total, `${from}..${to}`).toBe(dated.length);
      const days = response.hits.map((hit) => hit.date ?? 'undated');
      expect(days).toEqual([...days].sort().reverse());
      expect(days).not.toContain('undated');
    }
  });

  it('counts every article once in its facets, whatever order the articles were added in', async () => {
    // Dates out of order, as an archive read from files in any order: the empty query lists them newest first.
    const articles = Array.from({ length: 400 }, (_, n) => ({
      id: `a${n}`,
      title: 'story',
      body: 'text',
      author: `writer ${n % 3}`,
      tags: [`tag${n % 5}`],
      ...(n % 11 === 0 ? {} : { date: new Date(Date.UTC(1990 + ((n * 37) % 30), (n * 7) % 12, 1 + (n % 28))).toISOString() }),
    }));
    const engine = await SearchEngine.fromArticles(articles);
    // Counted once before the removal: what was kept between searches must not count it after.
    expect(engine.search({ q: '' }).total).toBe(articles.length);
    engine.remove('a5');
    const kept = articles.filter((article) => article.id !== 'a5');
    for (const interval of ['year', 'auto'] as const) {
      const response = engine.search({ q: '', interval, facets: ['author', 'tag'], facetSize: 10 });
      expect(response.total).toBe(kept.length);
      const dated = kept.filter((article) => article.date !== undefined);
      expect(response.facets.date.undated).toBe(kept.length - dated.length);
      const counted = response.facets.date.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
      expect(counted, interval).toBe(dated.length);
      if (interval === 'year') {
        for (const bucket of response.facets.date.buckets) {
          const year = bucket.key.slice(0, 4);
          expect(bucket.count, year).toBe(dated.filter((article) => article.date?.startsWith(year)).length);
        }
      }
      const authors = Object.fromEntries((response.facets.author?.values ?? []).map(({ value, count }) => [value, count]));
      expect(authors).toEqual({
        'writer 0': kept.filter((article) => article.author === 'writer 0').length,
        'writer 1': kept.filter((article) => article.author === 'writer 1').length,
        'writer 2': kept.filter((article) => article.author === 'writer 2').length,
      });
    }
  });

  it('filters every article by author and tag, newest first, page after page', async () => {
    const articles = Array.from({ length: 500 }, (_, n) => ({
      id: `a${n}`,
      title: 'story',
      body: 'text',
      author: `writer ${n % 4}`,
      tags: n % 3 === 0 ? ['floods'] : [],
      date: new Date(Date.UTC(2001, 0, 1) + ((n * 7919) % 500) * 3_600_000).toISOString(),
    }));
    const engine = await SearchEngine.fromArticles(articles);
    const wanted = articles
      .filter((article) => article.author === 'writer 1' && article.tags.includes('floods'))
      .sort((a, b) => (a.date < b.date ? 1 : -1))
      .map((article) => article.id);
    const filters = { author: ['Writer 1'], tag: ['floods'] };
    const pages = [0, 10, 20, 30, 40].map((offset) => engine.search({ q: '', filters, offset, limit: 10, facets: ['author'] }));
    for (const page of pages) expect(page.total).toBe(wanted.length);
    expect(pages.flatMap((page) => page.hits.map((hit) => hit.id))).toEqual(wanted);
    // Multi-select: the author facet counts every author among the flood stories.
    expect(pages[0]?.facets.author?.values.map(({ count }) => count).reduce((a, b) => a + b, 0)).toBe(
      articles.filter((article) => article.tags.includes('floods')).length,
    );
    expect(pages[0]?.facets.date.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(wanted.length);
    // Within dates, and a page past the last.
    const within = engine.search({ q: '', filters, from: '2001-01-05', to: '2001-01-10', limit: 100 });
    const expected = wanted.filter((id) => {
      const date = articles.find((article) => article.id === id)?.date ?? '';
      return date >= '2001-01-05' && date < '2001-01-11';
    });
    expect(within.hits.map((hit) => hit.id)).toEqual(expected);
    expect(within.total).toBe(expected.length);
    expect(engine.search({ q: '', filters, offset: 1000 }).hits).toEqual([]);
  });

  it('counts the facets of every article anew after each change, and hands out copies', async () => {
    const engine = await SearchEngine.fromArticles([
      { id: 'a', title: 'one', body: 'text', author: 'Ann', tags: ['x'], date: '2020-01-05' },
      { id: 'b', title: 'two', body: 'text', author: 'Bob', tags: ['x'], date: '2020-02-05' },
    ]);
    const asked = { q: '', interval: 'month' as const, facets: ['author' as const, 'tag' as const] };
    const first = engine.search(asked);
    expect(first.facets.author?.values).toEqual([
      { value: 'Ann', count: 1 },
      { value: 'Bob', count: 1 },
    ]);
    // A caller changing a response changes nothing kept.
    (first.facets.date.buckets[0] as { count: number }).count = 99;
    first.facets.author?.values.pop();
    expect(engine.search(asked).facets).toEqual(engine.search({ ...asked }).facets);
    expect(engine.search(asked).facets.date.buckets.map(({ count }) => count)).toEqual([1, 1]);
    engine.add({ id: 'c', title: 'three', body: 'text', author: 'Ann', tags: ['y'], date: '2020-02-07' });
    const after = engine.search(asked);
    expect(after.total).toBe(3);
    expect(after.facets.date.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-01', 1],
      ['2020-02', 2],
    ]);
    expect(after.facets.author?.values[0]).toEqual({ value: 'Ann', count: 2 });
    engine.remove('a');
    expect(engine.search(asked).facets.tag?.values).toEqual([
      { value: 'x', count: 1 },
      { value: 'y', count: 1 },
    ]);
  });

  it('answers an empty archive, an unknown author and many ways of asking, each counted right', async () => {
    const empty = await SearchEngine.fromArticles([]);
    const none = empty.search({ q: '', facets: ['author'], filters: { author: ['Nobody'] } });
    expect([none.total, none.hits, none.facets.date.buckets]).toEqual([0, [], []]);
    // The author ticked is still listed, to be unticked.
    expect(none.facets.author?.values).toEqual([{ value: 'Nobody', count: 0, selected: true }]);
    // Blank values list nothing; others are listed once, spaced plainly, as text (HTML is the page's to escape).
    const odd = empty.search({ q: '', facets: ['author'], filters: { author: ['  ', ' <b>Nobody</b>  Else ', '<B>nobody</B> else'] } });
    expect(odd.facets.author?.values).toEqual([{ value: '<b>Nobody</b> Else', count: 0, selected: true }]);
    const engine = await SearchEngine.fromArticles([
      { id: 'a', title: 'late', body: 'text', tags: [], date: '2020-01-01T23:30:00Z' },
      { id: 'b', title: 'early', body: 'text', tags: [], date: '2020-01-01T00:30:00Z' },
    ]);
    expect(engine.search({ q: '', filters: { author: ['Nobody'] } }).total).toBe(0);
    // More zones than are kept at once: each still counted in its own calendar.
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 40);
    for (const tz of [...zones, ...zones]) {
      const days = engine.search({ q: '', interval: 'day', tz }).facets.date.buckets;
      expect(
        days.reduce((sum, bucket) => sum + bucket.count, 0),
        tz,
      ).toBe(2);
    }
    expect(engine.search({ q: '', interval: 'day', tz: 'Asia/Tokyo' }).facets.date.buckets.map(({ key }) => key)).toEqual([
      '2020-01-01',
      '2020-01-02',
    ]);
  });
});
