import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/index.js';
import { requireScope, setAccessControl } from '../../src/server/access.js';
import { KeyStore } from '../../src/server/keys.js';
import { problemHandler } from '../../src/server/problem.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';
import { quietApp, sampleEngine } from './server-under-test.js';

const ADMIN = 'admin-token-for-the-keys-test';
const asAdmin = { Authorization: `Bearer ${ADMIN}` };
let engine: SearchEngine;

beforeAll(async () => {
  engine = await sampleEngine();
});

async function keyFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), `${TEMPORARY_PREFIX}keys-`)), 'keys.json');
}

function closedApp(keys: KeyStore, logger = pino({ level: 'silent' })) {
  return quietApp(engine, { admin: { token: ADMIN }, keys, publicSearch: false, logger });
}

async function createKey(app: ReturnType<typeof closedApp>, scopes: string[]): Promise<{ id: string; secret: string }> {
  const response = await request(app)
    .post('/keys')
    .set(asAdmin)
    .send({ name: `a ${scopes.join('+')} key`, scopes });
  expect(response.status).toBe(201);
  return response.body;
}

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

describe('search behind keys', () => {
  it('refuses a search without a key (401), and answers one with a search key or the admin token', async () => {
    const app = closedApp(KeyStore.inMemory());
    const anonymous = await request(app).get('/search?q=minsk');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body).toMatchObject({ code: 'unauthorized', detail: expect.stringContaining('scope search') });
    const { secret } = await createKey(app, ['search']);
    expect((await request(app).get('/search?q=minsk').set(bearer(secret))).body.totalHits).toBeGreaterThan(0);
    expect((await request(app).get('/suggest?q=mins').set(bearer(secret))).status).toBe(200);
    expect((await request(app).get('/search?q=minsk').set(asAdmin)).status).toBe(200);
    expect(
      (
        await request(app)
          .get('/search?q=minsk')
          .set(bearer(`${secret}x`))
      ).status,
    ).toBe(401);
  });

  it('refuses a write-only key on search (403, naming the scopes it has) and a search key on the operators’ routes', async () => {
    const app = closedApp(KeyStore.inMemory());
    const writer = await createKey(app, ['articles.write']);
    const refused = await request(app).get('/search?q=minsk').set(bearer(writer.secret));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("this key's scopes (articles.write) do not include search");
    const searcher = await createKey(app, ['search']);
    for (const path of ['/stats', '/metrics']) expect((await request(app).get(path).set(bearer(searcher.secret))).status).toBe(403);
    expect(
      (
        await request(app)
          .post('/keys')
          .set(bearer(searcher.secret))
          .send({ name: 'x', scopes: ['search'] })
      ).status,
    ).toBe(401);
  });

  it('opens /stats and /metrics to a key with the stats scope', async () => {
    const app = closedApp(KeyStore.inMemory());
    const { secret } = await createKey(app, ['stats']);
    expect((await request(app).get('/stats').set(bearer(secret))).body).toMatchObject({ articles: 49 });
    expect((await request(app).get('/metrics').set(bearer(secret))).text).toContain('gazette_index_articles 49');
  });

  it('refuses a revoked key at once', async () => {
    const app = closedApp(KeyStore.inMemory());
    const { id, secret } = await createKey(app, ['search']);
    expect((await request(app).delete(`/keys/${id}`).set(asAdmin)).status).toBe(204);
    expect((await request(app).get('/search?q=minsk').set(bearer(secret))).status).toBe(401);
    expect((await request(app).delete(`/keys/${id}`).set(asAdmin)).status).toBe(404);
  });

  it('leaves search open when the operator says so', async () => {
    const app = quietApp(engine, { admin: { token: ADMIN }, keys: KeyStore.inMemory(), publicSearch: true });
    expect((await request(app).get('/search?q=minsk')).status).toBe(200);
    expect((await request(app).get('/stats')).status).toBe(401);
  });
});

