import { InvalidParameterError } from '../errors.js';
import { BucketCalendar, MAX_BUCKETS, placed, tooManyBuckets } from './bucket-calendar.js';
import type { CalendarInterval } from './calendar-interval.js';
import type { DateHistogram } from './date-histogram.js';
import { LiveCursor, type Liveness } from './live-counts.js';

/**
 * The most buckets a column's calendar may span: the archive's whole stretch of dates, which
 * may be longer than one histogram shows (a day column of 50 years is 18,263 buckets). Numbers
 * are held in two bytes; past this, histograms place each match's instant as they go.
 */
export const MAX_COLUMN_BUCKETS = 30_000;

/**
 * Every article's bucket in one calendar (an interval in a time zone) by article number,
 * worked out once, so that a histogram counts a match by reading two bytes: placing each
 * match's instant among the boundaries, search after search, was 2.2 s of a 1M-article
 * benchmark's 7.7 s of full searches (a query matches hundreds of thousands of articles).
 *
 * Articles are only ever added with new numbers; a removed one keeps its old bucket, which
 * no histogram of matches reads (matches are live articles), and which takes it off the
 * counts of every live article the column keeps (the histogram of every article, read
 * without counting again after each write).
 */
export class DateBuckets {
  private buckets = new Uint16Array(1024);
  private covered = 0;
  private readonly liveCounts: Uint32Array;
  private readonly liveCursor = new LiveCursor();
  // Made once: every histogram of a search extends its column, most of the time by nothing.
  private readonly forgetLive = (doc: number) => this.countLive(doc, -1);
  private readonly countLiveOne = (doc: number) => this.countLive(doc, 1);

  private constructor(private readonly calendar: BucketCalendar) {
    this.liveCounts = new Uint32Array(calendar.size + 1);
  }

  /** The buckets of the articles numbered below `count`, or undefined when their dates span more than MAX_COLUMN_BUCKETS. */
  static over(
    timestamps: Float64Array,
    count: number,
    interval: CalendarInterval,
    timeZone: string,
    live: Liveness,
  ): DateBuckets | undefined {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let doc = 0; doc < count; doc++) {
      const timestamp = timestamps[doc] as number;
      if (timestamp < first) first = timestamp;
      if (timestamp > last) last = timestamp;
    }
    // No dated article: a calendar of the epoch's bucket, which only the undated use.
    if (!(first <= last)) first = last = 0;
    let calendar: BucketCalendar;
    try {
      calendar = new BucketCalendar(interval, timeZone, first, last, MAX_COLUMN_BUCKETS);
    } catch (error) {
      if (error instanceof InvalidParameterError) return undefined;
      throw error;
    }
    const column = new DateBuckets(calendar);
    column.extend(timestamps, count, live);
    return column;
  }

  /**
   * Places the articles added since, up to `count`, and brings the counts of the live ones up
   * to date; false when one lies outside the calendar (build the column again).
   */
  extend(timestamps: Float64Array, count: number, live: Liveness): boolean {
    if (count > this.buckets.length) {
      const grown = new Uint16Array(Math.max(count, 2 * this.buckets.length));
      grown.set(this.buckets.subarray(0, this.covered));
      this.buckets = grown;
    }
    const { boundaries } = this.calendar;
    const lookup = this.calendar.slots();
    const [start, end] = [boundaries[0] as number, boundaries[boundaries.length - 1] as number];
    const undated = this.calendar.size;
    for (let doc = this.covered; doc < count; doc++) {
      const timestamp = timestamps[doc] as number;
      if (Number.isNaN(timestamp)) this.buckets[doc] = undated;
      else if (timestamp >= start && timestamp < end) this.buckets[doc] = placed(lookup, boundaries, timestamp);
      else return false;
    }
    this.covered = Math.max(this.covered, count);
    this.liveCursor.advance(live, this.covered, this.forgetLive, this.countLiveOne);
    return true;
  }

  // Adds `by` to the live count of the article's bucket.
  private countLive(doc: number, by: number): void {
    const bucket = this.buckets[doc] as number;
    this.liveCounts[bucket] = (this.liveCounts[bucket] as number) + by;
  }

  /**
   * The histogram of the articles `of`, as `dateHistogram` counts it with this interval and
   * zone and no range to extend to: buckets from the first match's to the last's.
   */
  histogram(of: Int32Array): DateHistogram {
    return this.shaped(countByBucket(this.buckets, of, this.calendar.size + 1));
  }

  /** `histogram` of every live article, from the counts kept (as of the last `extend`). */
  histogramOfLive(): DateHistogram {
    return this.shaped(this.liveCounts);
  }

  // Counts by bucket (the undated last) as a histogram from the first bucket counted to the last.
  private shaped(counts: Uint32Array): DateHistogram {
    const { calendar } = this;
    const { interval, timeZone } = calendar;
    const undated = counts[calendar.size] as number;
    let first = 0;
    while (first < calendar.size && counts[first] === 0) first++;
    if (first === calendar.size) return { interval, timeZone, buckets: [], undated };
    let last = calendar.size - 1;
    while (counts[last] === 0) last--;
    if (last - first + 1 > MAX_BUCKETS) throw tooManyBuckets(interval);
    const shown = [];
    for (let bucket = first; bucket <= last; bucket++) shown.push(calendar.counted(bucket, counts[bucket] as number));
    return { interval, timeZone, buckets: shown, undated };
  }
}

