// Offsets of the zone abbreviations news sites print, in minutes east of UTC.
// IST is India Standard Time (the zone of the stories this layout comes from), not Irish or Israel time;
// CST is US Central, GST Gulf, AST Atlantic: the readings English-language news sites mean.
const ZONE_OFFSETS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  IST: 330,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  BRT: -180,
  ART: -180,
  WET: 0,
  WEST: 60,
  CAT: 120,
  EAT: 180,
  WAT: 60,
  SAST: 120,
  GST: 240,
  PKT: 300,
  NPT: 345,
  ICT: 420,
  WIB: 420,
  SGT: 480,
  HKT: 480,
  PHT: 480,
  AWST: 480,
  KST: 540,
  JST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

// The parts of a date as news sites print it, each anchored and bounded (the text is user input):
// "September 12th, 2020", "Sept. 1 2020", "12 September 2020", "Tue, 10 Aug 2021".
const WEEKDAY_PREFIX = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s{1,3}/i;
const MONTH_FIRST = /^([A-Za-z]{3,9})\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(\d{4})(.{0,60})$/;
const DAY_FIRST = /^(\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?([A-Za-z]{3,9})\.?,?\s{1,3}(\d{4})(.{0,60})$/;
// What may follow the date: "at 02:54 IST", ", 9:05 p.m. EDT", " 14:00:00 +0000", " - 10:00 (UTC+05:30)".
const TIME = /^\s{0,3}(?:,|at|-|\|)?\s{0,3}(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s{0,2}([ap]\.?m\.?)?\s{0,3}(.{0,20})$/i;
const ZONE = /^\(?\s{0,2}(?:([A-Za-z]{1,5})?\s{0,2}([+-])(\d{1,2})(?::?(\d{2}))?|([A-Za-z]{1,5}))\s{0,2}\)?$/;

/**
 * Reads a date as printed in a story ("September 12th, 2020 at 02:54 IST",
 * "12 Sept 2020, 9:05 pm GMT", "Tue, 10 Aug 2021 14:00:00 +0000") and returns the
 * instant as ISO 8601 UTC, or undefined when it is not a real date ("31 February")
 * or its zone is unknown. A date without a time is midnight UTC; a time without a zone is UTC.
 */
export function parseStoryDate(text: string): string | undefined {
  const trimmed = text.trim().replace(WEEKDAY_PREFIX, '');
  const monthFirst = MONTH_FIRST.exec(trimmed);
  const dayFirst = monthFirst === null ? DAY_FIRST.exec(trimmed) : null;
  if (monthFirst === null && dayFirst === null) return undefined;
  const [monthName, dayText, yearText, rest] =
    monthFirst !== null
      ? [monthFirst[1], monthFirst[2], monthFirst[3], monthFirst[4]]
      : [dayFirst?.[2], dayFirst?.[1], dayFirst?.[3], dayFirst?.[4]];
  const month = monthIndex(monthName ?? '');
  if (month === undefined) return undefined;
  const time = readTime((rest ?? '').trim());
  if (time === undefined) return undefined;
  return instantOf(Number(yearText), month, Number(dayText), time.hour, time.minute, time.second, time.offset);
}

/** Any date Gazette can read: ISO 8601 first, then the forms news sites print. */
export function parseLooseDate(text: string): string | undefined {
  return parseIsoDate(text) ?? parseStoryDate(text);
}

interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
  offset: number;
}

function readTime(rest: string): TimeOfDay | undefined {
  if (rest === '') return { hour: 0, minute: 0, second: 0, offset: 0 };
  const match = TIME.exec(rest);
  if (match === null) return undefined;
  const [, hourText = '0', minuteText = '0', secondText, meridiem, zoneText = ''] = match;
  let hour = Number(hourText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
  }
  const offset = zoneText.trim() === '' ? 0 : zoneOffsetMinutes(zoneText.trim());
  if (offset === undefined) return undefined;
  return { hour, minute: Number(minuteText), second: secondText === undefined ? 0 : Number(secondText), offset };
}

/** Reads an ISO 8601 date or date-time (as found in JSON exports) into ISO 8601 UTC. */
export function parseIsoDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]{5,15}(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return undefined;
  const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (!isRealDay(year, month - 1, day)) return undefined;
  // A date-time without a zone is read as UTC, as Elasticsearch does.
  const withZone = trimmed.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(withZone.length === 10 ? `${withZone}T00:00:00Z` : withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function monthIndex(name: string): number | undefined {
  const lower = name.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((month) => month.startsWith(lower) || (lower === 'sept' && month === 'september'));
  return index === -1 ? undefined : index;
}

/** Minutes east of UTC of a zone written as "IST", "+05:30", "+0530", "UTC+5:30", "GMT-4" or "(EDT)". */
function zoneOffsetMinutes(zone: string): number | undefined {
  const match = ZONE.exec(zone);
  if (match === null) return undefined;
  const [, base, sign, hours, minutes, abbreviation] = match;
  if (abbreviation !== undefined) return ZONE_OFFSETS[abbreviation.toUpperCase()];
  if (base !== undefined && !['UTC', 'GMT', 'Z'].includes(base.toUpperCase())) return undefined;
  const size = Number(hours) * 60 + Number(minutes ?? 0);
  if (Number(hours) > 14 || Number(minutes ?? 0) > 59) return undefined;
  return (sign === '-' ? -1 : 1) * size;
}

function instantOf(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number) {
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 0 || month > 11 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}
