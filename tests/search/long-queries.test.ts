import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_SIZE, InvalidParameterError, LONG_QUERY_SIZE, SearchEngine } from '../../src/index.js';

const articles = [
  { id: 'storm', title: 'Storm closes harbour', body: 'A winter storm closed the harbour for two days.', tags: [] },
  { id: 'tram', title: 'Tram fares rise', body: 'Tram fares rise in May.', tags: [] },
];

// A test collection's topic: a paragraph of 200 words, over the server's 100 terms and 1,000 characters.
const topic = 'Reports of a winter storm that closed a harbour, and what it cost the port and its ships. '.repeat(12);

describe('long queries in the library', () => {
  it('refuses by default what the server refuses, naming q', async () => {
    const engine = await SearchEngine.fromArticles(articles);
    expect(topic.length).toBeGreaterThan(DEFAULT_QUERY_SIZE.maxLength);
    expect(() => engine.search({ q: topic })).toThrow(InvalidParameterError);
    expect(() => engine.search({ q: 'storm '.repeat(101) })).toThrow(/more than 100 terms/);
  });

  it('answers them once the engine allows long queries, and still refuses beyond that size', async () => {
    const engine = await SearchEngine.fromArticles(articles);
    engine.querySize = LONG_QUERY_SIZE;
    expect(engine.search({ q: topic }).hits[0]?.id).toBe('storm');
    expect(engine.rank({ q: 'storm '.repeat(101) })[0]?.id).toBe('storm');
    expect(() => engine.search({ q: 'storm '.repeat(LONG_QUERY_SIZE.maxClauses + 1) })).toThrow(/more than 2000 terms/);
    expect(() => engine.search({ q: 'x'.repeat(LONG_QUERY_SIZE.maxLength + 1) })).toThrow(/at most 20000/);
  });
});
