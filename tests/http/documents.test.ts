import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { KeyStore } from '../../src/server/keys.js';
import { quietApp, SAMPLE } from './server-under-test.js';

const ADMIN = 'admin-token-for-tests';
// A key of scope articles.write, and one that may only search.
let KEY: string;
let SEARCH_ONLY: string;
let engine: SearchEngine;
let app: ReturnType<typeof quietApp>;
let directory: string;

beforeEach(async () => {
  directory = join(mkdtempSync(join(tmpdir(), 'gazette-documents-')), 'index');
  const { engine: built } = await SearchEngine.fromFiles([SAMPLE]);
  await built.save(directory);
  engine = await SearchEngine.open(directory, { write: true, refreshIntervalMs: 100, flushIntervalMs: 60_000 });
  const keys = await KeyStore.open(`${directory}.keys.json`);
  KEY = (await keys.create({ name: 'desk', scopes: ['articles.write'] })).secret;
  SEARCH_ONLY = (await keys.create({ name: 'page', scopes: ['search'] })).secret;
  app = quietApp(engine, { admin: { token: ADMIN }, keys, writes: {} });
});
afterEach(async () => {
  await engine.close();
});

const write = (method: 'post' | 'put' | 'delete', path: string, key = KEY) =>
  request(app)[method](path).set('Authorization', `Bearer ${key}`);
const titles = async (q: string) =>
  (await request(app).get(`/search?q=${encodeURIComponent(q)}`)).body.hits.map((hit: { id: string }) => hit.id);

