import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { article, engineOf } from '../helpers.js';

// Eight flood stories: who wrote them, what they are tagged, where they were published.
const FLOODS = [
  article({
    id: 'a1',
    title: 'Floods in Assam',
    author: 'Priya Nair',
    tags: ['floods', 'assam'],
    url: 'https://www.example-times.in/a1',
    date: '2020-07-14T06:00:00Z',
  }),
  article({
    id: 'a2',
    title: 'Floods reach Kaziranga',
    author: 'Priya Nair',
    tags: ['floods', 'wildlife'],
    url: 'https://www.example-times.in/a2',
    date: '2020-07-15T06:00:00Z',
  }),
  article({
    id: 'a3',
    title: 'Floods close roads',
    author: 'Arun Menon',
    tags: ['Floods', 'transport'],
    url: 'https://daily.example.org/a3',
    date: '2020-07-20T06:00:00Z',
  }),
  article({
    id: 'a4',
    title: 'Floods: relief camps open',
    author: 'arun menon',
    tags: ['relief'],
    url: 'https://daily.example.org/a4',
    date: '2020-08-02T06:00:00Z',
  }),
  article({ id: 'a5', title: 'Floods recede', tags: ['floods'], source: 'wires/feed.jsonl:12', date: '2020-08-20T06:00:00Z' }),
  article({ id: 'a6', title: 'Floods explained', author: 'Priya Nair', tags: [] }),
  article({
    id: 'a7',
    title: 'Floods and the monsoon',
    author: 'Sunita Rao',
    tags: ['floods', 'floods', 'monsoon'],
    source: 'stories/a7.txt',
    date: '2020-09-01T06:00:00Z',
  }),
  article({ id: 'a8', title: 'Budget passes', author: 'Priya Nair', tags: ['budget'], date: '2020-09-02T06:00:00Z' }),
];

const valuesOf = (facet: { values: { value: string; count: number }[] } | undefined) =>
  facet?.values.map(({ value, count }) => [value, count]);
const idsOf = (engine: SearchEngine, filters: Record<string, string[]>) =>
  engine
    .search({ q: 'floods', filters, limit: 100 })
    .hits.map((hit) => hit.id)
    .sort();

