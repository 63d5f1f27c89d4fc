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
});
