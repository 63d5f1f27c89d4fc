import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Article, emptyReport, readArticles } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';

async function readAll(inputs: string[]) {
  const report = emptyReport();
  const articles: Article[] = [];
  for await (const article of readArticles(inputs, report)) articles.push(article);
  return { articles, report };
}

describe('ingest', () => {
  it('reads stories and JSON lines from a folder, and reports each rejected file and line with its reason', async () => {
    const { articles, report } = await readAll([FIXTURES]);
    const ids = articles.map((article) => article.id).sort();
    expect(ids).toContain('stories--harbour-protest');
    expect(ids).toEqual(expect.arrayContaining(['w1', 'w2', 'w3']));
    expect(report.rejected).toEqual(
      expect.arrayContaining([
        { path: join(FIXTURES, 'stories/empty.txt'), kind: 'empty-file', reason: expect.stringContaining('empty file (0 bytes)') },
        { path: join(FIXTURES, 'wire.jsonl'), line: 4, kind: 'invalid-json', reason: expect.stringContaining('invalid JSON') },
        { path: join(FIXTURES, 'wire.jsonl'), line: 6, kind: 'not-an-object', reason: 'expected a JSON object, found an array' },
      ]),
    );
    expect(report.articles).toBe(articles.length);
  });

  it('keeps an article with an unreadable date, undated, with the raw date and a warning', async () => {
    const { articles, report } = await readAll([join(FIXTURES, 'stories/bad-date.txt')]);
    expect(articles[0]?.date).toBeUndefined();
    expect(articles[0]?.rawDate).toBe('February 31st, 2021 at 10:00 IST');
    expect(report.warnings[0]?.reason).toMatch(/unreadable date/);
  });

  it('gives a record without an id one derived from its file and line, the same on every run', async () => {
    const first = await readAll([join(FIXTURES, 'wire.jsonl')]);
    const second = await readAll([join(FIXTURES, 'wire.jsonl')]);
    const anonymous = first.articles.find((article) => article.title === 'No id here');
    expect(anonymous?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(second.articles.find((article) => article.title === 'No id here')?.id).toBe(anonymous?.id);
  });

  it('reports a missing input and goes on with the others', async () => {
    const { articles, report } = await readAll(['/no/such/folder', join(FIXTURES, 'wire.jsonl')]);
    expect(report.rejected[0]).toEqual({ path: '/no/such/folder', kind: 'not-found', reason: 'no such file or folder' });
    expect(articles.length).toBe(4);
  });

  it('indexes a duplicate id once and says so', async () => {
    const wire = join(FIXTURES, 'wire.jsonl');
    const { articles, report } = await readAll([wire, wire]);
    expect(articles.filter((article) => article.id === 'w1')).toHaveLength(1);
    expect(report.duplicates.some((duplicate) => duplicate.kind === 'duplicate-id' && duplicate.reason.includes('duplicate id "w1"'))).toBe(
      true,
    );
  });
});
