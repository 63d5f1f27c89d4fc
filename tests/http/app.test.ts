import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';

const SAMPLE = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/stories/hostile-body.txt', import.meta.url));
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const { engine, report } = await SearchEngine.fromFiles([SAMPLE, HOSTILE]);
  expect(report.rejected).toEqual([]);
  app = createApp(engine);
});

describe('GET /search', () => {
  it('returns ranked hits with marked snippets and a monthly date facet over all matches', async () => {
    const response = await request(app).get('/search').query({ q: 'protest minsk', from: '2020-01-01', interval: 'month', limit: 2 });
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/json');
    const body = response.body;
    expect(body.total).toBeGreaterThan(2);
    expect(body.hits).toHaveLength(2);
    expect(body.hits[0]).toMatchObject({
      id: expect.any(String),
      title: expect.stringMatching(/Minsk/),
      date: expect.any(String),
      author: expect.any(String),
      score: expect.any(Number),
    });
    expect(body.hits[0].snippet).toMatch(/<mark>(Minsk|protest\w*)<\/mark>/i);
    expect(body.facets.date.interval).toBe('month');
    const counted = body.facets.date.buckets.reduce((sum: number, bucket: { count: number }) => sum + bucket.count, 0);
    expect(counted + body.facets.date.undated).toBe(body.total);
    expect(body.facets.date.buckets[0].key).toMatch(/^\d{4}-\d{2}$/);
  });

  it('escapes HTML from an article body in the snippet', async () => {
    const response = await request(app).get('/search').query({ q: 'prankster noticeboard' });
    const hit = response.body.hits[0];
    expect(hit.title).toBe('Library reopens after <b>renovation</b>');
    expect(hit.snippet).toContain('&lt;script&gt;');
    expect(hit.snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it.each([
    ['limit=-1', 'limit', /1 to 100/],
    ['from=yesterday', 'from', /YYYY-MM-DD/],
    ['interval=fortnight', 'interval', /day, month, year/],
    ['q=a&q=b', 'q', /more than once/],
    ['q[x]=1', 'q[x]', /unknown parameter/],
  ])('answers %s with a 400 that names the parameter', async (query, parameter, message) => {
    const response = await request(app).get(`/search?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ status: 400, code: 'invalid_parameter', parameter });
    expect(response.body.error.message).toMatch(message);
  });
});

describe('other routes', () => {
  it('returns a whole article by id', async () => {
    const response = await request(app).get('/articles/2020-08-10-minsk-protests-water-cannon');
    expect(response.status).toBe(200);
    expect(response.body.body.length).toBeGreaterThan(500);
    expect(response.body.author).toBe('Łukasz Nowicki');
  });

  it('answers an unknown article id with a JSON 404', async () => {
    const response = await request(app).get('/articles/no-such-article');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ status: 404, code: 'not_found', message: 'no article with id "no-such-article"' });
  });

  it('reports health with the number of articles', async () => {
    const response = await request(app).get('/health');
    expect(response.body).toMatchObject({ status: 'ok', articles: 49 });
  });

  it('serves the search page', async () => {
    const response = await request(app).get('/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<form id="search"');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await request(app).get('/../../etc/passwd');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});
