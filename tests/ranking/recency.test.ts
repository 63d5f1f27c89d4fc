import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseSearchParameters } from '../../src/index.js';
import { applyRecency } from '../../src/ranking/recency.js';
import { article, engineOf } from '../helpers.js';

const DAY = 86_400_000;

describe('recency boost', () => {
  const dates = new Map([
    [1, 100 * DAY],
    [2, 130 * DAY],
    [3, Number.NaN],
  ]);
  const timestampOf = (doc: number) => dates.get(doc) ?? Number.NaN;

  it('halves the score of an article one half-life older than the newest match', () => {
    const boosted = applyRecency(
      [
        { doc: 1, score: 4 },
        { doc: 2, score: 4 },
      ],
      timestampOf,
      30,
    );
    expect(boosted).toEqual([
      { doc: 2, score: 4 },
      { doc: 1, score: 2 },
    ]);
  });

  it('lets a much more relevant older article keep its place, and puts undated ones last', () => {
    const boosted = applyRecency(
      [
        { doc: 3, score: 10 },
        { doc: 1, score: 5 },
        { doc: 2, score: 2 },
      ],
      timestampOf,
      30,
    );
    expect(boosted.map((m) => m.doc)).toEqual([1, 2, 3]);
  });

  it('reorders engine results only when asked for', async () => {
    const engine = await engineOf([
      article({ id: 'old', title: 'Flood warning for the river', body: 'Flood water rose.', date: '2020-01-01T00:00:00Z' }),
      article({ id: 'new', title: 'Road works', body: 'A flood closed the road.', date: '2020-06-01T00:00:00Z' }),
    ]);
    expect(engine.search({ q: 'flood' }).hits.map((hit) => hit.id)).toEqual(['old', 'new']);
    expect(engine.search({ q: 'flood', recency: 7 }).hits.map((hit) => hit.id)).toEqual(['new', 'old']);
  });

  it('is a whole number of days from 1 to 36,500, else a 400-style error naming it', async () => {
    expect(parseSearchParameters({ q: 'x', recency: '30' }).recency).toBe(30);
    expect(() => parseSearchParameters({ q: 'x', recency: 'soon' })).toThrow(InvalidParameterError);
    const engine = await engineOf([]);
    expect(() => engine.search({ q: 'x', recency: 0 })).toThrow(/recency/);
  });
});
