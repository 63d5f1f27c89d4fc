// Offsets of the zone abbreviations news sites print, in minutes east of UTC.
// IST is India Standard Time: the zone of the stories this layout comes from.
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
  JST: 540,
  AEST: 600,
  AEDT: 660,
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

// "September 12th, 2020 at 02:54 IST", "Sept 1, 2020 at 9:05 pm GMT", "March 3rd, 2021".
// Bounded quantifiers only: the line is user input.
const STORY_DATE =
  /^([A-Za-z]{3,9})\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(\d{4})(?:\s{1,3}(?:at\s{1,3})?(\d{1,2}):(\d{2})(?:\s{0,2}([AaPp][Mm]))?(?:\s{1,3}([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?)?\s*$/;

/**
 * Reads a date as printed in a story ("September 12th, 2020 at 02:54 IST") and
 * returns the instant as ISO 8601 UTC, or undefined when it is not a real date.
 */
export function parseStoryDate(text: string): string | undefined {
  const match = STORY_DATE.exec(text.trim());
  if (match === null) return undefined;
  const [, monthName = '', dayText = '', yearText = '', hourText, minuteText, meridiem, zone] = match;
  const month = monthIndex(monthName);
  if (month === undefined) return undefined;
  let hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  const offset = zone === undefined ? 0 : zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  return instantOf(Number(yearText), month, Number(dayText), hour, minute, offset);
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

function zoneOffsetMinutes(zone: string): number | undefined {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric !== null) {
    const [, sign, hours = '0', minutes = '0'] = numeric;
    return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  }
  return ZONE_OFFSETS[zone.toUpperCase()];
}

function instantOf(year: number, month: number, day: number, hour: number, minute: number, offsetMinutes: number) {
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(year, month, day, hour, minute) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 0 || month > 11 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}
