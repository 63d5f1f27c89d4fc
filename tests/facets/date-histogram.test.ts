import { describe, expect, it } from 'vitest';
import { dateHistogram } from '../../src/facets/date-histogram.js';

const at = (iso: string) => Date.parse(iso);

describe('date histogram', () => {
  it('counts by month, fills empty months, and counts undated articles apart', () => {
    const histogram = dateHistogram(
      [at('2020-08-10T12:00:00Z'), at('2020-08-31T23:59:59Z'), at('2020-11-01T00:00:00Z'), Number.NaN],
      'month',
    );
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-08', 2],
      ['2020-09', 0],
      ['2020-10', 0],
      ['2020-11', 1],
    ]);
    expect(histogram.undated).toBe(1);
    expect(histogram.buckets[0]).toMatchObject({ from: '2020-08-01T00:00:00.000Z', to: '2020-09-01T00:00:00.000Z' });
  });

  it('puts an instant at midnight UTC in the day it starts', () => {
    const histogram = dateHistogram([at('2020-02-28T23:59:59.999Z'), at('2020-02-29T00:00:00Z'), at('2020-03-01T00:00:00Z')], 'day');
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-02-28', 1],
      ['2020-02-29', 1],
      ['2020-03-01', 1],
    ]);
  });

  it('counts by year', () => {
    const histogram = dateHistogram([at('2019-12-31T23:00:00Z'), at('2021-01-01T00:00:00Z')], 'year');
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2019', 1],
      ['2020', 0],
      ['2021', 1],
    ]);
  });

  it('refuses an interval that would draw thousands of bars', () => {
    expect(() => dateHistogram([at('1900-01-01'), at('2020-01-01')], 'day')).toThrow(/coarser interval/);
  });
});
