import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURES } from '../helpers.js';
import { readAll } from './read.js';

const DIR = join(FIXTURES, 'ingest');
const CMS_MAP = { title: 'hed', body: 'story', date: 'meta.published_at', author: 'byline.name', tags: 'meta.section' };

describe('JSON with a field map', () => {
  it('finds fields by the names and dotted paths the map gives, and reads an HTML body as text', async () => {
    const { articles, report } = await readAll([join(DIR, 'cms-export.json')], { map: CMS_MAP });
    expect(articles[0]).toMatchObject({
      id: 'cms-101',
      title: 'Council approves night buses for the eastern suburbs',
      author: 'Marta Kowalczyk',
      date: '2023-02-14T18:30:00.000Z',
      tags: ['Transport'],
      url: 'https://example.org/news/night-buses',
    });
    expect(articles[0]?.body).toBe(
      'The city council voted on Tuesday to run night buses to the eastern suburbs from May.\n\nThree routes will run every thirty minutes after midnight.',
    );
    expect(report.repaired).toContainEqual(expect.objectContaining({ line: 1, reason: 'HTML markup in the body read as text' }));
  });

  it('keeps an article dated "31 February", undated, with the raw date and a warning', async () => {
    const { articles, report } = await readAll([join(DIR, 'cms-export.json')], { map: CMS_MAP });
    expect(articles[1]?.date).toBeUndefined();
    expect(articles[1]?.rawDate).toBe('31 February 2023');
    expect(report.warnings).toContainEqual(expect.objectContaining({ line: 2, kind: 'unparseable-date' }));
  });

  it('without the map, rejects each record as having no title and no body, saying to map the fields', async () => {
    const { articles, report } = await readAll([join(DIR, 'cms-export.json')]);
    expect(articles).toEqual([]);
    expect(report.rejected.map((problem) => [problem.line, problem.kind])).toEqual([
      [1, 'no-body'],
      [2, 'no-body'],
    ]);
    expect(report.rejected[0]?.reason).toContain('--map');
  });
});

