import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { article, engineOf } from '../helpers.js';

let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  app = createApp(
    await engineOf([
      article({
        id: 'a',
        title: 'Harbour protest',
        body: 'Dock workers protest the new shift rules in Minsk.',
        date: '2021-03-03T17:10:00.000Z',
      }),
      article({ id: 'b', title: 'Tram budget', body: 'The council approved the tram extension.', date: '2022-11-22T10:00:00.000Z' }),
      article({ id: 'c', title: 'Undated', body: 'A note without a date, with an emoji 🙂 and Łukashenko.' }),
    ]),
  );
});

afterAll(() => {
  // Nothing a request sent may have reached Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const PARAMETER_NAMES = [
  'q',
  'from',
  'to',
  'limit',
  'offset',
  'sort',
  'interval',
  'snippetLength',
  'page',
  'hitsPerPage',
  'mode',
  'tz',
  'facets',
];

// Strings users and attackers send: any Unicode (lone surrogates and NUL included),
// numbers out of range, dates, and query syntax fragments.
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e309',
    'NaN',
    '99999999999',
    '2020-02-30',
    '0000-00-00',
    '"',
    '(',
    ')',
    'title:',
    '*',
    '~',
    '\u0000',
    '\uD800',
    '\u202E',
    '__proto__',
    'constructor',
  ),
  fc.integer().map(String),
);

function encode(value: string): string {
  // encodeURIComponent throws on lone surrogates: send their UTF-8 replacement bytes as a browser would.
  return encodeURIComponent(value.toWellFormed());
}

function isErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return typeof record.error === 'object' || typeof record.detail === 'string' || typeof record.title === 'string';
}

async function expectHandled(path: string): Promise<void> {
  const started = performance.now();
  const response = await request(app).get(path);
  const elapsed = performance.now() - started;
  expect(response.status, path).toBeGreaterThanOrEqual(200);
  expect(response.status, path).toBeLessThan(500);
  if (response.status >= 400) expect(isErrorBody(response.body), `${path} -> ${response.text}`).toBe(true);
  expect(elapsed, path).toBeLessThan(2_000);
}

describe('hostile /search requests', () => {
  it('answer 2xx or a 4xx with an error body, for any values of any parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...PARAMETER_NAMES), hostileString), { maxLength: 6 }), async (pairs) => {
        const query = pairs.map(([name, value]) => `${name}=${encode(value)}`).join('&');
        await expectHandled(`/search?${query}`);
      }),
      { numRuns: 150 },
    );
  });

  it('answer arrays, objects and prototype keys in the query string with a 4xx', async () => {
    for (const query of [
      'q[]=a',
      'q[]=a&q[]=b',
      'q[__proto__][polluted]=1',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      'q=a&q=b',
      'limit[]=5',
    ]) {
      const response = await request(app).get(`/search?${query}`);
      expect(response.status, query).toBeGreaterThanOrEqual(400);
      expect(response.status, query).toBeLessThan(500);
    }
  });

  it('refuse a 100 KB query with a 4xx that says how long a query may be', async () => {
    const response = await request(app).get(`/search?q=${'protest '.repeat(12_800)}`);
    expect([400, 413, 414, 431]).toContain(response.status);
  });

  it('survive every parameter at once', async () => {
    await expectHandled('/search?q=protest&from=2020-01-01&to=2023-12-31&limit=100&offset=0&sort=date&interval=day&snippetLength=1000');
  });
});

describe('paths', () => {
  it.each([
    '/articles/..%2f..%2f..%2fetc%2fpasswd',
    '/articles/%2e%2e%2fpackage.json',
    '/articles/a%00b',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/search.js%00.html',
    '//etc/passwd',
  ])('refuses %s without leaking a file', async (path) => {
    const response = await request(app).get(path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toContain('"name": "gazette"');
    expect(response.text).not.toContain('root:x:0:0');
  });
});
