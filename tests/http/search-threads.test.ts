import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveIndex, SearchEngine, SearchThreads, type SharedIndexFiles } from '../../src/index.js';
import { held, heldThreads, release } from '../threads/held-threads.js';
import { quietApp, SAMPLE } from './server-under-test.js';

let folder: string;
let engine: SearchEngine;
let threads: SearchThreads;
let version: number;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gazette-http-threads-'));
  const { engine: built } = await SearchEngine.fromFiles([SAMPLE]);
  await built.save(join(folder, 'index'));
  engine = await SearchEngine.open(join(folder, 'index'), { sharedMemory: true });
  threads = new SearchThreads({ threads: 2, searchBudgetMs: 1_000 });
  version = await threads.open(engine.sharedFiles() as SharedIndexFiles);
});

afterAll(async () => {
  await threads.close();
  await engine.close();
  await rm(folder, { recursive: true, force: true });
});

// An answer's body without the time it took, which differs between any two runs.
function timeless(body: Record<string, unknown>): Record<string, unknown> {
  const { tookMs: _tookMs, processingTimeMs: _processingTimeMs, ...rest } = body;
  return rest;
}

const GETS: Array<[path: string, query: Record<string, string | string[]>]> = [
  ['/search', { q: 'protest minsk', from: '2020-01-01', interval: 'month', limit: '2' }],
  ['/search', { q: 'election', page: '2', hitsPerPage: '3', fields: 'title,date,snippet' }],
  ['/search', { q: 'flood* -monsoon', facets: 'author,tag,source', tag: ['monsoon', 'floods'] }],
  ['/search', { q: '"water cannon"', explain: 'true', highlightPreTag: '**', highlightPostTag: '**' }],
  ['/search', { q: 'electon', typoTolerance: 'false', sort: 'date' }],
  ['/search', { q: 'oil', limit: '500' }],
  ['/search', { q: '"unclosed', mode: 'strict' }],
  ['/search', { q: 'oil', page: '2', offset: '3' }],
  ['/search', { q: 'oil', page: '2000', hitsPerPage: '100' }],
  ['/search', { q: 'oil', nonsense: '1' }],
  ['/suggest', { q: 'oil pri', limit: '5' }],
  ['/suggest', { q: 'min' }],
  ['/suggest', { q: 'x'.repeat(300) }],
];

