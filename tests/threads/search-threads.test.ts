import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InvalidParameterError,
  QuerySyntaxError,
  SearchEngine,
  type SearchRequest,
  SearchThreadError,
  SearchThreads,
  SearchTimeoutError,
  type SharedIndexFiles,
} from '../../src/index.js';
import { SAMPLE } from '../http/server-under-test.js';
import { held, heldThreads, release } from './held-threads.js';

let folder: string;
let engine: SearchEngine;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gazette-threads-'));
  const { engine: built } = await SearchEngine.fromFiles([SAMPLE]);
  await built.save(join(folder, 'index'));
  engine = await SearchEngine.open(join(folder, 'index'), { sharedMemory: true });
});

afterAll(async () => {
  await engine.close();
  await rm(folder, { recursive: true, force: true });
});

// What a search answers, without the time it took (which differs between any two runs).
function withoutTime<T extends { tookMs?: number }>(response: T): Omit<T, 'tookMs'> {
  const { tookMs: _tookMs, ...rest } = response;
  return rest;
}

const REQUESTS: SearchRequest[] = [
  { q: 'protest minsk' },
  { q: '' },
  { q: '"water cannon"', explain: true },
  { q: 'flood* -monsoon', facets: ['author', 'tag', 'source'] },
  { q: 'electon~', limit: 3, offset: 1 },
  { q: 'budget', sort: 'date', interval: 'year', tz: 'Asia/Kolkata' },
  { q: 'title:election OR (rain AND india)', from: '2020-01-01', to: '2022-12-31', recency: 30 },
  { q: 'police', filters: { tag: ['Belarus'] }, snippetLength: 80, fragments: 2, highlight: false },
  { q: 'nothing-like-this-word' },
];

