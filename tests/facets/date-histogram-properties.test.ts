import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarInterval } from '../../src/facets/calendar-interval.js';
import { collectFacets } from '../../src/facets/collect.js';
import { DateBucketColumns, DateBuckets } from '../../src/facets/date-buckets.js';
import { dateHistogram } from '../../src/facets/date-histogram.js';
import { resolveFacetRequest } from '../../src/facets/facet-request.js';
import type { FacetColumns } from '../../src/index/document-store.js';

// Zones with daylight saving on either side of the equator, a half-hour zone, a
// half-hour daylight shift (Lord Howe), and one that skips midnight (Havana).
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Havana', 'America/Sao_Paulo'];
const DAY = 86_400_000;
// Longest span per interval, to stay well under the bucket limit.
const MAX_SPAN: Record<CalendarInterval, number> = {
  hour: 4 * DAY,
  day: 400 * DAY,
  week: 1500 * DAY,
  month: 3000 * DAY,
  quarter: 8000 * DAY,
  year: 15000 * DAY,
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
// The local calendar date of an instant in a zone, as YYYY-MM-DD and weekday, straight from Intl.
function localDate(instant: number, zone: string): { date: string; weekday: string } {
  let format = dateFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
    dateFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: String(parts.weekday) };
}

// What a bucket's local dates must look like, by interval: the unit it names.
function unitOf(date: string, interval: CalendarInterval): string {
  if (interval === 'year') return date.slice(0, 4);
  if (interval === 'quarter') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  if (interval === 'month') return date.slice(0, 7);
  return date;
}

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    interval: fc.constantFrom<CalendarInterval>('hour', 'day', 'week', 'month', 'quarter', 'year'),
    start: fc.integer({ min: Date.parse('1995-01-01'), max: Date.parse('2035-01-01') }),
    offsets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
    undated: fc.nat(3),
  })
  .map(({ zone, interval, start, offsets, undated }) => ({
    zone,
    interval,
    undated,
    timestamps: offsets.map((fraction) => start + Math.floor(fraction * MAX_SPAN[interval])),
  }));

describe('date histogram, for any zone, interval and dates', () => {
  it('counts each match once, in the bucket holding it, with contiguous buckets', () => {
    fc.assert(
      fc.property(scenario, ({ zone, interval, timestamps, undated }) => {
        const histogram = dateHistogram([...timestamps, ...Array<number>(undated).fill(Number.NaN)], { interval, timeZone: zone });
        expect(histogram.undated).toBe(undated);
        const buckets = histogram.buckets.map((bucket) => ({ ...bucket, start: Date.parse(bucket.from), end: Date.parse(bucket.to) }));
        for (const [index, bucket] of buckets.entries()) {
          expect(bucket.start).toBeLessThan(bucket.end);
          if (index > 0) expect(bucket.start).toBe(buckets[index - 1]?.end);
          expect(bucket.count).toBe(timestamps.filter((t) => t >= bucket.start && t < bucket.end).length);
        }
        expect(new Set(buckets.map((bucket) => bucket.key)).size).toBe(buckets.length);
      }),
      { numRuns: 80 },
    );
  });

  it('starts and ends each day, week, month, quarter and year bucket exactly at the local calendar boundary', () => {
    fc.assert(
      fc.property(
        scenario.filter(({ interval }) => interval !== 'hour'),
        ({ zone, interval, timestamps }) => {
          const histogram = dateHistogram(timestamps, { interval, timeZone: zone });
          for (const bucket of histogram.buckets) {
            const [start, end] = [Date.parse(bucket.from), Date.parse(bucket.to)];
            const first = localDate(start, zone);
            const last = localDate(end - 1, zone);
            if (interval === 'week') {
              expect([first.weekday, last.weekday]).toEqual(['Mon', 'Sun']);
            } else {
              expect(unitOf(first.date, interval)).toBe(bucket.key);
              expect(unitOf(last.date, interval)).toBe(bucket.key);
            }
            // The instant before the bucket, and its end, are in other units.
            expect(unitOf(localDate(start - 1, zone).date, interval)).not.toBe(unitOf(first.date, interval));
            expect(unitOf(localDate(end, zone).date, interval)).not.toBe(unitOf(last.date, interval));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

// Columns over archives nothing was removed from.
const EVERY_ONE_LIVE = { isLive: () => true, removals: [], removedInstants: [] };

describe('date histogram from a bucket column', () => {
  it('counts as placing each instant does, for any zone, interval, dates and matches', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.boolean(), { minLength: 43, maxLength: 43 }), ({ zone, interval, timestamps, undated }, picks) => {
        const all = Float64Array.from([...timestamps, ...Array<number>(undated).fill(Number.NaN)]);
        const column = DateBuckets.over(all, all.length, interval, zone, EVERY_ONE_LIVE);
        if (column === undefined) throw new Error(`no column for ${interval} in ${zone}`);
        const of = Int32Array.from(all.keys()).filter((doc) => picks[doc] === true);
        expect(column.histogram(of)).toEqual(dateHistogram(all, { interval, timeZone: zone }, of));
      }),
      { numRuns: 150 },
    );
  });

  it('counts `auto` through the column of the interval it picks as placing each instant does', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.boolean(), { minLength: 43, maxLength: 43 }), ({ zone, timestamps, undated }, picks) => {
        const all = Float64Array.from([...timestamps, ...Array<number>(undated).fill(Number.NaN)]);
        const of = Int32Array.from(all.keys()).filter((doc) => picks[doc] === true);
        const columns = new DateBucketColumns();
        const plan = { ...resolveFacetRequest({ tz: zone }), interval: 'auto' as const };
        const { facets } = collectFacets(of, { timestamps: all, terms: {} } as unknown as FacetColumns, plan, (interval, timeZone) =>
          columns.get(all, all.length, interval, timeZone, EVERY_ONE_LIVE),
        );
        expect(facets.date).toEqual(dateHistogram(all, { interval: 'auto', timeZone: zone }, of));
      }),
      { numRuns: 150 },
    );
  });

  it('takes articles added since, and is built again when one is dated outside its calendar', () => {
    const day = (date: string) => Date.parse(`${date}T12:00:00Z`);
    const timestamps = new Float64Array(8).fill(Number.NaN);
    timestamps.set([day('2020-01-05'), day('2020-03-01')]);
    const columns = new DateBucketColumns();
    const first = columns.get(timestamps, 2, 'month', 'UTC', EVERY_ONE_LIVE);
    timestamps.set([day('2020-02-10'), Number.NaN], 2);
    expect(columns.get(timestamps, 4, 'month', 'UTC', EVERY_ONE_LIVE)).toBe(first);
    timestamps[4] = day('2024-07-01');
    const rebuilt = columns.get(timestamps, 5, 'month', 'UTC', EVERY_ONE_LIVE);
    expect(rebuilt).not.toBe(first);
    const of = Int32Array.of(0, 1, 2, 3, 4);
    expect(rebuilt?.histogram(of)).toEqual(dateHistogram(timestamps, { interval: 'month', timeZone: 'UTC' }, of));
    expect(rebuilt?.histogram(of).undated).toBe(1);
  });

  it('is not kept for dates spanning more buckets than a column holds', () => {
    const timestamps = Float64Array.of(Date.parse('1990-01-01'), Date.parse('2020-01-01'));
    expect(DateBuckets.over(timestamps, 2, 'hour', 'UTC', EVERY_ONE_LIVE)).toBeUndefined();
    expect(new DateBucketColumns().get(timestamps, 2, 'hour', 'UTC', EVERY_ONE_LIVE)).toBeUndefined();
  });
});
