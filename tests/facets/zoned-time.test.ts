import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors.js';
import { canonicalTimeZone, dateBoundInZone, instantAt, offsetAt, wallTime } from '../../src/facets/zoned-time.js';

describe('zoned time', () => {
  it('knows a zone offset on both sides of a change', () => {
    expect(offsetAt(Date.parse('2020-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetAt(Date.parse('2020-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(offsetAt(Date.parse('2020-09-14T00:00:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
  });

  it('finds the earlier instant of a wall time that happens twice', () => {
    // 01:30 on 1 November 2020 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    expect(new Date(instantAt(wallTime(2020, 10, 1, 1) + 1_800_000, 'America/New_York')).toISOString()).toBe('2020-11-01T05:30:00.000Z');
  });

  it('moves a wall time that never happens to the end of the jump', () => {
    // 02:30 on 14 March 2021 is skipped: the clocks go from 02:00 EST to 03:00 EDT at 07:00 UTC.
    expect(new Date(instantAt(wallTime(2021, 2, 14, 2) + 1_800_000, 'America/New_York')).toISOString()).toBe('2021-03-14T07:00:00.000Z');
  });

  it('reads a date alone as a whole day in the zone', () => {
    expect(new Date(dateBoundInZone('from', '2020-09-14', 'start', 'Asia/Kolkata')).toISOString()).toBe('2020-09-13T18:30:00.000Z');
    expect(new Date(dateBoundInZone('to', '2020-09-14', 'end', 'Asia/Kolkata')).toISOString()).toBe('2020-09-14T18:29:59.999Z');
    expect(new Date(dateBoundInZone('to', '2024-02-29', 'end', 'UTC')).toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(() => dateBoundInZone('to', '2023-02-29', 'end', 'UTC')).toThrow(/not a real date/);
  });

  it("keeps a zone's name as given, calls UTC by one name, and refuses unknown ones", () => {
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(() => canonicalTimeZone('Mars/Olympus_Mons')).toThrow(InvalidParameterError);
    expect(() => canonicalTimeZone('<script>')).toThrow(/not a known time zone/);
  });
});