describe('search threads', () => {
  it('answer searches, rankings and suggestions exactly as the engine in this thread does', async () => {
    const threads = new SearchThreads({ threads: 2, searchBudgetMs: 1_000 });
    try {
      const searcher = threads.searcher(await threads.open(engine.sharedFiles() as SharedIndexFiles));
      for (const request of REQUESTS) {
        expect(withoutTime(await searcher.search(request)), request.q).toEqual(withoutTime(engine.search(request)));
        expect(await searcher.rank(request)).toEqual(engine.rank(request));
      }
      for (const text of ['min', 'oil pri', 'aditi', '']) expect(await searcher.suggest(text, 5)).toEqual(engine.suggest(text, 5));
    } finally {
      await threads.close();
    }
  });

  it('throw the engine’s typed errors, with their fields, across the thread boundary', async () => {
    const threads = new SearchThreads({ threads: 1, searchBudgetMs: 1_000 });
    const hurried = new SearchThreads({ threads: 1, searchBudgetMs: 0 });
    try {
      const files = engine.sharedFiles() as SharedIndexFiles;
      const searcher = threads.searcher(await threads.open(files));
      const syntax = await searcher.search({ q: '"unclosed', mode: 'strict' }).catch((error: unknown) => error);
      expect(syntax).toBeInstanceOf(QuerySyntaxError);
      expect(syntax).toMatchObject({ code: 'invalid_parameter', parameter: 'q', position: 0 });
      expect((syntax as Error).message).toBe((captured(() => engine.search({ q: '"unclosed', mode: 'strict' })) as Error).message);
      const limit = await searcher.search({ q: 'oil', limit: 500 }).catch((error: unknown) => error);
      expect(limit).toBeInstanceOf(InvalidParameterError);
      expect(limit).toMatchObject({ parameter: 'limit' });
      const timeout = await hurried
        .searcher(await hurried.open(files))
        .search({ q: 'pro* com* sta* ele* pol*' })
        .catch((error: unknown) => error);
      expect(timeout).toBeInstanceOf(SearchTimeoutError);
      expect(timeout).toMatchObject({ code: 'search_timeout', budgetMs: 0 });
    } finally {
      await threads.close();
      await hurried.close();
    }
  });

  it('answer a cheap search on one thread while a slow one holds the other', async () => {
    const gate = new SharedArrayBuffer(8);
    const threads = heldThreads(gate);
    try {
      const searcher = threads.searcher(await threads.open(engine.sharedFiles() as SharedIndexFiles));
      const order: string[] = [];
      const slow = searcher.search({ q: 'hold oil' }).then(() => order.push('slow'));
      await held(gate, 1);
      await searcher.search({ q: 'protest minsk' }).then(() => order.push('cheap'));
      await searcher.suggest('min').then(() => order.push('suggest'));
      expect(order).toEqual(['cheap', 'suggest']);
      release(gate);
      await slow;
      expect(order).toEqual(['cheap', 'suggest', 'slow']);
    } finally {
      release(gate);
      await threads.close();
    }
  });

  it('keep costly queries off one thread, so that a plain query overtakes those waiting', async () => {
    const gate = new SharedArrayBuffer(8);
    const threads = heldThreads(gate);
    try {
      const searcher = threads.searcher(await threads.open(engine.sharedFiles() as SharedIndexFiles));
      const order: string[] = [];
      const first = searcher.search({ q: 'hold pro*' }).then(() => order.push('costly, held'));
      await held(gate, 1);
      // The other thread is free, but kept for plain queries: this one waits for the first.
      const second = searcher.search({ q: '"water cannon" minsk~' }).then(() => order.push('costly, waiting'));
      await searcher.search({ q: 'protest minsk' }).then(() => order.push('plain'));
      expect(order).toEqual(['plain']);
      release(gate);
      await Promise.all([first, second]);
      expect(order).toEqual(['plain', 'costly, held', 'costly, waiting']);
    } finally {
      release(gate);
      await threads.close();
    }
  });

  it('finish a call made on a version retired meanwhile on that version, then drop it', async () => {
    const gate = new SharedArrayBuffer(8);
    const threads = heldThreads(gate);
    const otherFolder = join(folder, 'other');
    await (await SearchEngine.fromArticles([{ id: 'only', title: 'Only article', body: 'protest in minsk', tags: [] }])).save(otherFolder);
    const newer = await SearchEngine.open(otherFolder, { sharedMemory: true });
    try {
      const old = await threads.open(engine.sharedFiles() as SharedIndexFiles);
      const fresh = await threads.open(newer.sharedFiles() as SharedIndexFiles);
      const inFlight = threads.searcher(old).search({ q: 'hold protest minsk' });
      await held(gate, 1);
      threads.retire(old);
      expect((await threads.searcher(fresh).search({ q: 'protest minsk' })).total).toBe(1);
      release(gate);
      expect((await inFlight).total).toBe(engine.search({ q: 'protest minsk' }).total);
      expect(engine.search({ q: 'protest minsk' }).total).toBeGreaterThan(1);
      // Dropped once its last call was answered.
      await expect(threads.searcher(old).search({ q: 'protest' })).rejects.toBeInstanceOf(SearchThreadError);
    } finally {
      release(gate);
      await threads.close();
      await newer.close();
    }
  });

  it('replace a thread that dies: its call fails with SearchThreadError, the next is answered', async () => {
    const exits: string[] = [];
    const threads = heldThreads(new SharedArrayBuffer(8), (detail) => exits.push(detail));
    try {
      const searcher = threads.searcher(await threads.open(engine.sharedFiles() as SharedIndexFiles));
      const before = threads.threadIds();
      await expect(searcher.search({ q: 'exit now' })).rejects.toBeInstanceOf(SearchThreadError);
      expect(exits).toEqual(['exit code 3']);
      for (let round = 0; round < 4; round++) expect((await searcher.search({ q: 'protest minsk' })).total).toBeGreaterThan(0);
      await vi.waitFor(() => expect(threads.size).toBe(2));
      expect(threads.threadIds()).not.toEqual(before);
    } finally {
      await threads.close();
    }
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