describe('POST /keys, GET /keys, DELETE /keys/:id', () => {
  it('shows a secret once, lists keys without secrets, and stores only digests in the key file', async () => {
    const path = await keyFile();
    const app = closedApp(await KeyStore.open(path));
    const created = await request(app)
      .post('/keys')
      .set(asAdmin)
      .send({ name: 'newsroom page', scopes: ['search'] });
    expect(created.body).toMatchObject({ name: 'newsroom page', scopes: ['search'], secret: expect.stringMatching(/^gzk_[\w-]{32}$/) });
    const listed = (await request(app).get('/keys').set(asAdmin)).body.keys;
    expect(listed).toEqual([
      { id: created.body.id, name: 'newsroom page', scopes: ['search'], createdAt: expect.any(String), prefix: expect.any(String) },
    ]);
    const stored = await readFile(path, 'utf8');
    expect(stored).not.toContain(created.body.secret);
    expect(stored).toContain(created.body.id);
    // A server started again on the same file knows the key.
    const restarted = closedApp(await KeyStore.open(path));
    expect((await request(restarted).get('/search?q=minsk').set(bearer(created.body.secret))).status).toBe(200);
  });

  it('refuses a key request with an unknown scope or no name, naming the parameter', async () => {
    const app = closedApp(KeyStore.inMemory());
    const unknownScope = await request(app)
      .post('/keys')
      .set(asAdmin)
      .send({ name: 'x', scopes: ['everything'] });
    expect(unknownScope.status).toBe(400);
    expect(unknownScope.body).toMatchObject({ code: 'invalid_parameter', parameter: 'scopes' });
    const noName = await request(app)
      .post('/keys')
      .set(asAdmin)
      .send({ scopes: ['search'] });
    expect(noName.body).toMatchObject({ status: 400, parameter: 'name' });
  });

  it('is off (404) on a server without an admin token', async () => {
    const app = quietApp(engine, { keys: KeyStore.inMemory() });
    expect((await request(app).get('/keys').set(asAdmin)).status).toBe(404);
  });

  it('takes effect in another server reading the same key file (behind a load balancer) within a second or two', async () => {
    const path = await keyFile();
    const first = closedApp(await KeyStore.open(path));
    const second = closedApp(await KeyStore.open(path));
    const { secret } = await createKey(first, ['search']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await request(second).get('/search?q=minsk').set(bearer(secret))).status).toBe(200);
  });

  it('never writes a secret or the admin token into the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = closedApp(KeyStore.inMemory(), pino({ level: 'trace' }, sink));
    const { secret } = await createKey(app, ['search']);
    await request(app).get('/search?q=minsk').set(bearer(secret));
    await request(app).get('/search?q=minsk').set(bearer('gzk_a-wrong-one'));
    const log = lines.join('');
    expect(log).toContain('key created');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(ADMIN);
  });
});

describe('requireScope, for routes added beside the built-in ones', () => {
  it('lets through the admin token or a key with the scope, and nothing else', async () => {
    const keys = KeyStore.inMemory();
    const { secret: writer } = await keys.create({ name: 'writer', scopes: ['articles.write'] });
    const { secret: searcher } = await keys.create({ name: 'searcher', scopes: ['search'] });
    const app = express();
    setAccessControl(app, { adminToken: ADMIN, keys, publicSearch: true });
    app.use((request, _response, next) => {
      request.log = pino({ level: 'silent' });
      next();
    });
    app.post('/articles', requireScope('articles.write'), (_request, response) => void response.status(201).end());
    app.use(problemHandler);
    expect((await request(app).post('/articles')).status).toBe(401);
    expect((await request(app).post('/articles').set(bearer(searcher))).status).toBe(403);
    expect((await request(app).post('/articles').set(bearer(writer))).status).toBe(201);
    expect((await request(app).post('/articles').set(asAdmin)).status).toBe(201);
  });
});

describe('a server with no admin token and no key', () => {
  it('has its guarded routes off (404), as the README says, not asking for a key none can have', async () => {
    const app = quietApp(engine, { keys: await KeyStore.open(await keyFile()), publicSearch: true });
    for (const path of ['/stats', '/metrics']) expect((await request(app).get(path)).status, path).toBe(404);
    expect((await request(app).post('/admin/reload')).status).toBe(404);
  });
});
