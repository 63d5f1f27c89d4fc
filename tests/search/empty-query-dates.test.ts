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
});