describe('the documents API', () => {
  it('adds an article that is durable when answered, and searchable once refreshed or waited for', async () => {
    const response = await write('post', '/articles?refresh=wait_for').send({
      id: 'w1',
      title: 'Lighthouse keeper retires',
      body: 'After forty years.',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ written: 1, refused: 0, items: [{ position: 0, id: 'w1', result: 'created' }] });
    expect(response.body.seq).toBeGreaterThan(0);
    expect(await titles('"lighthouse keeper retires"')).toEqual(['w1']);
    // Durable: a reader of the folder sees it once the writer flushes, and the log has it before.
    await engine.flush();
    expect((await SearchEngine.open(directory)).article('w1')?.title).toBe('Lighthouse keeper retires');
  });

  it('takes a JSON array or NDJSON, writes the good articles and reports the bad ones by position', async () => {
    const ndjson = [
      JSON.stringify({ id: 'n1', title: 'Tram line opens', body: 'The new tram line opened on Monday.' }),
      '{not json',
      JSON.stringify({ title: 'No id here', body: 'x' }),
      JSON.stringify({ id: 'n2', headline: 'Ferry fares rise', text: 'Fares rise by ten percent.', date: '2024-05-01' }),
    ].join('\n');
    const response = await write('post', '/articles?refresh=true').set('Content-Type', 'application/x-ndjson').send(ndjson);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(['n1', 'n2']);
    expect(response.body.errors).toEqual([
      { position: 1, line: 2, reason: expect.stringContaining('not JSON') },
      { position: 2, line: 3, reason: expect.stringContaining('id: missing') },
    ]);
    expect(await titles('"ferry fares rise"')).toEqual(['n2']);
    expect((await request(app).get('/articles/n2')).body).toMatchObject({ title: 'Ferry fares rise', date: '2024-05-01T00:00:00.000Z' });

    const array = await write('post', '/articles').send([{ id: 'n3', title: 'Bridge closed' }, 42]);
    expect(array.body).toMatchObject({ written: 1, refused: 1, errors: [{ position: 1 }] });
  });

  it('refuses a batch of over 10,000 articles or a body over the limit with 413, writing nothing', async () => {
    const many = Array.from({ length: 10_001 }, (_, n) => ({ id: `x${n}`, title: 'x' }));
    const tooMany = await write('post', '/articles').send(many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('too_many_articles');
    const huge = await write('post', '/articles').send({ id: 'huge', title: 'Huge', body: 'word '.repeat(2_200_000) });
    expect(huge.status).toBe(413);
    expect((await request(app).get('/articles/x0')).status).toBe(404);
    expect((await request(app).get('/articles/huge')).status).toBe(404);
    // An empty body, or JSON that is not an article, is a clear 400.
    expect((await write('post', '/articles').set('Content-Type', 'application/json').send('')).status).toBe(400);
    expect((await write('post', '/articles').set('Content-Type', 'application/json').send('"just a string"')).status).toBe(400);
  });

  it('keeps hostile markup written through the API out of the HTML it answers', async () => {
    await write('put', '/articles/h1?refresh=true').send({
      title: 'Ferry <script>alert(1)</script> sinks',
      body: '<img src=x onerror=alert(2)> gone',
    });
    const hit = (await request(app).get('/search?q=sinks')).body.hits[0];
    expect(hit.titleHighlighted).not.toContain('<script');
    expect(JSON.stringify(hit)).not.toContain('<img');
  });

  it('answers 400, writing nothing, when no article is valid', async () => {
    const response = await write('post', '/articles').send([{ title: 'no id' }]);
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ position: 0, reason: expect.stringContaining('id') }]);
    expect((await write('post', '/articles?refresh=soon').send({ id: 'x', title: 'x' })).body.parameter).toBe('refresh');
  });

  it('replaces with PUT and removes with DELETE; GET reads the newest version at once', async () => {
    expect((await write('put', '/articles/p1').send({ title: 'Draft headline', body: 'First version.' })).status).toBe(201);
    const replaced = await write('put', '/articles/p1?refresh=wait_for').send({ title: 'Corrected headline', body: 'Second version.' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.result).toBe('updated');
    expect((await request(app).get('/articles/p1')).body.title).toBe('Corrected headline');
    expect(await titles('"draft headline"')).toEqual([]);
    expect(await titles('"corrected headline"')).toEqual(['p1']);
    expect((await write('put', '/articles/p1').send({ id: 'other', title: 'x' })).status).toBe(400);

    const removed = await write('delete', '/articles/p1');
    expect(removed.body).toMatchObject({ id: 'p1', result: 'deleted' });
    expect((await request(app).get('/articles/p1')).status).toBe(404);
    expect((await write('delete', '/articles/p1')).status).toBe(404);
  });

  it('changes the ETag of a search when a write becomes searchable, and of an article when it is written', async () => {
    const searchTag = async () => (await request(app).get('/search?q=ferry')).headers.etag;
    const articleTag = async () => (await request(app).get('/articles/e1')).headers.etag;
    await write('put', '/articles/e1?refresh=true').send({ title: 'Ferry timetable', body: 'Summer sailings.' });
    const [search, article] = [await searchTag(), await articleTag()];
    await write('put', '/articles/e1').send({ title: 'Ferry timetable changed', body: 'Winter sailings.' });
    // Taken, not searchable yet: the article reads the new version, the search still finds the old.
    expect(await articleTag()).not.toBe(article);
    expect(await searchTag()).toBe(search);
    engine.refresh();
    expect(await searchTag()).not.toBe(search);
    const stale = await request(app)
      .get('/search?q=ferry')
      .set('If-None-Match', search as string);
    expect(stale.status).toBe(200);
  });

  it('needs a key of scope articles.write or the admin token, and is off unless the server takes writes', async () => {
    expect((await request(app).post('/articles').send({ id: 'k', title: 'k' })).status).toBe(401);
    expect((await write('post', '/articles', 'wrong').send({ id: 'k', title: 'k' })).status).toBe(401);
    expect((await write('post', '/articles', ADMIN).send({ id: 'k', title: 'k' })).status).toBe(200);
    expect((await write('post', '/articles', SEARCH_ONLY).send({ id: 'k', title: 'k' })).status).toBe(403);
    const closed = quietApp(engine);
    const off = await request(closed).delete('/articles/k').set('Authorization', `Bearer ${KEY}`);
    expect(off.status).toBe(404);
    expect(off.body.detail).toContain('--accept-writes');
  });
});