describe('term facets', () => {
  it('counts authors, tags and sources over all matches, with the matches that have no value', async () => {
    const engine = await engineOf(FLOODS);
    const { facets, total, hits } = engine.search({ q: 'floods', limit: 1, facets: ['author', 'tag', 'source'] });
    expect(total).toBe(7);
    expect(hits).toHaveLength(1);
    // "arun menon" is the same author as "Arun Menon": values compare without case.
    expect(valuesOf(facets.author)).toEqual([
      ['Priya Nair', 3],
      ['Arun Menon', 2],
      ['Sunita Rao', 1],
    ]);
    expect(facets.author?.missing).toBe(1);
    // A value given twice in one article counts once.
    expect(valuesOf(facets.tag)).toEqual([
      ['floods', 5],
      ['assam', 1],
      ['monsoon', 1],
      ['relief', 1],
      ['transport', 1],
      ['wildlife', 1],
    ]);
    expect(facets.tag?.missing).toBe(1);
    expect(valuesOf(facets.source)).toEqual([
      ['daily.example.org', 2],
      ['example-times.in', 2],
      ['feed.jsonl', 1],
      ['stories', 1],
    ]);
    expect(facets.source?.missing).toBe(1);
  });

  it('lists at most facetSize values, says how many there are, and counts nothing it was not asked for', async () => {
    const engine = await engineOf(FLOODS);
    const { facets } = engine.search({ q: 'floods', facets: ['tag'], facetSize: 2 });
    expect(valuesOf(facets.tag)).toEqual([
      ['floods', 5],
      ['assam', 1],
    ]);
    expect(facets.tag?.distinctValues).toBe(6);
    expect(facets.author).toBeUndefined();
  });

  it('ORs the values of one field and ANDs the fields', async () => {
    const engine = await engineOf(FLOODS);
    expect(idsOf(engine, { author: ['Priya Nair', 'Sunita Rao'] })).toEqual(['a1', 'a2', 'a6', 'a7']);
    expect(idsOf(engine, { author: ['Priya Nair', 'Sunita Rao'], tag: ['wildlife', 'monsoon'] })).toEqual(['a2', 'a7']);
    expect(idsOf(engine, { author: ['priya nair'], source: ['daily.example.org'] })).toEqual([]);
    expect(idsOf(engine, { author: ['Nobody'] })).toEqual([]);
  });

  it("is multi-select: a facet's counts ignore its own field's filter and obey the others", async () => {
    const engine = await engineOf(FLOODS);
    const { total, facets } = engine.search({
      q: 'floods',
      facets: ['author', 'tag'],
      filters: { author: ['Arun Menon'], tag: ['floods'] },
    });
    // Matches: Arun Menon's stories tagged floods: a3 only.
    expect(total).toBe(1);
    // Authors of the stories tagged floods (a1, a2, a3, a5, a7): the other authors stay visible.
    expect(facets.author?.values).toEqual([
      { value: 'Priya Nair', count: 2 },
      { value: 'Arun Menon', count: 1, selected: true },
      { value: 'Sunita Rao', count: 1 },
    ]);
    expect(facets.author?.missing).toBe(1);
    // Tags of Arun Menon's stories (a3, a4).
    expect(facets.tag?.values).toEqual([
      // Shown as first spelled in the archive (a1's "floods"), whatever the spelling of a3 or of the filter.
      { value: 'floods', count: 1, selected: true },
      { value: 'relief', count: 1 },
      { value: 'transport', count: 1 },
    ]);
    // The date histogram counts the matches that pass every filter.
    expect(facets.date.buckets.map(({ key, count }) => [key, count])).toEqual([['2020-07', 1]]);
  });

  it('lists a selected value even when it is not among the most frequent', async () => {
    const engine = await engineOf(FLOODS);
    const { facets } = engine.search({ q: 'floods', facets: ['tag'], facetSize: 1, filters: { tag: ['wildlife'] } });
    expect(facets.tag?.values).toEqual([
      { value: 'floods', count: 5 },
      { value: 'wildlife', count: 1, selected: true },
    ]);
  });

  it('counts the date histogram in the time zone, with undated matches apart, and reads date-only from/to in that zone', async () => {
    const engine = await engineOf([
      article({ id: 'k1', title: 'Monsoon', date: '2020-09-13T18:29:59Z' }),
      article({ id: 'k2', title: 'Monsoon', date: '2020-09-13T18:30:00Z' }),
      article({ id: 'k3', title: 'Monsoon', date: '2020-09-16T10:00:00Z' }),
      article({ id: 'k4', title: 'Monsoon' }),
    ]);
    const { facets } = engine.search({ q: 'monsoon', interval: 'day', tz: 'Asia/Kolkata' });
    expect(facets.date.timeZone).toBe('Asia/Kolkata');
    expect(facets.date.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-09-13', 1],
      ['2020-09-14', 1],
      ['2020-09-15', 0],
      ['2020-09-16', 1],
    ]);
    expect(facets.date.undated).toBe(1);
    const day = engine.search({ q: 'monsoon', from: '2020-09-14', to: '2020-09-14', tz: 'Asia/Kolkata' });
    expect(day.hits.map((hit) => hit.id)).toEqual(['k2']);
    const extended = engine.search({ q: 'monsoon', interval: 'day', tz: 'Asia/Kolkata', facetFrom: '2020-09-12', facetTo: '2020-09-17' });
    expect(extended.facets.date.buckets.map(({ key }) => key)).toEqual([
      '2020-09-12',
      '2020-09-13',
      '2020-09-14',
      '2020-09-15',
      '2020-09-16',
      '2020-09-17',
    ]);
  });
});

describe('facet parameters over HTTP', () => {
  it('reads facets, repeated filters and the time zone from the URL', async () => {
    const app = createApp(await engineOf(FLOODS));
    const response = await request(app).get(
      '/search?q=floods&facets=author,tag&author=Priya%20Nair&author=Sunita%20Rao&tz=Asia/Kolkata&interval=week',
    );
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(4);
    expect(response.body.facets.author.values[0]).toEqual({ value: 'Priya Nair', count: 3, selected: true });
    expect(response.body.facets.tag.values[0]).toEqual({ value: 'floods', count: 3 });
    expect(response.body.facets.date).toMatchObject({ interval: 'week', timeZone: 'Asia/Kolkata' });
    expect(response.body.facets.date.buckets[0].key).toBe('2020-W29');
  });

  it.each([
    ['tz=Mars/Olympus', 'tz', /not a known time zone/],
    ['interval=fortnight', 'interval', /use one of .*hour.*week.*quarter.*auto/],
    ['facets=author,colour', 'facets', /"colour" is not a facet; use any of date, author, tag, source/],
    ['facetSize=0', 'facetSize', /from 1 to 100/],
    ['facetFrom=2020-13-01', 'facetFrom', /not a real date/],
    ['facetFrom=2021-01-01&facetTo=2020-01-01', 'facetFrom', /after facetTo/],
    ['tz=UTC&tz=Asia/Kolkata', 'tz', /more than once/],
    ['interval=hour&facetFrom=1990-01-01&q=floods', 'interval', /coarser interval/],
  ])('answers %s with a 400 naming %s', async (query, parameter, message) => {
    const app = createApp(await engineOf(FLOODS));
    const response = await request(app).get(`/search?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.parameter).toBe(parameter);
    expect(response.body.detail).toMatch(message);
  });
});