describe('searches answered by search threads over HTTP', () => {
  it('answer every route, error and status as searches in the server’s own thread do', async () => {
    const inProcess = quietApp(engine);
    const threaded = quietApp(engine, { searchers: () => threads.searcher(version) });
    for (const [path, query] of GETS) {
      const [one, other] = await Promise.all([request(inProcess).get(path).query(query), request(threaded).get(path).query(query)]);
      expect(other.status, `${path} ${JSON.stringify(query)}`).toBe(one.status);
      expect(other.type).toBe(one.type);
      expect(timeless(other.body)).toEqual(timeless(one.body));
    }
    const body = { q: 'protest minsk', facets: ['author'], limit: 3 };
    const [one, other] = await Promise.all([request(inProcess).post('/search').send(body), request(threaded).post('/search').send(body)]);
    expect(other.status).toBe(200);
    expect(timeless(other.body)).toEqual(timeless(one.body));
  });

  it('answer a search over its budget 503 search_timeout, with Retry-After', async () => {
    const hurried = new SearchThreads({ threads: 1, searchBudgetMs: 0 });
    try {
      const hurriedVersion = await hurried.open(engine.sharedFiles() as SharedIndexFiles);
      const app = quietApp(engine, { searchers: () => hurried.searcher(hurriedVersion) });
      const response = await request(app).get('/search').query({ q: 'pro* com* sta* ele* pol*' });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'search_timeout', type: '/problems/search-timeout' });
      expect(response.headers['retry-after']).toBe('1');
    } finally {
      await hurried.close();
    }
  });

  it('answer /health and a cheap search while a slow search holds a thread', async () => {
    const gate = new SharedArrayBuffer(8);
    const held2 = heldThreads(gate);
    try {
      const heldVersion = await held2.open(engine.sharedFiles() as SharedIndexFiles);
      const app = quietApp(engine, { searchers: () => held2.searcher(heldVersion) });
      const order: string[] = [];
      const slow = request(app)
        .get('/search')
        .query({ q: 'hold oil' })
        .then((response) => order.push(`slow ${response.status}`));
      await held(gate, 1);
      await request(app)
        .get('/health')
        .then((response) => order.push(`health ${response.status}`));
      await request(app)
        .get('/search')
        .query({ q: 'protest minsk' })
        .then((response) => order.push(`cheap ${response.status}`));
      expect(order).toEqual(['health 200', 'cheap 200']);
      release(gate);
      await slow;
      expect(order).toEqual(['health 200', 'cheap 200', 'slow 200']);
    } finally {
      release(gate);
      await held2.close();
    }
  });

  it('answer 503 search_thread_failed when a thread dies under a search, and go on with its replacement', async () => {
    const dying = heldThreads(new SharedArrayBuffer(8));
    try {
      const dyingVersion = await dying.open(engine.sharedFiles() as SharedIndexFiles);
      const app = quietApp(engine, { searchers: () => dying.searcher(dyingVersion) });
      const died = await request(app).get('/search').query({ q: 'exit now' });
      expect(died.status).toBe(503);
      expect(died.body).toMatchObject({ code: 'search_thread_failed', status: 503 });
      expect(died.headers['retry-after']).toBe('1');
      for (let round = 0; round < 4; round++) expect((await request(app).get('/search').query({ q: 'minsk' })).status).toBe(200);
    } finally {
      await dying.close();
    }
  });

  it('swap the threads’ index on a reload of the live index', async () => {
    const directory = join(folder, 'live');
    await (await SearchEngine.fromArticles([{ id: 'first', title: 'First budget', body: 'the city budget', tags: [] }])).save(directory);
    const live = await LiveIndex.open(directory, { searchThreads: 2, followIntervalMs: 0 });
    try {
      expect(live.searchThreads).toBe(2);
      const app = quietApp(() => live.engine, { searchers: (engine) => live.searcherFor(engine) });
      const before = await request(app).get('/search').query({ q: 'budget' });
      expect(before.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['first']);
      await (await SearchEngine.fromArticles([{ id: 'second', title: 'Second budget', body: 'a new budget', tags: [] }])).save(directory);
      await live.reload();
      const after = await request(app).get('/search').query({ q: 'budget' });
      expect(after.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['second']);
      expect(after.headers.etag).not.toBe(before.headers.etag);
    } finally {
      await live.close();
    }
  });

  it('follow a writer in another engine by reloading, never by writing into the bytes the threads share', async () => {
    const directory = join(folder, 'followed');
    await (await SearchEngine.fromArticles([{ id: 'base', title: 'Harbour budget', body: 'the harbour budget', tags: [] }])).save(
      directory,
    );
    const live = await LiveIndex.open(directory, { searchThreads: 2, followIntervalMs: 50 });
    const writer = await SearchEngine.open(directory, { write: true });
    try {
      const app = quietApp(() => live.engine, { searchers: (engine) => live.searcherFor(engine) });
      const served = live.engine;
      writer.remove('base');
      writer.replace({ id: 'new', title: 'Harbour budget passed', body: 'the harbour budget passed', tags: [] });
      await writer.commit();
      await writer.flush();
      await vi.waitFor(
        async () => {
          const response = await request(app).get('/search').query({ q: 'harbour' });
          expect(response.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['new']);
        },
        { timeout: 10_000, interval: 50 },
      );
      // A new engine, not the old one changed in place: its threads' bytes were never written.
      expect(live.engine).not.toBe(served);
      expect(served.search({ q: 'harbour' }).hits.map((hit) => hit.id)).toEqual(['base']);
    } finally {
      await writer.close();
      await live.close();
    }
  });
});
