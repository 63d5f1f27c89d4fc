import type { Interval } from '../query/parameters.js';
import { bucketLookup, calendarFor, type DateBucket, placed } from './bucket-calendar.js';
import { autoInterval, type CalendarInterval } from './calendar-interval.js';

export { type DateBucket, MAX_BUCKETS } from './bucket-calendar.js';

/** Matching articles counted by publication date, with the empty buckets between the first and last filled in. */
export interface DateHistogram {
  /** The interval of the buckets: the one asked for, or the one `auto` picked. */
  interval: CalendarInterval;
  /** The IANA time zone whose calendar the buckets follow. */
  timeZone: string;
  buckets: DateBucket[];
  /** Matching articles that have no date. */
  undated: number;
}

/** How to bucket: interval, time zone, and instants the range must reach even without matches there. */
export interface DateHistogramOptions {
  interval: Interval;
  timeZone: string;
  extendFrom?: number | undefined;
  extendTo?: number | undefined;
}

/**
 * Counts timestamps (ms since the epoch, NaN for undated) into calendar buckets
 * in a time zone. Buckets run without gaps from the first to the last match (or
 * from `extendFrom` / to `extendTo` when those lie further out), so that a chart
 * drawn from them has a bar for every period.
 *
 * The bucket boundaries are computed once (a few Intl calls each); every
 * timestamp is then placed by binary search, so the cost per match is a few
 * comparisons, whatever the zone.
 */
export function dateHistogram(timestamps: ArrayLike<number>, options: DateHistogramOptions, of?: Int32Array): DateHistogram {
  // `of`: the articles counted, by number into `timestamps` (a column of every article),
  // read where they are rather than copied out first (a copy per search of every match).
  const count = of === undefined ? timestamps.length : of.length;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let undated = 0;
  for (let i = 0; i < count; i++) {
    const timestamp = timestamps[of === undefined ? i : (of[i] as number)] as number;
    if (Number.isNaN(timestamp)) undated++;
    else {
      if (timestamp < first) first = timestamp;
      if (timestamp > last) last = timestamp;
    }
  }
  // With no dated match, only both bounds together make a range to fill.
  if (options.extendFrom !== undefined) first = Math.min(first, options.extendFrom);
  if (options.extendTo !== undefined) last = Math.max(last, options.extendTo);
  const { timeZone } = options;
  if (!(first <= last)) return { interval: options.interval === 'auto' ? 'month' : options.interval, timeZone, buckets: [], undated };
  const interval = options.interval === 'auto' ? autoInterval(first, last) : options.interval;
  const calendar = calendarFor(interval, timeZone, first, last);
  const { boundaries, offset } = calendar.covering(first, last);
  const counts = new Uint32Array(boundaries.length - 1);
  const lookup = bucketLookup(boundaries);
  for (let i = 0; i < count; i++) {
    const timestamp = timestamps[of === undefined ? i : (of[i] as number)] as number;
    if (Number.isNaN(timestamp)) continue;
    const bucket = placed(lookup, boundaries, timestamp);
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  const buckets: DateBucket[] = [];
  for (let b = 0; b < counts.length; b++) buckets.push(calendar.counted(offset + b, counts[b] as number));
  return { interval, timeZone, buckets, undated };
}
