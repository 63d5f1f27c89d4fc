import { describe, expect, it } from 'vitest';
import { type DateHistogramOptions, dateHistogram } from '../../src/facets/date-histogram.js';

const at = (iso: string) => Date.parse(iso);
const counts = (timestamps: number[], options: DateHistogramOptions) =>
  dateHistogram(timestamps, options).buckets.map(({ key, count }) => [key, count]);

describe('date histogram', () => {
  it('counts by month, fills empty months, and counts undated articles apart', () => {
    const histogram = dateHistogram([at('2020-08-10T12:00:00Z'), at('2020-08-31T23:59:59Z'), at('2020-11-01T00:00:00Z'), Number.NaN], {
      interval: 'month',
      timeZone: 'UTC',
    });
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-08', 2],
      ['2020-09', 0],
      ['2020-10', 0],
      ['2020-11', 1],
    ]);
    expect(histogram.undated).toBe(1);
    expect(histogram.buckets[0]).toMatchObject({ from: '2020-08-01T00:00:00.000Z', to: '2020-09-01T00:00:00.000Z' });
  });

  it('gives each search the buckets of its own matches, whatever the searches before it covered', () => {
    const options: DateHistogramOptions = { interval: 'month', timeZone: 'Europe/Paris' };
    expect(counts([at('2021-01-15T12:00:00Z'), at('2021-03-10T12:00:00Z')], options)).toEqual([
      ['2021-01', 1],
      ['2021-02', 0],
      ['2021-03', 1],
    ]);
    // Earlier and later than the first search, then inside it.
    expect(counts([at('2020-11-02T12:00:00Z'), at('2021-05-01T12:00:00Z')], options).map(([key]) => key)).toEqual([
      '2020-11',
      '2020-12',
      '2021-01',
      '2021-02',
      '2021-03',
      '2021-04',
      '2021-05',
    ]);
    const inside = dateHistogram([at('2021-02-05T12:00:00Z')], options);
    expect(inside.buckets).toEqual([{ key: '2021-02', from: '2021-01-31T23:00:00.000Z', to: '2021-02-28T23:00:00.000Z', count: 1 }]);
    // Month start in Paris: 23:00 UTC the day before. An instant just before it belongs to the previous month.
    expect(counts([at('2021-02-28T22:59:59Z'), at('2021-02-28T23:00:00Z')], options)).toEqual([
      ['2021-02', 1],
      ['2021-03', 1],
    ]);
  });

  it('answers a search far from the dates cached so far, and still refuses one that needs too many buckets', () => {
    const options: DateHistogramOptions = { interval: 'hour', timeZone: 'UTC' };
    expect(dateHistogram([at('2020-06-01T10:15:00Z'), at('2020-06-01T12:45:00Z')], options).buckets).toHaveLength(3);
    // Widening the cached hours back to 1990 would take 266,000 buckets: this search gets its own.
    const far = dateHistogram([at('1990-01-01T00:30:00Z'), at('1990-01-01T02:10:00Z')], options);
    expect(far.buckets.map(({ from, count }) => [from, count])).toEqual([
      ['1990-01-01T00:00:00.000Z', 1],
      ['1990-01-01T01:00:00.000Z', 0],
      ['1990-01-01T02:00:00.000Z', 1],
    ]);
    expect(() => dateHistogram([at('1990-01-01T00:30:00Z'), at('2020-06-01T10:15:00Z')], options)).toThrow(/more than 5000 buckets/);
  });

  it('puts an instant at midnight UTC in the day it starts, leap day included', () => {
    const timestamps = [
      at('2020-02-28T23:59:59.999Z'),
      at('2020-02-29T00:00:00Z'),
      at('2020-02-29T23:59:59.999Z'),
      at('2020-03-01T00:00:00Z'),
    ];
    expect(counts(timestamps, { interval: 'day', timeZone: 'UTC' })).toEqual([
      ['2020-02-28', 1],
      ['2020-02-29', 2],
      ['2020-03-01', 1],
    ]);
  });

  it('starts days at local midnight in Asia/Kolkata (UTC+5:30)', () => {
    // Midnight of 14 September in Kolkata is 18:30 UTC on the 13th.
    const histogram = dateHistogram([at('2020-09-13T18:29:59.999Z'), at('2020-09-13T18:30:00Z'), at('2020-09-14T18:29:59Z')], {
      interval: 'day',
      timeZone: 'Asia/Kolkata',
    });
    expect(histogram.buckets).toEqual([
      { key: '2020-09-13', from: '2020-09-12T18:30:00.000Z', to: '2020-09-13T18:30:00.000Z', count: 1 },
      { key: '2020-09-14', from: '2020-09-13T18:30:00.000Z', to: '2020-09-14T18:30:00.000Z', count: 2 },
    ]);
  });

  it('gives the day clocks go forward in Europe/Berlin 23 hours, and the day they go back 25', () => {
    const spring = dateHistogram([at('2020-03-28T23:00:00Z'), at('2020-03-29T21:59:59Z'), at('2020-03-29T22:00:00Z')], {
      interval: 'day',
      timeZone: 'Europe/Berlin',
    });
    expect(spring.buckets).toEqual([
      { key: '2020-03-29', from: '2020-03-28T23:00:00.000Z', to: '2020-03-29T22:00:00.000Z', count: 2 },
      { key: '2020-03-30', from: '2020-03-29T22:00:00.000Z', to: '2020-03-30T22:00:00.000Z', count: 1 },
    ]);
    const autumn = dateHistogram([at('2020-10-25T22:59:59Z'), at('2020-10-25T23:00:00Z')], { interval: 'day', timeZone: 'Europe/Berlin' });
    expect(autumn.buckets).toEqual([
      { key: '2020-10-25', from: '2020-10-24T22:00:00.000Z', to: '2020-10-25T23:00:00.000Z', count: 1 },
      { key: '2020-10-26', from: '2020-10-25T23:00:00.000Z', to: '2020-10-26T23:00:00.000Z', count: 1 },
    ]);
  });

  it('makes the hour that repeats in America/New_York two buckets, and skips the hour that never happens', () => {
    const autumn = dateHistogram([at('2020-11-01T05:30:00Z'), at('2020-11-01T06:30:00Z')], {
      interval: 'hour',
      timeZone: 'America/New_York',
    });
    expect(autumn.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-11-01T01:00-04:00', 1],
      ['2020-11-01T01:00-05:00', 1],
    ]);
    const spring = dateHistogram([at('2021-03-14T06:59:59Z'), at('2021-03-14T07:00:00Z')], {
      interval: 'hour',
      timeZone: 'America/New_York',
    });
    expect(spring.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2021-03-14T01:00-05:00', 1],
      ['2021-03-14T03:00-04:00', 1],
    ]);
  });

  it('starts a day whose midnight is skipped when its clocks start (America/Havana, 8 March 2020)', () => {
    const histogram = dateHistogram([at('2020-03-08T05:00:00Z')], { interval: 'day', timeZone: 'America/Havana' });
    expect(histogram.buckets).toEqual([{ key: '2020-03-08', from: '2020-03-08T05:00:00.000Z', to: '2020-03-09T04:00:00.000Z', count: 1 }]);
  });

  it('starts weeks on Monday and names them by ISO week, across a new year', () => {
    // Sunday 3 January 2021 still belongs to week 53 of 2020; Monday the 4th starts week 1 of 2021.
    const histogram = dateHistogram([at('2020-12-28T00:00:00Z'), at('2021-01-03T23:59:59Z'), at('2021-01-04T00:00:00Z')], {
      interval: 'week',
      timeZone: 'UTC',
    });
    expect(histogram.buckets).toEqual([
      { key: '2020-W53', from: '2020-12-28T00:00:00.000Z', to: '2021-01-04T00:00:00.000Z', count: 2 },
      { key: '2021-W01', from: '2021-01-04T00:00:00.000Z', to: '2021-01-11T00:00:00.000Z', count: 1 },
    ]);
  });

  it('counts by quarter and by year in the zone', () => {
    // 31 December 2019 at 20:00 UTC is already 1 January 2020 in Kolkata.
    const timestamps = [at('2019-12-31T20:00:00Z'), at('2020-06-30T18:29:59Z'), at('2020-12-31T18:30:00Z')];
    expect(counts(timestamps, { interval: 'quarter', timeZone: 'Asia/Kolkata' })).toEqual([
      ['2020-Q1', 1],
      ['2020-Q2', 1],
      ['2020-Q3', 0],
      ['2020-Q4', 0],
      ['2021-Q1', 1],
    ]);
    expect(counts(timestamps, { interval: 'year', timeZone: 'UTC' })).toEqual([
      ['2019', 1],
      ['2020', 2],
    ]);
  });

  it('extends the range to facetFrom and facetTo with empty buckets', () => {
    const histogram = dateHistogram([at('2020-03-15T00:00:00Z')], {
      interval: 'month',
      timeZone: 'UTC',
      extendFrom: at('2020-01-01T00:00:00Z'),
      extendTo: at('2020-04-30T23:59:59Z'),
    });
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-01', 0],
      ['2020-02', 0],
      ['2020-03', 1],
      ['2020-04', 0],
    ]);
  });

  it('fills the whole extended range when nothing dated matches', () => {
    const histogram = dateHistogram([Number.NaN], {
      interval: 'day',
      timeZone: 'UTC',
      extendFrom: at('2020-02-28T00:00:00Z'),
      extendTo: at('2020-03-01T12:00:00Z'),
    });
    expect(histogram.buckets.map(({ key, count }) => [key, count])).toEqual([
      ['2020-02-28', 0],
      ['2020-02-29', 0],
      ['2020-03-01', 0],
    ]);
    expect(histogram.undated).toBe(1);
  });

  it('has no buckets when nothing is dated', () => {
    expect(dateHistogram([Number.NaN, Number.NaN], { interval: 'day', timeZone: 'UTC' })).toEqual({
      interval: 'day',
      timeZone: 'UTC',
      buckets: [],
      undated: 2,
    });
  });

  it.each([
    ['2020-09-14T00:00:00Z', '2020-09-14T20:00:00Z', 'hour'],
    ['2020-09-01T00:00:00Z', '2020-09-30T00:00:00Z', 'day'],
    ['2020-01-01T00:00:00Z', '2020-09-30T00:00:00Z', 'week'],
    ['2018-01-01T00:00:00Z', '2020-09-30T00:00:00Z', 'month'],
    ['2010-01-01T00:00:00Z', '2020-09-30T00:00:00Z', 'quarter'],
    ['1980-01-01T00:00:00Z', '2020-09-30T00:00:00Z', 'year'],
  ])('auto picks a readable interval: %s to %s by %s', (first, last, interval) => {
    const histogram = dateHistogram([at(first), at(last)], { interval: 'auto', timeZone: 'UTC' });
    expect(histogram.interval).toBe(interval);
    expect(histogram.buckets.length).toBeGreaterThanOrEqual(10);
    expect(histogram.buckets.length).toBeLessThanOrEqual(61);
  });

  it('auto shows a span of a few days by day, and a single instant as one day', () => {
    expect(dateHistogram([at('2020-09-10T00:00:00Z'), at('2020-09-14T00:00:00Z')], { interval: 'auto', timeZone: 'UTC' }).interval).toBe(
      'day',
    );
    expect(dateHistogram([at('2020-09-10T10:00:00Z')], { interval: 'auto', timeZone: 'UTC' }).buckets).toEqual([
      { key: '2020-09-10', from: '2020-09-10T00:00:00.000Z', to: '2020-09-11T00:00:00.000Z', count: 1 },
    ]);
  });

  it('refuses an interval that would draw thousands of bars', () => {
    expect(() => dateHistogram([at('1900-01-01'), at('2020-01-01')], { interval: 'day', timeZone: 'UTC' })).toThrow(/coarser interval/);
  });
});
