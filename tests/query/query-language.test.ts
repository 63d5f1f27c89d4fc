import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../src/errors.js';
import { createApp } from '../../src/server/app.js';
import { article, engineOf } from '../helpers.js';

const ARTICLES = [
  article({
    id: 'adjacent',
    title: 'Oil prices climb',
    body: 'Crude oil prices rose sharply on Monday as OPEC ministers met in Vienna.',
    date: '2020-08-10T10:00:00.000Z',
    tags: ['crude'],
    author: 'Anna Kowalska',
  }),
  article({
    id: 'apart',
    title: 'Prices at the pump',
    body: 'Retail prices for petrol fell, while the oil companies reported profits.',
    date: '2020-09-15T10:00:00.000Z',
    tags: ['retail'],
  }),
  article({
    id: 'reversed',
    title: 'Markets',
    body: 'Analysts said the prices of oil would not recover before winter.',
    date: '2020-10-20T10:00:00.000Z',
  }),
  article({
    id: 'putin',
    title: 'Kremlin statement',
    body: 'Vladimir Putin spoke to reporters. Putinism was discussed by scholars.',
    date: '2020-08-20T10:00:00.000Z',
  }),
  article({
    id: 'putinism-only',
    title: 'A lecture',
    body: 'The lecture covered Putinism and its critics.',
    date: '2020-08-21T10:00:00.000Z',
  }),
  article({
    id: 'tsikhanovskaya',
    title: 'Opposition leader in Vilnius',
    body: 'Sviatlana Tsikhanouskaya met European ministers.',
    date: '2020-09-01T10:00:00.000Z',
    author: 'Jonas Petraitis',
  }),
];

const ids = async (q: string, extra: Record<string, unknown> = {}) =>
  (await engineOf(ARTICLES)).search({ q, ...extra }).hits.map((hit) => hit.id);

