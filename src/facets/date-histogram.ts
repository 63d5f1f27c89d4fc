import { InvalidParameterError } from '../errors.js';
import type { Interval } from '../query/request.js';

// A chart cannot show more; beyond it the caller must choose a coarser interval.
export const MAX_BUCKETS = 5_000;

/** One bar of a date histogram: the articles published in [from, to). */
export interface DateBucket {
  /** `2020`, `2020-09` or `2020-09-14`, by interval. */
  key: string;
  /** ISO 8601 instant the bucket starts at (inclusive). */
  from: string;
  /** ISO 8601 instant the bucket ends at (exclusive). */
  to: string;
  count: number;
}

/** Matching articles counted by publication date, with the empty buckets between the first and last filled in. */
export interface DateHistogram {
  interval: Interval;
  buckets: DateBucket[];
  /** Matching articles that have no date. */
  undated: number;
}

/**
 * Counts timestamps (ms since the epoch, NaN for undated) into calendar buckets
 * in UTC. Buckets run from the first to the last non-empty one without gaps, so
 * that a chart drawn from them has a bar for every period.
 */
export function dateHistogram(timestamps: Iterable<number>, interval: Interval): DateHistogram {
  const counts = new Map<number, number>();
  let undated = 0;
  for (const timestamp of timestamps) {
    if (Number.isNaN(timestamp)) {
      undated++;
      continue;
    }
    const start = bucketStart(timestamp, interval);
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  const buckets: DateBucket[] = [];
  if (counts.size > 0) {
    const starts = [...counts.keys()];
    const last = Math.max(...starts);
    for (let start = Math.min(...starts); start <= last; start = nextBucketStart(start, interval)) {
      if (buckets.length === MAX_BUCKETS) {
        throw new InvalidParameterError(
          'interval',
          `"${interval}" gives more than ${MAX_BUCKETS} buckets for these matches; use a coarser interval or narrow the dates`,
        );
      }
      const end = nextBucketStart(start, interval);
      buckets.push({
        key: bucketKey(start, interval),
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
        count: counts.get(start) ?? 0,
      });
    }
  }
  return { interval, buckets, undated };
}

function bucketStart(timestamp: number, interval: Interval): number {
  const date = new Date(timestamp);
  const year = date.getUTCFullYear();
  if (interval === 'year') return Date.UTC(year, 0, 1);
  if (interval === 'month') return Date.UTC(year, date.getUTCMonth(), 1);
  return Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
}

function nextBucketStart(start: number, interval: Interval): number {
  const date = new Date(start);
  if (interval === 'year') return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  if (interval === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

function bucketKey(start: number, interval: Interval): string {
  const iso = new Date(start).toISOString();
  return interval === 'year' ? iso.slice(0, 4) : interval === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}
