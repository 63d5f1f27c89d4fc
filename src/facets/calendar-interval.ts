import type { Interval } from '../query/parameters.js';
import { DAY_MS, firstInstantWithNewOffset, formatOffset, HOUR_MS, instantAt, mod, offsetAt, wallAt, wallTime } from './zoned-time.js';

/** An interval a bucket can have: every interval but `auto`, which picks one of these. */
export type CalendarInterval = Exclude<Interval, 'auto'>;

/** Finest first: `auto` tries them in this order. */
export const CALENDAR_INTERVALS: readonly CalendarInterval[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];

// Average lengths, only to estimate how many buckets an interval gives.
const NOMINAL_MS: Record<CalendarInterval, number> = {
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30.436875 * DAY_MS,
  quarter: 91.310625 * DAY_MS,
  year: 365.2425 * DAY_MS,
};

/** What `auto` aims for: enough bars to show a shape, few enough to read. */
export const AUTO_BUCKETS = { min: 10, max: 60 } as const;

/**
 * The interval `auto` picks for matches spanning [first, last]: the finest that
 * gives 10–60 buckets; when none does (the steps between intervals are uneven:
 * 4 days are 97 hours), the finest that gives at most 60.
 */
export function autoInterval(first: number, last: number): CalendarInterval {
  const estimate = (interval: CalendarInterval) => Math.floor((last - first) / NOMINAL_MS[interval]) + 1;
  // Everything within one hour: a day is the natural unit to show it in.
  if (estimate('hour') === 1) return 'day';
  return (
    CALENDAR_INTERVALS.find((interval) => estimate(interval) >= AUTO_BUCKETS.min && estimate(interval) <= AUTO_BUCKETS.max) ??
    CALENDAR_INTERVALS.find((interval) => estimate(interval) <= AUTO_BUCKETS.max) ??
    'year'
  );
}

/** The instant the bucket holding `instant` starts at, in the zone. */
export function bucketStart(instant: number, interval: CalendarInterval, zone: string): number {
  if (interval === 'hour') return hourStart(instant, zone);
  return instantAt(calendarStart(wallAt(instant, zone), interval), zone);
}

// An hour is floored with the instant's own offset, so the hour that repeats when clocks go back is two
// buckets. When the offset changed within that local hour (Lord Howe shifts by 30 minutes), the hour's
// bucket starts at the change: before it, the clocks showed another hour.
function hourStart(instant: number, zone: string): number {
  const start = instant - mod(wallAt(instant, zone), HOUR_MS);
  return zone === 'UTC' || offsetAt(start, zone) === offsetAt(instant, zone) ? start : firstInstantWithNewOffset(start, instant, zone);
}

/** The instant the bucket after the one starting at `start` starts at. */
export function nextBucketStart(start: number, interval: CalendarInterval, zone: string): number {
  if (interval === 'hour') return bucketStart(start + HOUR_MS, 'hour', zone);
  const wall = new Date(calendarStart(wallAt(start, zone), interval));
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()];
  const next =
    interval === 'day'
      ? wallTime(year, month, day + 1)
      : interval === 'week'
        ? wallTime(year, month, day + 7)
        : interval === 'month'
          ? wallTime(year, month + 1, 1)
          : interval === 'quarter'
            ? wallTime(year, month + 3, 1)
            : wallTime(year + 1, 0, 1);
  return instantAt(next, zone);
}

/**
 * The bucket's name, in local time: `2020` (year), `2020-Q3` (quarter),
 * `2020-09` (month), `2020-W38` (ISO week), `2020-09-14` (day),
 * `2020-09-14T05:00+05:30` (hour, with its offset, because an hour can repeat).
 */
export function bucketKey(start: number, interval: CalendarInterval, zone: string): string {
  const wall = wallAt(start, zone);
  const iso = isoOfWall(wall);
  switch (interval) {
    case 'hour':
      return `${iso.slice(0, 13)}:00${formatOffset(offsetAt(start, zone))}`;
    case 'day':
      return iso.slice(0, 10);
    case 'week':
      return isoWeekKey(calendarStart(wall, 'week'));
    case 'month':
      return iso.slice(0, 7);
    case 'quarter':
      return `${iso.slice(0, 4)}-Q${Math.floor(new Date(wall).getUTCMonth() / 3) + 1}`;
    case 'year':
      return iso.slice(0, 4);
  }
}

// The wall time the calendar unit holding `wall` starts at (day, Monday, month, quarter, year).
function calendarStart(wall: number, interval: Exclude<CalendarInterval, 'hour'>): number {
  const date = new Date(wall);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  switch (interval) {
    case 'day':
      return wallTime(year, month, day);
    case 'week':
      // ISO weeks start on Monday; getUTCDay() is 0 for Sunday.
      return wallTime(year, month, day - mod(date.getUTCDay() - 1, 7));
    case 'month':
      return wallTime(year, month, 1);
    case 'quarter':
      return wallTime(year, month - (month % 3), 1);
    case 'year':
      return wallTime(year, 0, 1);
  }
}

// ISO 8601 week: the week belongs to the year of its Thursday, and week 1 holds that year's first Thursday.
function isoWeekKey(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - wallTime(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

function isoOfWall(wall: number): string {
  return new Date(wall).toISOString();
}
