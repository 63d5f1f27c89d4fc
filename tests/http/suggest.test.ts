import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SearchEngine, SearchResponse } from '../../src/index.js';
import { PROBLEM_TYPE } from '../../src/server/problem.js';
import { searchResponse, suggestResponse } from '../../src/server/schemas.js';
import { quietApp, sampleEngine } from './server-under-test.js';

let engine: SearchEngine;
let app: ReturnType<typeof quietApp>;

beforeAll(async () => {
  engine = await sampleEngine();
  app = quietApp(engine);
});
afterEach(() => vi.restoreAllMocks());

function problemOf(response: request.Response, status: number): { code: string; parameter?: string; detail: string } {
  expect(response.status).toBe(status);
  expect(response.type).toBe(PROBLEM_TYPE);
  return JSON.parse(response.text);
}

describe('GET /suggest', () => {
  it('answers the text and its completions, words of titles and labels, each with its kind and count', async () => {
    const response = await request(app).get('/suggest?q=bel');
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/json');
    const answer = suggestResponse.parse(response.body);
    expect(answer.query).toBe('bel');
    expect(answer.suggestions).toContainEqual({ kind: 'word', value: 'belarus', count: expect.any(Number) });
    expect(answer.suggestions.map((suggestion) => suggestion.kind)).toContain('tag');
    expect(answer.suggestions).toEqual(engine.suggest('bel'));
  });

  it('gives at most limit completions, and none for an empty text', async () => {
    expect((await request(app).get('/suggest?q=p&limit=2')).body.suggestions).toHaveLength(2);
    expect((await request(app).get('/suggest?q=')).body).toEqual({ query: '', suggestions: [] });
  });

  it('refuses a missing, repeated or over-long q, naming it', async () => {
    expect(problemOf(await request(app).get('/suggest'), 400)).toMatchObject({ code: 'invalid_parameter', parameter: 'q' });
    expect(problemOf(await request(app).get('/suggest?q=a&q=b'), 400).parameter).toBe('q');
    const long = problemOf(await request(app).get(`/suggest?q=${'a'.repeat(201)}`), 400);
    expect(long.parameter).toBe('q');
    expect(long.detail).toContain('200');
  });

  it('refuses a limit that is not a whole number from 1 to 50, naming it', async () => {
    for (const limit of ['0', '51', '1.5', 'ten']) {
      expect(problemOf(await request(app).get(`/suggest?q=p&limit=${limit}`), 400).parameter, limit).toBe('limit');
    }
  });

  it('refuses a parameter it does not know, and methods other than GET', async () => {
    expect(problemOf(await request(app).get('/suggest?q=p&fuzzy=true'), 400).parameter).toBe('fuzzy');
    expect(problemOf(await request(app).post('/suggest').send({ q: 'p' }), 405).code).toBe('method_not_allowed');
  });

  it('is cached by the index version: the same ETag answers 304', async () => {
    const first = await request(app).get('/suggest?q=flo');
    expect(first.headers.etag).toBeDefined();
    expect(
      (
        await request(app)
          .get('/suggest?q=flo')
          .set('If-None-Match', first.headers.etag as string)
      ).status,
    ).toBe(304);
  });

  it('answers 503 while no index is loaded', async () => {
    const loading = quietApp(() => undefined);
    expect(problemOf(await request(loading).get('/suggest?q=p'), 503).code).toBe('not_ready');
  });

  it('shares the searches’ slots: a full server refuses it with 503', async () => {
    const full = quietApp(engine, { maxConcurrentSearches: 0 });
    expect(problemOf(await request(full).get('/suggest?q=p'), 503).code).toBe('too_many_searches');
  });
});

describe('did you mean, in the HTTP answer', () => {
  it('passes the correction the engine offers through under its library name, as /openapi.json declares it', async () => {
    const search = engine.search.bind(engine);
    vi.spyOn(engine, 'search').mockImplementation((searched) => ({ ...search(searched), didYouMean: 'lukashenko' }) as SearchResponse);
    const response = await request(app).get('/search?q=lukashenka');
    expect(searchResponse.parse(response.body).didYouMean).toBe('lukashenko');
  });

  it('is absent when the engine offers none', async () => {
    const search = engine.search.bind(engine);
    vi.spyOn(engine, 'search').mockImplementation((searched) => {
      const { didYouMean: _none, ...response } = search(searched);
      return response;
    });
    expect((await request(app).get('/search?q=minsk')).body).not.toHaveProperty('didYouMean');
  });
});

describe('/openapi.json', () => {
  it('documents GET /suggest, its bounds, and didYouMean in the search answer', async () => {
    const document = (await request(app).get('/openapi.json')).body;
    const suggest = document.paths['/suggest'].get;
    expect(suggest.parameters).toEqual([
      expect.objectContaining({ name: 'q', in: 'query', required: true, schema: expect.objectContaining({ maxLength: 200 }) }),
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ minimum: 1, maximum: 50 }),
      }),
    ]);
    expect(Object.keys(suggest.responses)).toEqual(['200', '304', '400', '503']);
    const searchAnswer = document.paths['/search'].get.responses['200'].content['application/json'].schema;
    expect(searchAnswer.properties.didYouMean).toMatchObject({ type: 'string' });
    expect(searchAnswer.required).not.toContain('didYouMean');
  });
});
