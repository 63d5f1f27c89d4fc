import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/index.js';
import { quietApp, sampleEngine } from './server-under-test.js';

let engine: SearchEngine;
let app: ReturnType<typeof quietApp>;

beforeAll(async () => {
  engine = await sampleEngine();
  app = quietApp(engine);
});

/** Checks that a response is an RFC 9457 problem and returns its body. */
function problemOf(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.type).toBe('application/problem+json');
  expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return response.body;
}

describe('GET /search', () => {
  it('returns ranked hits with marked snippets and a monthly date facet over all matches', async () => {
    const response = await request(app).get('/search').query({ q: 'protest minsk', from: '2020-01-01', interval: 'month', limit: 2 });
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/json');
    const body = response.body;
    expect(body.total).toBeGreaterThan(2);
    expect(body).toMatchObject({ query: 'protest minsk', offset: 0, limit: 2, warnings: [], tookMs: expect.any(Number) });
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

  it('pages with page and hitsPerPage, and says how many pages there are', async () => {
    const all = await request(app).get('/search').query({ q: 'election', limit: 6 });
    const second = await request(app).get('/search').query({ q: 'election', page: 2, hitsPerPage: 3 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ page: 2, hitsPerPage: 3, offset: 3, limit: 3, totalPages: Math.ceil(all.body.total / 3) });
    expect(second.body.hits.map((hit: { id: string }) => hit.id)).toEqual(all.body.hits.slice(3, 6).map((hit: { id: string }) => hit.id));
  });

  it('names the total and the time as the library does, and keeps the old names as deprecated aliases', async () => {
    const { body } = await request(app).get('/search').query({ q: 'minsk' });
    expect(body.totalHits).toBe(body.total);
    expect(body.processingTimeMs).toBe(body.tookMs);
  });

  it('returns only the hit fields asked for, and the id', async () => {
    const response = await request(app).get('/search').query({ q: 'monsoon', fields: 'title,date' });
    expect(response.status).toBe(200);
    for (const hit of response.body.hits) expect(Object.keys(hit).sort()).toEqual(['date', 'id', 'title']);
  });

  it('wraps matched words in the highlight tags asked for', async () => {
    const response = await request(app).get('/search').query({ q: 'minsk', highlightPreTag: '[[', highlightPostTag: ']]' });
    expect(response.body.hits[0].snippet).toMatch(/\[\[Minsk\]\]/);
    expect(response.body.hits[0].snippet).not.toContain('<mark>');
  });

  it.each([
    ['limit=-1', 'limit', /1 to 100/],
    ['limit=ten', 'limit', /not a whole number/],
    ['from=yesterday', 'from', /YYYY-MM-DD/],
    ['interval=fortnight', 'interval', /day, month, year/],
    ['sort=oldest', 'sort', /relevance, date/],
    ['q=a&q=b', 'q', /more than once/],
    ['q[x]=1', 'q[x]', /unknown parameter/],
    ['page=0', 'page', /.+/],
    ['page=2000&hitsPerPage=10', 'page', /out of range.*offset/],
    ['hitsPerPage=500', 'hitsPerPage', /1 to 100/],
    ['page=2&offset=10', 'page', /cannot be combined with offset/],
    ['fields=title,body', 'fields', /"body" is not a hit field/],
  ])('answers %s with a 400 problem that names the parameter', async (query, parameter, detail) => {
    const problem = problemOf(await request(app).get(`/search?${query}`), 400);
    expect(problem).toMatchObject({ type: '/problems/invalid-parameter', code: 'invalid_parameter', parameter });
    expect(problem.detail).toMatch(detail);
  });

  it('sends an ETag keyed on the index version, and a 304 when the client holds it', async () => {
    const first = await request(app).get('/search?q=budget');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toContain('must-revalidate');
    const again = await request(app)
      .get('/search?q=budget')
      .set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await request(app).get('/search?q=budget').set('If-None-Match', 'W/"some-other-version"');
    expect(other.status).toBe(200);
  });
});

describe('POST /search', () => {
  it('answers a JSON body as GET answers the same parameters', async () => {
    const posted = await request(app)
      .post('/search')
      .send({ q: 'protest minsk', from: '2020-01-01', page: 1, hitsPerPage: 3, fields: ['title'] });
    const got = await request(app)
      .get('/search')
      .query({ q: 'protest minsk', from: '2020-01-01', page: 1, hitsPerPage: 3, fields: 'title' });
    expect(posted.status).toBe(200);
    const { tookMs: _posted, processingTimeMs: _postedAlias, ...postedBody } = posted.body;
    const { tookMs: _got, processingTimeMs: _gotAlias, ...gotBody } = got.body;
    expect(postedBody).toEqual(gotBody);
  });

  it('names a parameter of the wrong JSON type', async () => {
    const problem = problemOf(await request(app).post('/search').send({ q: 5 }), 400);
    expect(problem.parameter).toBe('q');
  });

  it('passes parameters it does not declare to the engine, which names an unknown one', async () => {
    const problem = problemOf(await request(app).post('/search').send({ q: 'x', colour: 'red' }), 400);
    expect(problem).toMatchObject({ parameter: 'colour', detail: expect.stringMatching(/unknown parameter/) });
  });

  it('refuses a body that is not JSON, not an object, or not well formed', async () => {
    expect(problemOf(await request(app).post('/search').type('text/plain').send('q=x'), 415).code).toBe('unsupported_media_type');
    expect(problemOf(await request(app).post('/search').send([1, 2]), 400).code).toBe('invalid_body');
    expect(problemOf(await request(app).post('/search').type('application/json').send('{"q": '), 400).code).toBe('invalid_json');
  });

  it('answers an oversized body with 413', async () => {
    const problem = problemOf(
      await request(app)
        .post('/search')
        .send({ q: 'x'.repeat(20_000) }),
      413,
    );
    expect(problem.code).toBe('body_too_large');
  });
});

describe('articles, health, metrics', () => {
  it('returns a whole article by id, with an ETag', async () => {
    const response = await request(app).get('/articles/2020-08-10-minsk-protests-water-cannon');
    expect(response.status).toBe(200);
    expect(response.body.body.length).toBeGreaterThan(500);
    expect(response.body.author).toBe('Łukasz Nowicki');
    expect(response.headers.etag).toBeDefined();
  });

  it('answers an unknown article id with a 404 problem', async () => {
    const problem = problemOf(await request(app).get('/articles/no-such-article'), 404);
    expect(problem).toMatchObject({ code: 'not_found', detail: 'no article with id "no-such-article"' });
  });

  it('reports health, liveness and readiness', async () => {
    expect((await request(app).get('/health')).body).toMatchObject({ status: 'ok', articles: 49 });
    expect((await request(app).get('/health/ready')).body).toMatchObject({ status: 'ok', articles: 49 });
    expect((await request(app).get('/health/live')).body).toEqual({ status: 'live' });
  });

  it('is live but not ready, and refuses searches, until an index is loaded', async () => {
    let loaded: SearchEngine | undefined;
    const loading = quietApp(() => loaded);
    expect((await request(loading).get('/health/live')).status).toBe(200);
    expect(problemOf(await request(loading).get('/health/ready'), 503).code).toBe('not_ready');
    const refused = await request(loading).get('/search?q=minsk');
    expect(problemOf(refused, 503).code).toBe('not_ready');
    expect(refused.headers['retry-after']).toBe('5');
    loaded = engine;
    expect((await request(loading).get('/health/ready')).status).toBe(200);
    expect((await request(loading).get('/search?q=minsk')).status).toBe(200);
  });

  it('counts requests by route pattern and status in Prometheus format', async () => {
    const metered = quietApp(engine, { admin: { token: 'metrics-token' } });
    await request(metered).get('/search?q=minsk');
    await request(metered).get('/articles/no-such-article');
    const response = await request(metered).get('/metrics').set('Authorization', 'Bearer metrics-token');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/plain');
    expect(response.text).toMatch(/gazette_http_requests_total\{method="GET",route="\/search",status="200"\} 1/);
    expect(response.text).toMatch(/gazette_http_requests_total\{method="GET",route="\/articles\/:id",status="404"\} 1/);
    expect(response.text).toMatch(/gazette_http_request_duration_seconds_bucket\{le="0\.5",method="GET",route="\/search",status="200"\} 1/);
    expect(response.text).toMatch(/^gazette_index_articles 49$/m);
    expect(response.text).toMatch(/^gazette_index_loaded_timestamp_seconds \d+/m);
  });
});

describe('HTTP behaviour', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const problem = problemOf(await request(app).get('/../../etc/passwd'), 404);
    expect(problem.code).toBe('not_found');
  });

  it('answers a path that cannot be decoded with a 400 problem', async () => {
    expect(problemOf(await request(app).get('/articles/%ZZ'), 400).code).toBe('bad_request');
  });

  it('answers a method a route does not support with 405 and Allow', async () => {
    const response = await request(app).delete('/search');
    expect(problemOf(response, 405).code).toBe('method_not_allowed');
    expect(response.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    expect((await request(app).post('/articles/x')).headers.allow).toBe('GET, PUT, DELETE, HEAD, OPTIONS');
    const options = await request(app).options('/search');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('hides the failure of an unexpected error behind a 500 problem', async () => {
    const broken = quietApp(() => {
      throw new Error('disk on fire at /secret/path');
    });
    const problem = problemOf(await request(broken).get('/search?q=x'), 500);
    expect(problem.code).toBe('internal_error');
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('sets security headers, a request id, and compresses with gzip or brotli', async () => {
    const response = await request(app).get('/search?limit=50').set('Accept-Encoding', 'gzip');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['content-encoding']).toBe('gzip');
    const brotli = await request(app).get('/search?limit=50').set('Accept-Encoding', 'br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect((await request(app).get('/health').set('X-Request-Id', 'trace-42')).headers['x-request-id']).toBe('trace-42');
  });

  it('allows only the configured origins across sites', async () => {
    expect(
      (await request(app).get('/health').set('Origin', 'https://news.example')).headers['access-control-allow-origin'],
    ).toBeUndefined();
    const open = quietApp(engine, { corsOrigins: ['https://news.example'] });
    const allowed = await request(open).get('/health').set('Origin', 'https://news.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example');
    const other = await request(open).get('/health').set('Origin', 'https://elsewhere.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(open)
      .options('/search')
      .set('Origin', 'https://news.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
  });

  it('serves the search page', async () => {
    const response = await request(app).get('/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<form id="search"');
  });
});
