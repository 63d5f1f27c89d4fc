import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newestFirst } from '../../src/ranking/best-first.js';
import { sortedNewestFirst } from '../../src/search/newest-first.js';

// Dates before and after 1970 (negative and positive instants), repeated, and undated.
const timestamp = fc.oneof(
  fc.constant(Number.NaN),
  fc.constantFrom(0, -0, -1, 1, Date.parse('1969-07-20T20:17:00Z'), Date.parse('2020-01-01')),
  fc.integer({ min: Date.parse('1800-01-01'), max: Date.parse('2200-01-01') }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true }),
);

// And infinite ones, which no parsed date gives but a sort of numbers must still order.
const anyInstant = fc.oneof(timestamp, fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));

// The order as a comparator gives it: newest first, undated last, equal dates in number order.
function byComparator(docs: number[], timestamps: Float64Array): number[] {
  const time = (doc: number) => timestamps[doc] as number;
  return [...docs].sort((a, b) => {
    if (Number.isNaN(time(a))) return Number.isNaN(time(b)) ? a - b : 1;
    if (Number.isNaN(time(b))) return -1;
    return time(b) - time(a) || a - b;
  });
}

describe('newest first', () => {
  it('orders any articles as a comparator sort does, dates before 1970, equal dates and undated included', () => {
    fc.assert(
      fc.property(fc.array(anyInstant, { maxLength: 300 }), fc.array(fc.boolean(), { maxLength: 300 }), (dates, skipped) => {
        const timestamps = Float64Array.from(dates);
        const docs = dates.map((_, doc) => doc).filter((doc) => skipped[doc] !== true);
        expect(Array.from(sortedNewestFirst(docs, timestamps))).toEqual(byComparator(docs, timestamps));
      }),
      { numRuns: 300 },
    );
  });

  it('orders dates given by the day, the second or the millisecond as a comparator sort does, wide spans included', () => {
    // What archives hold: dates in whole steps from some instant, undated ones among them;
    // spans of 2^32 steps or more take the sort over the dates' 64 bits.
    const steps = fc.constantFrom(1, 1000, 3_600_000, 86_400_000);
    const dated = (step: number) =>
      fc.oneof(
        { weight: 1, arbitrary: fc.constant(Number.NaN) },
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((count) => count * step) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 21 }).map((count) => count * 4099 * step) },
      );
    fc.assert(
      fc.property(
        steps.chain((step) => fc.tuple(fc.integer({ min: -1e13, max: 1e13 }), fc.array(dated(step), { maxLength: 600 }))),
        ([start, offsets]) => {
          const timestamps = Float64Array.from(offsets, (offset) => start + offset);
          const docs = offsets.map((_, doc) => doc);
          expect(Array.from(sortedNewestFirst(docs, timestamps))).toEqual(byComparator(docs, timestamps));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts the newest matches first as far as a page needs, equal dates in the order they came', () => {
    fc.assert(
      fc.property(fc.array(timestamp, { maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (dates, count) => {
        const matches = dates.map((_, doc) => ({ doc, score: (doc * 7919) % 101 }));
        const timeOf = (doc: number) => dates[doc] as number;
        const expected = [...matches].sort((a, b) => {
          const [ta, tb] = [timeOf(a.doc), timeOf(b.doc)];
          if (Number.isNaN(ta)) return Number.isNaN(tb) ? 0 : 1;
          return Number.isNaN(tb) ? -1 : tb - ta;
        });
        const page = newestFirst([...matches], count, timeOf);
        expect(page.slice(0, count)).toEqual(expected.slice(0, count));
        expect(page.map((match) => match.doc).sort((a, b) => a - b)).toEqual(matches.map((match) => match.doc));
      }),
      { numRuns: 300 },
    );
  });
});