// Columns kept per interval and zone: each is two bytes an article (2 MB at a million).
const MAX_COLUMNS = 4;

/**
 * The date bucket columns of one index, for the intervals and zones searches ask for, kept
 * between searches and brought up to date with the articles added since.
 */
export class DateBucketColumns {
  // null: the archive's dates span too many buckets of that interval for a column.
  private readonly columns = new Map<string, DateBuckets | null>();

  /** The column for articles numbered below `count`, or undefined when there cannot be one. */
  get(timestamps: Float64Array, count: number, interval: CalendarInterval, timeZone: string, live: Liveness): DateBuckets | undefined {
    const name = `${interval} ${timeZone}`;
    const column = this.columns.get(name);
    if (column === null) return undefined;
    if (column?.extend(timestamps, count, live)) return column;
    if (this.columns.size >= MAX_COLUMNS && column === undefined) this.columns.delete(this.columns.keys().next().value as string);
    const built = DateBuckets.over(timestamps, count, interval, timeZone, live);
    this.columns.set(name, built ?? null);
    return built;
  }
}

/**
 * How many of the articles `of` each bucket holds. Matches fall in a few buckets (a month
 * of news in one), so adding one to the same count again waited for the last addition:
 * four sets of counts, taken in turn and summed at the end, keep four additions going at
 * once (a histogram of 300,000 matches in 10 buckets: 0.85 → 0.58 ms in a scratch loop).
 */
function countByBucket(buckets: Uint16Array, of: Int32Array, size: number): Uint32Array {
  const counts = new Uint32Array(4 * size);
  const [second, third, fourth] = [size, 2 * size, 3 * size];
  const inFours = of.length & ~3;
  let i = 0;
  for (; i < inFours; i += 4) {
    const a = buckets[of[i] as number] as number;
    const b = second + (buckets[of[i + 1] as number] as number);
    const c = third + (buckets[of[i + 2] as number] as number);
    const d = fourth + (buckets[of[i + 3] as number] as number);
    counts[a] = (counts[a] as number) + 1;
    counts[b] = (counts[b] as number) + 1;
    counts[c] = (counts[c] as number) + 1;
    counts[d] = (counts[d] as number) + 1;
  }
  for (; i < of.length; i++) {
    const a = buckets[of[i] as number] as number;
    counts[a] = (counts[a] as number) + 1;
  }
  const summed = counts.subarray(0, size);
  for (let bucket = 0; bucket < size; bucket++) {
    summed[bucket] =
      (counts[bucket] as number) +
      (counts[second + bucket] as number) +
      (counts[third + bucket] as number) +
      (counts[fourth + bucket] as number);
  }
  return summed;
}
