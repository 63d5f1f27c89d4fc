import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LiveIndex, SearchEngine } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { record, removeTemporaryFolders, temporaryFolder } from './corpus.js';

const TOKEN = 'test-token-0123456789';
const RELOADS = 100;
const QUERY_LOOPS = 4;

async function savedIndex(size: number, directory?: string): Promise<string> {
  const target = directory ?? join(await temporaryFolder(), 'index');
  await (await SearchEngine.fromArticles(Array.from({ length: size }, (_, n) => record(`r${n}`, n)))).save(target);
  return target;
}

async function quietly<T>(run: () => PromiseLike<T>): Promise<T> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await run();
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterAll(removeTemporaryFolders);

function stats(app: ReturnType<typeof createApp>) {
  return request(app).get('/stats').set('Authorization', `Bearer ${TOKEN}`);
}

describe('POST /admin/reload', () => {
  it('is off without a token, and refuses a wrong one', async () => {
    const live = await LiveIndex.open(await savedIndex(5));
    const off = createApp(() => live.engine, { admin: { live } });
    expect((await request(off).post('/admin/reload').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    const on = createApp(() => live.engine, { admin: { live, token: TOKEN } });
    expect((await request(on).post('/admin/reload')).status).toBe(401);
    expect((await request(on).post('/admin/reload').set('Authorization', 'Bearer wrong')).status).toBe(401);
    expect((await request(on).post('/admin/reload').set('Authorization', `Basic ${TOKEN}`)).status).toBe(401);
  });

  it('swaps in the new version and reports it in /stats', async () => {
    const directory = await savedIndex(5);
    const live = await LiveIndex.open(directory);
    const app = createApp(() => live.engine, { admin: { live, token: TOKEN } });
    const before = (await stats(app)).body;
    expect(before).toMatchObject({ articles: 5, version: expect.any(String), builtAt: expect.any(String), loadMs: expect.any(Number) });
    expect(before.memory.rssBytes).toBeGreaterThan(0);
    await savedIndex(7, directory);
    const response = await quietly(() => request(app).post('/admin/reload').set('Authorization', `Bearer ${TOKEN}`));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'reloaded', previousVersion: before.version, articles: 7 });
    expect((await request(app).get('/search').query({ q: '' })).body.totalHits).toBe(7);
    expect((await stats(app)).body).toMatchObject({ articles: 7, reloads: 1, version: response.body.version });
  });

  it('keeps serving the old index when the new one is corrupt, and says which file is wrong', async () => {
    const directory = await savedIndex(5);
    const live = await LiveIndex.open(directory);
    const app = createApp(() => live.engine, { admin: { live, token: TOKEN } });
    await savedIndex(9, directory);
    const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
    await writeFile(join(directory, version, 'articles.jsonl'), 'null\n');
    const response = await quietly(() => request(app).post('/admin/reload').set('Authorization', `Bearer ${TOKEN}`));
    // 503, not 500: the server works (it serves the previous index); the index on disk cannot be served.
    expect(response.status).toBe(503);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'reload_failed', detail: expect.stringMatching(/articles\.jsonl.*rebuild/) });
    expect((await request(app).get('/search').query({ q: '' })).body.totalHits).toBe(5);
    expect((await stats(app)).body).toMatchObject({
      failedReloads: 1,
      lastReloadError: expect.stringMatching(/articles\.jsonl/),
    });
  });

  it('answers 503 index_corrupt, naming no path, when an article was damaged on disk after the index was opened', async () => {
    const directory = await savedIndex(5);
    const live = await LiveIndex.open(directory);
    const app = createApp(() => live.engine);
    const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
    const file = join(directory, version, 'articles.jsonl');
    // Same length, other bytes: articles are read from disk when shown, each line against its checksum.
    await writeFile(file, (await readFile(file, 'utf8')).replace('"r0"', '"x0"'));
    const response = await quietly(() => request(app).get('/search').query({ q: '' }));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'index_corrupt', detail: expect.stringMatching(/rebuild/) });
    expect(response.text).not.toContain(directory);
    expect(response.text).not.toContain('x0');
  });

  it('names no path of the server in the answer to a failed reload or in /stats, only the file inside the index', async () => {
    const directory = await savedIndex(5);
    const live = await LiveIndex.open(directory);
    const app = createApp(() => live.engine, { admin: { live, token: TOKEN } });
    await savedIndex(9, directory);
    const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
    await writeFile(join(directory, version, 'articles.jsonl'), 'null\n');
    const response = await quietly(() => request(app).post('/admin/reload').set('Authorization', `Bearer ${TOKEN}`));
    expect(response.body.detail).toContain(`${version}/articles.jsonl`);
    const status = (await stats(app)).body;
    expect(status.lastReloadError).toContain(`${version}/articles.jsonl`);
    for (const answer of [response.text, JSON.stringify(status)]) {
      expect(answer).not.toContain(directory);
      expect(answer).not.toContain(tmpdir());
    }
  });
});

describe('reloading under load', () => {
  it(`${RELOADS} reloads while queries run: every query succeeds`, { timeout: 120_000 }, async () => {
    const directory = await savedIndex(40);
    const live = await LiveIndex.open(directory);
    const server = createApp(() => live.engine, { admin: { live, token: TOKEN } }).listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let running = true;
    let answered = 0;
    const failures: string[] = [];
    const queryLoop = async () => {
      while (running) {
        const response = await fetch(`${base}/search?q=harbour+storm&limit=5`).catch((error: Error) => error);
        if (response instanceof Error) failures.push(response.message);
        else if (response.status !== 200) failures.push(`status ${response.status}`);
        else if (((await response.json()) as { total: number }).total === 0) failures.push('no hits');
        else answered++;
      }
    };
    try {
      const loops = Array.from({ length: QUERY_LOOPS }, queryLoop);
      await quietly(async () => {
        for (let reload = 0; reload < RELOADS; reload++) {
          // A new version every tenth reload (saves fsync, which is slow); the rest reload the same one.
          if (reload % 10 === 0) await savedIndex(40 + (reload % 7), directory);
          const response = await fetch(`${base}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
          expect(response.status).toBe(200);
        }
      });
      running = false;
      await Promise.all(loops);
    } finally {
      running = false;
      server.close();
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(RELOADS);
    expect(live.stats().reloads).toBe(RELOADS);
  });
});
