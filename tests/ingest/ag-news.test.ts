import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';
import { readAll } from './read.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

const AG_NEWS = join(SHARED, 'corpora/ag-news/ag_news_csv/test.csv');

describe.skipIf(!SHARED_PRESENT)('the AG News CSV (no header row, damaged entities and backslashes)', () => {
  it('is refused without a map, with advice, and read whole with column numbers', async () => {
    const refused = await readAll([AG_NEWS]);
    expect(refused.report.rejected[0]?.reason).toContain('--map title=2,body=3');

    const { articles, report } = await readAll([AG_NEWS], { map: { title: '2', body: '3', tags: '1' } });
    expect(report.rejected).toEqual([]);
    expect(articles.length + report.duplicates.length).toBe(7600);
    expect(articles[0]).toMatchObject({ title: 'Fears for T N pension after talks', tags: ['3'] });
    const text = articles.map((article) => `${article.title}\n${article.body}`).join('\n');
    // "#39;" (an entity that lost its "&") and "\\$" are repaired; each repair is reported.
    expect(text).not.toMatch(/(?<!&)#39;|\\\$/);
    expect(report.repaired.length).toBeGreaterThan(2000);
  }, 60_000);
});