describe('NDJSON and duplicates', () => {
  it('indexes an article once when another has its id, its URL, or its title and body, and reports each', async () => {
    const { articles, report } = await readAll([join(DIR, 'feed.ndjson')]);
    expect(articles.map((article) => article.id)).toEqual(['f1', 'f4']);
    expect(report.duplicates.map((duplicate) => [duplicate.line, duplicate.kind])).toEqual([
      [2, 'duplicate-url'],
      [3, 'duplicate-id'],
      [4, 'duplicate-content'],
    ]);
  });

  it('keeps same-URL and same-text articles with duplicates: keep, but never a repeated id', async () => {
    const { articles } = await readAll([join(DIR, 'feed.ndjson')], { duplicates: 'keep' });
    expect(articles.map((article) => article.id)).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('reads dates in seconds since the epoch and tags given as one string', async () => {
    const { articles } = await readAll([join(DIR, 'feed.ndjson')]);
    expect(articles[0]?.tags).toEqual(['transport', 'islands']);
    expect(articles[1]?.date).toBe('2022-11-01T08:00:00.000Z');
  });
});

describe('CSV and TSV', () => {
  it('reads a header row, quoted fields with line breaks and doubled quotes, and says which line each record starts on', async () => {
    const { articles } = await readAll([join(DIR, 'newsroom.csv')]);
    expect(articles.map((article) => article.id)).toEqual(['c1', 'c2', 'c3']);
    expect(articles[0]?.body).toBe(
      'The port replaced its two oldest cranes this week.\n\nThe new cranes lift twice as much, the port said, and use "half the power".',
    );
    expect(articles[0]?.tags).toEqual(['port', 'industry']);
    expect(articles[0]?.source).toBe(`${join(DIR, 'newsroom.csv')}:2`);
    expect(articles[2]?.source).toBe(`${join(DIR, 'newsroom.csv')}:6`);
    expect(articles[2]?.date).toBe('2021-05-12T14:30:00.000Z');
  });

  it('repairs entities that lost their "&" and reports the repair', async () => {
    const { articles, report } = await readAll([join(DIR, 'newsroom.csv')]);
    expect(articles[2]?.title).toBe("Stadium roof 'safe' says engineer");
    expect(articles[2]?.body).toBe("An engineer said the roof is safe for Saturday's match.");
    expect(report.repaired).toContainEqual(expect.objectContaining({ line: 6, kind: 'text-repaired' }));
  });

  it('reads tab-separated files', async () => {
    const { articles } = await readAll([join(DIR, 'lanes.tsv')]);
    expect(articles.map((article) => [article.id, article.date])).toEqual([
      ['t1', '2020-09-03T00:00:00.000Z'],
      ['t2', '2020-09-10T00:00:00.000Z'],
    ]);
  });

  it('refuses a CSV file whose first row names no field, saying to give column numbers, and reads it with them', async () => {
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'gazette-ingest-csv-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'no-header.csv');
    await writeFile(
      path,
      '"2","Cup final goes to extra time","The final went to extra time after a late equaliser."\n"3","Bank holds rates","The central bank held rates at 4%."\n',
    );
    const refused = await readAll([path]);
    expect(refused.report.rejected[0]).toMatchObject({ kind: 'no-header', reason: expect.stringContaining('--map title=2,body=3') });
    const { articles } = await readAll([path], { map: { title: '2', body: '3', tags: '1' } });
    expect(articles.map((article) => [article.title, article.tags])).toEqual([
      ['Cup final goes to extra time', ['2']],
      ['Bank holds rates', ['3']],
    ]);
  });
});

describe('Markdown with front matter', () => {
  it('reads title, date, author and tags from the YAML and the Markdown as plain text, without raw scripts', async () => {
    const { articles } = await readAll([join(DIR, 'flood-update.md')]);
    expect(articles[0]).toMatchObject({
      id: 'flood-update',
      title: 'River levels fall after a week of flooding',
      date: '2021-07-22T06:15:00.000Z',
      author: 'Priya Raman',
      tags: ['weather', 'floods'],
    });
    const body = articles[0]?.body ?? '';
    expect(body).toContain('The river fell below its warning level on Thursday');
    expect(body).toContain('\n\nSchools reopen on Monday.\n\n');
    expect(body).not.toMatch(/\*\*|\[council\]|https:|<script|document\.write/);
  });

  it('takes the first heading as the title when there is no front matter', async () => {
    const { articles, report } = await readAll([join(DIR, 'heading-only.md')]);
    expect(articles[0]?.title).toBe('Allotment waiting list halved');
    expect(articles[0]?.body).toBe('The waiting list for council allotments has halved since new plots opened in March.');
    expect(report.warnings[0]?.kind).toBe('no-date');
  });
});

describe('HTML pages', () => {
  it('keeps the article text and drops navigation, footers, scripts and inline handlers', async () => {
    const { articles } = await readAll([join(DIR, 'bridge-page.html')]);
    const body = articles[0]?.body ?? '';
    expect(body.split('\n\n')).toHaveLength(4);
    expect(body).toMatch(/^The old stone bridge over the river/);
    expect(body).not.toMatch(/INJECTED|trackPageView|stealCookies|alert|handler|Most read|Copyright|subscribe|Home/);
  });

  it('takes title, date, author and tags from JSON-LD NewsArticle before the meta tags', async () => {
    const { articles } = await readAll([join(DIR, 'bridge-page.html')]);
    expect(articles[0]).toMatchObject({
      title: 'Old bridge to close for six weeks of repairs',
      date: '2022-03-01T09:30:00.000Z',
      updated: '2022-03-02T08:00:00.000Z',
      author: 'Kofi Mensah',
      tags: ['bridges', 'roads'],
      url: 'https://example.org/news/old-bridge',
    });
  });

  it('reads the date from <time datetime> when the page has no metadata', async () => {
    const { articles } = await readAll([join(DIR, 'time-only.html')]);
    expect(articles[0]?.title).toBe('Choir wins regional final');
    expect(articles[0]?.date).toBe('2019-11-30T23:45:00.000Z');
    expect(articles[0]?.body).toContain('The school choir won the regional final');
  });
});

describe('plain-text stories', () => {
  it('reads a 12-hour time with "p.m." and a zone, a "By … and …" byline, and drops "Also Read |", "Sponsored" and photo credits', async () => {
    const { articles } = await readAll([join(DIR, 'evening-market.txt')]);
    expect(articles[0]).toMatchObject({ date: '2023-03-06T00:45:00.000Z', author: 'Ana de Souza and Li Wei' });
    expect(articles[0]?.body).toBe(
      'Stalls returned to the old square on Friday evening for the first night market since 2019.\n\nOrganisers said forty traders had signed up.',
    );
  });

  it('reads a story saved as Latin-1, reporting the repair', async () => {
    const { articles, report } = await readAll([join(DIR, 'pound-latin1.txt')]);
    expect(articles[0]?.body).toBe('A day ticket will cost £5 from August, up from £4.');
    expect(articles[0]?.date).toBe('2021-07-04T13:00:00.000Z');
    expect(report.repaired[0]).toMatchObject({ kind: 'invalid-utf8', reason: expect.stringContaining('convert the file to UTF-8') });
  });
});

describe('records with angle brackets', () => {
  it('keeps tickers in angle brackets as text: only closing tags or <br> make a field HTML', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'gazette-ingest-tickers-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'wire.jsonl');
    await writeFile(
      path,
      '{"id": "t", "title": "CHEMICAL CO <CC> WINS SUIT AGAINST REFINER <P>", "body": "Shares of <B and Q Plc> rose."}\n',
    );
    const { articles, report } = await readAll([path]);
    expect(articles[0]?.title).toBe('CHEMICAL CO <CC> WINS SUIT AGAINST REFINER <P>');
    expect(articles[0]?.body).toBe('Shares of <B and Q Plc> rose.');
    expect(report.repaired).toEqual([]);
  });
});