describe('query language through the engine', () => {
  it('a phrase matches its words adjacent and in order, not apart or reversed', async () => {
    expect(await ids('"oil prices"')).toEqual(['adjacent']);
    expect((await ids('oil prices')).sort()).toEqual(['adjacent', 'apart', 'reversed']);
  });

  it('a phrase matches an author or a tag as written, not its words in other fields or apart', async () => {
    const engine = await engineOf([
      article({ id: 'by-jonas', title: 'Harbour news', body: 'Ships came in.', author: 'Jonas Petraitis' }),
      article({ id: 'text-apart', title: 'Meeting', body: 'Petraitis met Jonas at noon.' }),
      article({ id: 'split-labels', title: 'Notes', body: 'Jonas went home, Petraitis stayed.', author: 'Jonas Kim', tags: ['Petraitis'] }),
      article({ id: 'tagged', title: 'Coast', body: 'A spill of oil near the coast.', tags: ['Oil spill'] }),
    ]);
    const found = (q: string) => engine.search({ q }).hits.map((hit) => hit.id);
    expect(found('"jonas petraitis"')).toEqual(['by-jonas']);
    expect(found('"oil spill"')).toEqual(['tagged']);
    expect(found('jonas petraitis').sort()).toEqual(['by-jonas', 'split-labels', 'text-apart']);
  });

  it('an excluded word or phrase removes the articles holding it', async () => {
    expect((await ids('oil -opec')).sort()).toEqual(['apart', 'reversed']);
    expect((await ids('prices -"oil prices"')).sort()).toEqual(['apart', 'reversed']);
  });

  it('only exclusions match every other article', async () => {
    expect(await ids('-oil -putin -tsikhanouskaya -lecture')).toEqual([]);
    expect((await ids('-oil -prices')).sort()).toEqual(['putin', 'putinism-only', 'tsikhanovskaya']);
  });

  it('+ and AND require, OR and | offer alternatives, parentheses group', async () => {
    expect(await ids('+oil +petrol')).toEqual(['apart']);
    expect(await ids('oil AND vienna')).toEqual(['adjacent']);
    expect((await ids('vienna | lecture')).sort()).toEqual(['adjacent', 'putinism-only']);
    expect((await ids('(vienna OR petrol) AND oil')).sort()).toEqual(['adjacent', 'apart']);
  });

  it('fields restrict where a word may match', async () => {
    expect((await ids('title:prices')).sort()).toEqual(['adjacent', 'apart']);
    expect(await ids('tag:crude')).toEqual(['adjacent']);
    expect(await ids('author:petraitis')).toEqual(['tsikhanovskaya']);
    expect(await ids('body:kremlin')).toEqual([]);
    expect(await ids('title:"oil prices"')).toEqual(['adjacent']);
  });

  it('a prefix matches the words it starts, and the exact word ranks first', async () => {
    expect(await ids('putin*')).toEqual(['putin', 'putinism-only']);
  });

  it('a fuzzy word matches a near spelling, and so does an unknown word unless typo tolerance is off', async () => {
    expect(await ids('tsikhanovskaya~')).toEqual(['tsikhanovskaya']);
    expect(await ids('tsikhanovskaya')).toEqual(['tsikhanovskaya']);
    expect(await ids('tsikhanovskaya', { typoTolerance: false })).toEqual([]);
  });

  it('after: and before: narrow the from/to parameters by intersection', async () => {
    expect((await ids('oil after:2020-09-01')).sort()).toEqual(['apart', 'reversed']);
    expect(await ids('oil after:2020-09-01', { to: '2020-09-30' })).toEqual(['apart']);
    expect(await ids('oil before:2020-08-31 after:2020-08-01')).toEqual(['adjacent']);
  });

  it('reads invalid syntax as plain words with a warning, or rejects it in strict mode', async () => {
    const engine = await engineOf(ARTICLES);
    const lenient = engine.search({ q: '"oil vienna' });
    expect(lenient.warnings?.[0]).toContain('unclosed quote at position 0');
    expect(lenient.hits.map((hit) => hit.id)).toContain('apart');
    expect(() => engine.search({ q: '"oil vienna', mode: 'strict' })).toThrow(QuerySyntaxError);
  });

  it('answers a query of stop words only with every article, newest first, and says why', async () => {
    const engine = await engineOf(ARTICLES);
    const everyArticle = engine.search({ q: '' });
    const stopWords = engine.search({ q: 'the "of a"' });
    expect(stopWords.total).toBe(everyArticle.total);
    expect(stopWords.hits.map((hit) => hit.id)).toEqual(everyArticle.hits.map((hit) => hit.id));
    expect(stopWords.warnings).toEqual(['"the", "of a": too common to search for (stop words), so every article matches, newest first']);
    expect(everyArticle.warnings).toBeUndefined();
  });

  it('does not mark an excluded word in the snippet', async () => {
    const engine = await engineOf(ARTICLES);
    const [hit] = engine.search({ q: '+crude (ministers -vienna)' }).hits;
    expect(hit?.snippet).toContain('<mark>Crude</mark>');
    expect(hit?.snippet).not.toContain('<mark>Vienna</mark>');
  });

  it('explains the tree and the parts of each score', async () => {
    const engine = await engineOf(ARTICLES);
    const response = engine.search({ q: '"oil prices" vienna', explain: true });
    expect(response.explain?.tree.should[0]).toMatchObject({ kind: 'phrase', terms: ['oil', 'price'] });
    const [hit] = response.hits;
    expect(hit?.explanation?.map((part) => part.part)).toEqual(['"oil price"', 'vienna', '+ proximity', '× title coverage']);
    // The parts add up to the score: (sum + proximity) × title coverage.
    const part = (name: string) => hit?.explanation?.find((p) => p.part === name)?.score ?? Number.NaN;
    const sum = part('"oil price"') + part('vienna') + part('+ proximity');
    expect(sum * part('× title coverage')).toBeCloseTo(hit?.score ?? 0, 1);
  });
});

describe('query language over HTTP', () => {
  it('answers a strict syntax error with a 400 naming q and the position', async () => {
    const app = createApp(await engineOf(ARTICLES));
    const response = await request(app).get('/search').query({ q: 'oil title:', mode: 'strict' });
    expect(response.status).toBe(400);
    expect(response.body.parameter).toBe('q');
    expect(response.body.detail).toContain('at position 4');
  });

  it('passes explain and warnings through', async () => {
    const app = createApp(await engineOf(ARTICLES));
    const response = await request(app).get('/search').query({ q: '(oil', explain: 'true' });
    expect(response.status).toBe(200);
    expect(response.body.warnings[0]).toContain('unclosed "("');
    expect(response.body.explain.tree.kind).toBe('bool');
  });
});
