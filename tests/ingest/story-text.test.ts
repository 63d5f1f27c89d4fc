import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDate, parseStoryDate } from '../../src/ingest/dates.js';
import { parseStoryText } from '../../src/ingest/story-text.js';
import { FIXTURES } from '../helpers.js';

describe('plain-text stories', () => {
  const story = parseStoryText(readFileSync(join(FIXTURES, 'stories/harbour-protest.txt'), 'utf8'));

  it('reads the title, the author and the published date with its time zone', () => {
    expect(story.title).toBe('Dock workers protest outside Harbour Board over new shift rules');
    expect(story.author).toBe('Anita Desai');
    expect(story.date).toBe('2021-03-03T17:10:00.000Z');
    expect(story.updated).toBe('2021-03-04T03:35:00.000Z');
  });

  it('drops advertisement markers, related-story links and image credits from the body', () => {
    expect(story.body).not.toMatch(/Advertisement|Read:|Image Credit|Image:/);
    expect(story.body).toContain('Union leaders said protesters would return');
    expect(story.body.split('\n\n')).toHaveLength(4);
  });

  it('reads "By <name>" as the author', () => {
    const hostile = parseStoryText(readFileSync(join(FIXTURES, 'stories/hostile-body.txt'), 'utf8'));
    expect(hostile.author).toBe('Tom Reyes');
    expect(hostile.date).toBe('2022-06-02T10:00:00.000Z');
  });

  it('reads "By" bylines with several names and particles, but not a sentence that starts with "By"', () => {
    const byline = (line: string) => parseStoryText(`Title\n\n${line}\n\nBody text.`).author;
    expect(byline('By Ursula von der Leyen')).toBe('Ursula von der Leyen');
    expect(byline('By Ana de Souza and Li Wei')).toBe('Ana de Souza and Li Wei');
    expect(byline('Written by: Jane Roe')).toBe('Jane Roe');
    expect(byline('By Monday the river had fallen by a metre.')).toBeUndefined();
  });

  it('keeps an impossible date verbatim instead of inventing one', () => {
    const story = parseStoryText(readFileSync(join(FIXTURES, 'stories/bad-date.txt'), 'utf8'));
    expect(story.date).toBeUndefined();
    expect(story.rawDate).toBe('February 31st, 2021 at 10:00 IST');
  });
});

describe('dates', () => {
  it.each([
    ['September 12th, 2020 at 02:54 IST', '2020-09-11T21:24:00.000Z'],
    ['Sept 1, 2020 at 9:05 pm GMT', '2020-09-01T21:05:00.000Z'],
    ['March 3rd, 2021 at 12:00 am EST', '2021-03-03T05:00:00.000Z'],
    ['June 2nd, 2022 at 10:00 +02:00', '2022-06-02T08:00:00.000Z'],
    ['February 29th, 2020', '2020-02-29T00:00:00.000Z'],
    ['March 5th, 2023 at 7:45 p.m. EST', '2023-03-06T00:45:00.000Z'],
    ['12 September 2020, 02:54 IST', '2020-09-11T21:24:00.000Z'],
    ['Tue, 10 Aug 2021 14:00:00 +0000', '2021-08-10T14:00:00.000Z'],
    ['Aug. 10, 2021 12:30 PM (UTC+05:30)', '2021-08-10T07:00:00.000Z'],
    ['July 4, 2021 at 9:00 am GMT-4', '2021-07-04T13:00:00.000Z'],
    ['1 January 2022 at 10:00 SGT', '2022-01-01T02:00:00.000Z'],
    ['1 January 2022 at 10:00 NZDT', '2021-12-31T21:00:00.000Z'],
  ])('reads the story date "%s"', (text, expected) => {
    expect(parseStoryDate(text)).toBe(expected);
  });

  it.each([
    'February 29th, 2021',
    '31 February 2023',
    'Smarch 3rd, 2021',
    'June 2nd, 2022 at 25:00 IST',
    'June 2nd, 2022 at 13:00 pm IST',
    'June 2nd, 2022 at 10:00 XYZ',
    'June 2nd, 2022 at 10:00 GMT+15',
  ])('refuses "%s"', (text) => {
    expect(parseStoryDate(text)).toBeUndefined();
  });

  it('reads ISO dates, with or without a zone', () => {
    expect(parseIsoDate('2022-11-20T14:05:00+01:00')).toBe('2022-11-20T13:05:00.000Z');
    expect(parseIsoDate('2022-01-02')).toBe('2022-01-02T00:00:00.000Z');
    expect(parseIsoDate('2022-02-30')).toBeUndefined();
  });
});
