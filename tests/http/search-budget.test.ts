import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { article, engineOf } from '../helpers.js';

describe('a search that outlasts its budget', () => {
  it('is answered 503 search_timeout with Retry-After, as problem+json, and the next one is served', async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Harbour storm', body: 'A storm closed the harbour.' })]);
    const app = createApp(engine);
    engine.searchBudgetMs = -1;
    const refused = await request(app).get('/search').query({ q: 'harbour~1 storm*' });
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ code: 'search_timeout', detail: expect.stringMatching(/budget of -1 ms/) });
    engine.searchBudgetMs = 1_000;
    expect((await request(app).get('/search').query({ q: 'harbour~1 storm*' })).body.total).toBe(1);
  });
});
