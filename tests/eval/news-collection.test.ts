import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_COLLECTIONS } from '../../eval/collections.js';
import { MIN_STORIES } from '../../eval/news-collection.js';
import { SHARED, SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('the news evaluation built from Reuters-21578 topics', () => {
  const collection = SHARED_PRESENT ? NAMED_COLLECTIONS.reuters() : undefined;

  it('judges the stories that carry a topic, one query per topic with enough stories', () => {
    expect(collection?.documents).toHaveLength(11_367);
    expect(collection?.queries).toHaveLength(78);
    for (const query of collection?.queries ?? []) {
      expect(collection?.qrels.get(query.id)?.size ?? 0, query.id).toBeGreaterThanOrEqual(MIN_STORIES);
    }
  });

  it("asks for a topic by its name in the category list, or by its code's words spelled out", () => {
    const text = (id: string) => collection?.queries.find((query) => query.id === id)?.text;
    expect(text('crude')).toBe('Crude Oil');
    expect(text('money-fx')).toBe('Money/Foreign Exchange');
    expect(text('f-cattle') ?? text('l-cattle')).toMatch(/cattle/);
    expect(text('iron-steel')).toBe('iron steel');
  });
});

describe.skipIf(!SHARED_PRESENT)('the held-out news evaluation: BBC stories found by their headline', () => {
  const collection = SHARED_PRESENT ? NAMED_COLLECTIONS.bbc() : undefined;
  const body = (id: string) => collection?.documents.find((document) => document.id === id)?.body ?? '';

  it('asks every distinct headline once, of stories whose headline is not in the archive', () => {
    expect(collection?.documents).toHaveLength(2_225);
    expect(collection?.queries).toHaveLength(2_096);
    // The first story's file: its headline, a blank line, its body (read here, not copied into the tests).
    const [headline = '', blank, ...rest] = readFileSync(join(SHARED, 'corpora/bbc-news/bbc/business/001.txt'), 'utf8').split('\n');
    expect(blank).toBe('');
    expect(collection?.queries[0]).toEqual({ id: 'business/001', text: headline.trim() });
    expect(collection?.documents.every((document) => document.title === '')).toBe(true);
    expect(body('business/001')).toBe(rest.join('\n').trim());
    expect(body('business/001')).not.toContain(headline.trim());
  });

  it('judges the story relevant, and the same story filed twice', () => {
    expect([...(collection?.qrels.get('business/001')?.keys() ?? [])]).toEqual(['business/001']);
    const twice = [...(collection?.qrels.values() ?? [])].filter((judged) => judged.size === 2);
    expect(twice.length).toBeGreaterThan(100);
    // Filed twice under one headline: one query, both relevant; the second is asked by no query of its own.
    expect([...(collection?.qrels.get('business/007')?.keys() ?? [])].sort()).toEqual(['business/007', 'business/253']);
    expect(collection?.qrels.has('business/253')).toBe(false);
  });

  it('reads the one story that is Latin-1, not UTF-8, with its pound sign', () => {
    expect(body('sport/199')).toMatch(/£\d/);
    expect(body('sport/199')).not.toContain('\uFFFD');
  });
});

describe.skipIf(!SHARED_PRESENT)("the third news evaluation: AG's News items found by their titles", () => {
  const collection = SHARED_PRESENT ? NAMED_COLLECTIONS['ag-news']() : undefined;

  it('asks each distinct title, without the source it ends with, against the descriptions', () => {
    expect(collection?.documents).toHaveLength(7_600);
    expect(collection?.queries).toHaveLength(7_541);
    const titles = (collection?.queries ?? []).map((query) => query.text);
    expect(titles.filter((title) => /\((AP|Reuters|AFP)\)$/.test(title))).toEqual([]);
    expect(collection?.documents.every((document) => document.title === '')).toBe(true);
  });

  it("undoes the split's quirks: entities without their &, escaped markup, backslashes for line breaks", () => {
    const raw = readFileSync(join(SHARED, 'corpora/ag-news/ag_news_csv/test.csv'), 'utf8');
    expect(raw).toMatch(/ #36;\d/);
    expect(collection?.documents.some((document) => /\$\d/.test(document.body))).toBe(true);
    for (const document of collection?.documents ?? []) expect(document.body).not.toMatch(/#\d+;|&lt;|\\/);
  });
});
