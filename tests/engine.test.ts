import { describe, expect, it } from 'vitest';
import { article, engineOf } from './helpers.js';

const ARTICLES = [
  article({
    id: 'title-match',
    title: 'Minsk protest draws thousands',
    body: 'Crowds filled the avenues on Sunday evening. Police watched from side streets.',
    date: '2020-08-16T15:00:00.000Z',
  }),
  article({
    id: 'passing-mention',
    title: 'Hockey championship moves to Riga',
    body: 'The tournament was to be shared between two capitals. Organisers said the decision had nothing to do with sport. A protest in Minsk was mentioned once by an official. The arena in Riga will host every game, and ticket holders will be refunded or moved.',
    date: '2021-01-18T09:00:00.000Z',
  }),
  article({
    id: 'stemmed',
    title: 'Students join strikes',
    body: 'Protesters marched from the university to the square.',
    date: '2020-09-30T23:59:00.000Z',
  }),
  article({
    id: 'unrelated',
    title: 'Budget vote delayed',
    body: 'The council postponed its budget vote.',
    date: '2020-10-01T00:00:00.000Z',
  }),
  article({ id: 'undated', title: 'Explainer: how protest permits work', body: 'Organisers of a protest must apply for a permit.' }),
];

describe('SearchEngine', () => {
  it('finds inflected forms: "protest" matches "Protesters"', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.search({ q: 'protest' }).hits.map((hit) => hit.id)).toContain('stemmed');
    expect(engine.search({ q: 'protesters' }).hits.map((hit) => hit.id)).toContain('title-match');
  });

  it('ranks a title match above a passing mention in the body', async () => {
    const engine = await engineOf(ARTICLES);
    const ids = engine.search({ q: 'protest minsk' }).hits.map((hit) => hit.id);
    expect(ids.indexOf('title-match')).toBeLessThan(ids.indexOf('passing-mention'));
    expect(ids[0]).toBe('title-match');
  });

  it('counts every match in the date facet, not only the page shown', async () => {
    const engine = await engineOf(ARTICLES);
    const response = engine.search({ q: 'protest', limit: 1, interval: 'month' });
    expect(response.hits).toHaveLength(1);
    const counted = response.facets.date.buckets.reduce((sum, bucket) => sum + bucket.count, 0) + response.facets.date.undated;
    expect(counted).toBe(response.total);
    expect(response.total).toBe(4);
    expect(response.facets.date.undated).toBe(1);
  });

  it('keeps the date facet right as articles come, go and are replaced between searches', async () => {
    const engine = await engineOf(ARTICLES);
    const months = () =>
      Object.fromEntries(
        engine.search({ q: 'protest', interval: 'month' }).facets.date.buckets.map((bucket) => [bucket.key, bucket.count]),
      );
    expect(months()).toMatchObject({ '2020-08': 1, '2020-09': 1, '2021-01': 1 });
    engine.add(article({ id: 'later', title: 'Protest anniversary', body: 'A year on.', date: '2023-05-02T10:00:00.000Z' }));
    engine.add(article({ id: 'between', title: 'Protest trial', body: 'Hearings.', date: '2020-11-20T10:00:00.000Z' }));
    expect(months()).toMatchObject({ '2020-08': 1, '2020-11': 1, '2021-01': 1, '2023-05': 1 });
    engine.remove('title-match');
    engine.replace(
      article({ id: 'stemmed', title: 'Students join strikes', body: 'Protesters marched.', date: '2019-03-01T10:00:00.000Z' }),
    );
    const after = engine.search({ q: 'protest', interval: 'month' }).facets.date;
    expect(after.buckets[0]).toMatchObject({ key: '2019-03', count: 1 });
    expect(Object.fromEntries(after.buckets.map((bucket) => [bucket.key, bucket.count]))).toMatchObject({
      '2020-08': 0,
      '2020-09': 0,
      '2020-11': 1,
      '2023-05': 1,
    });
    expect(after.buckets.reduce((sum, bucket) => sum + bucket.count, 0) + after.undated).toBe(engine.search({ q: 'protest' }).total);
  });

  it('answers a histogram over dates too far apart for a kept column, and refuses too many buckets with the interval named', async () => {
    const engine = await engineOf([
      article({ id: 'old', title: 'Charter found', body: 'A charter.', date: '1066-10-14T12:00:00.000Z' }),
      article({ id: 'new', title: 'Charter scanned', body: 'The charter.', date: '2024-03-01T12:00:00.000Z' }),
    ]);
    const years = engine.search({ q: 'charter', interval: 'year' }).facets.date.buckets;
    expect([years[0]?.key, years.at(-1)?.key, years.length]).toEqual(['1066', '2024', 959]);
    expect(() => engine.search({ q: 'charter', interval: 'day' })).toThrow(/"day" gives more than 5000 buckets/);
    const empty = await engineOf([]);
    expect(empty.search({ q: '', interval: 'day' }).facets.date).toMatchObject({ buckets: [], undated: 0 });
  });

  it('includes the whole end day of a date filter', async () => {
    const engine = await engineOf(ARTICLES);
    const ids = engine.search({ q: '', from: '2020-09-30', to: '2020-09-30' }).hits.map((hit) => hit.id);
    expect(ids).toEqual(['stemmed']);
  });

  it('leaves undated articles out when a date filter is set', async () => {
    const engine = await engineOf(ARTICLES);
    const ids = engine.search({ q: 'protest', from: '2000-01-01' }).hits.map((hit) => hit.id);
    expect(ids).not.toContain('undated');
  });

  it('sorts by date, newest first, undated last', async () => {
    const engine = await engineOf(ARTICLES);
    const ids = engine.search({ q: 'protest', sort: 'date' }).hits.map((hit) => hit.id);
    expect(ids).toEqual(['passing-mention', 'stemmed', 'title-match', 'undated']);
  });

  it('pages through the matches', async () => {
    const engine = await engineOf(ARTICLES);
    const all = engine.search({ q: 'protest' }).hits.map((hit) => hit.id);
    const second = engine.search({ q: 'protest', offset: 1, limit: 2 }).hits.map((hit) => hit.id);
    expect(second).toEqual(all.slice(1, 3));
  });

  it('returns hits with a marked snippet and their metadata', async () => {
    const engine = await engineOf(ARTICLES);
    const [hit] = engine.search({ q: 'marched' }).hits;
    expect(hit).toMatchObject({ id: 'stemmed', title: 'Students join strikes', date: '2020-09-30T23:59:00.000Z' });
    expect(hit?.snippet).toBe('Protesters <mark>marched</mark> from the university to the square.');
  });

  it('names the publication on each hit, as the source facet counts it: the URL host, else the file read', async () => {
    const engine = await engineOf([
      article({ id: 'linked', title: 'Flood waters rise', body: 'The river rose.', url: 'https://www.example-news.org/floods/1' }),
      article({ id: 'filed', title: 'Flood relief arrives', body: 'Boats reached the villages.', source: 'wire/feed.jsonl:7' }),
      article({ id: 'unknown', title: 'Flood maps redrawn', body: 'The maps were redrawn.' }),
    ]);
    const response = engine.search({ q: 'flood', facets: ['source'] });
    const sources = Object.fromEntries(response.hits.map((hit) => [hit.id, hit.source]));
    expect(sources).toEqual({ linked: 'example-news.org', filed: 'feed.jsonl', unknown: undefined });
    expect(response.facets.source?.values.map((value) => value.value).sort()).toEqual(['example-news.org', 'feed.jsonl']);
  });

  it('skips an article whose id is already indexed', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.add(article({ id: 'stemmed', title: 'Another' }))).toBe(false);
    expect(engine.article('stemmed')?.title).toBe('Students join strikes');
  });
});

describe('SearchEngine.rank', () => {
  it('returns the ids and scores of search, without snippets or facets', async () => {
    const engine = await engineOf(ARTICLES);
    const ranked = engine.rank({ q: 'protest minsk', limit: 3 });
    const searched = engine.search({ q: 'protest minsk', limit: 3 }).hits;
    expect(ranked).toEqual(searched.map(({ id, score }) => ({ id, score })));
  });
});
