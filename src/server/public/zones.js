// @ts-check
// Time zones: the one the reader picks (the browser's unless they choose another) decides the
// day every date is shown on and the calendar the chart's bars follow, so both always agree.

/** The browser's own IANA zone, the default. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the browser knows, UTC and the browser's own among them, sorted. */
export function zoneChoices() {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', browserZone()])].sort();
}

/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/** One formatter per zone and style, kept: making one costs far more than using it. @param {string} zone @param {'iso' | 'day' | 'time'} style */
function formatIn(zone, style) {
  const name = `${zone} ${style}`;
  let format = formats.get(name);
  if (format === undefined) {
    if (style === 'iso') format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    else if (style === 'day')
      format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
    else {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      });
    }
    formats.set(name, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. @param {number} instant ms since the epoch @param {string} zone */
export function localDay(instant, zone) {
  return formatIn(zone, 'iso').format(instant);
}

/** "12 Sept 2020": the day an ISO instant falls on in a zone. @param {string} iso @param {string} zone */
export function dayIn(iso, zone) {
  return formatIn(zone, 'day').format(Date.parse(iso));
}

/** "12 September 2020 at 02:54 GMT+5:30": the day and time in a zone, named. @param {string} iso @param {string} zone */
export function momentIn(iso, zone) {
  return formatIn(zone, 'time').format(Date.parse(iso));
}
