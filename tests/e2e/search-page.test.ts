/// <reference lib="dom" />
// Functions passed to page.evaluate and waitForFunction run in the browser, hence the DOM types.
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/index.js';
import { CHROMIUM, CHROMIUM_PRESENT, launchChromium, sampleArticles, searchFor, serveArticles, settled, TEST_OUTPUT } from './chromium.js';

if (!CHROMIUM_PRESENT)
  console.warn(`${CHROMIUM} is absent: the browser tests of the search page are skipped (apt-get install -y chromium)`);

// Written for this test: markup and event handlers in the title and the body, which the page must show as text.
const HOSTILE: Article = {
  id: 'hostile-council-minutes',
  title: 'Council minutes <script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=\'title-img\'">',
  body:
    'The zebracrossing committee met on Tuesday. <script>window.__pwned = "body"</script> ' +
    'A member pasted <img src=x onerror="window.__pwned=\'body-img\'"> and <a href="#" onclick="window.__pwned=1">click</a> into the zebracrossing notes.',
  date: '2022-03-04T09:00:00Z',
  author: 'Ann <b onmouseover="window.__pwned=2">Bold</b>',
  tags: [],
};

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM_PRESENT) return;
  ({ base, server } = await serveArticles([...(await sampleArticles()), HOSTILE]));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function hitDates(page: Page): Promise<string[]> {
  return page.$$eval('#hits time', (times) => times.map((time) => time.getAttribute('datetime') ?? 'undated'));
}

describe.skipIf(!CHROMIUM_PRESENT)('the search page in Chromium', () => {
  it('searches, highlights, filters by a histogram bar, clears it, and follows Back', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, timezoneId: 'UTC' });
    await page.goto(`${base}/?interval=month`);
    await searchFor(page, 'protest minsk');

    const marks = await page.$$eval('#hits mark', (elements) => elements.map((element) => element.textContent ?? ''));
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toMatch(/minsk|protest/i);
    const titleMarks = await page.$$eval('#hits h3 mark', (elements) => elements.map((element) => element.textContent ?? ''));
    expect(titleMarks.length).toBeGreaterThan(0);
    for (const mark of titleMarks) expect(mark).toMatch(/minsk|protest/i);
    expect(await page.textContent('#status')).toMatch(/^\d+ articles/);
    const bars = await page.$$eval('#histogram .bar', (elements) =>
      elements.map((element) => ({ key: element.getAttribute('data-key'), count: Number(element.getAttribute('data-count')) })),
    );
    expect(bars.length).toBeGreaterThan(1);
    const busiest = bars.reduce((best, bar) => (bar.count > best.count ? bar : best));
    expect(busiest.key).toBe('2020-08');

    await page.click('#histogram .bar[data-key="2020-08"]');
    await page.waitForFunction(() => location.search.includes('from=2020-08-01') && location.search.includes('to=2020-08-31'));
    await settled(page);
    await page.waitForFunction((count) => document.querySelector('#status')?.textContent?.startsWith(`${count} article`), busiest.count);
    for (const date of await hitDates(page)) expect(date).toMatch(/^2020-08-/);
    expect(await page.getAttribute('#histogram .bar[data-key="2020-08"]', 'aria-pressed')).toBe('true');
    expect(await page.inputValue('#from')).toBe('2020-08-01');
    await page.screenshot({ path: `${TEST_OUTPUT}search-page.png`, fullPage: true });

    // Choosing the chosen bar again shows every date.
    await page.click('#histogram .bar[data-key="2020-08"]');
    await page.waitForFunction(() => !location.search.includes('from='));
    await settled(page);
    await page.waitForFunction((total) => document.querySelectorAll('#histogram .bar').length === total, bars.length);

    await page.goBack();
    await page.waitForFunction(() => location.search.includes('from=2020-08-01'));
    await settled(page);
    await page.waitForFunction(() => document.querySelectorAll('#histogram .bar').length === 1);
    expect(await page.inputValue('#from')).toBe('2020-08-01');
    await page.close();
  }, 60_000);

  it('says beside the count how the query was read when the engine changed it', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await searchFor(page, 's*');
    expect(await page.textContent('#status')).toMatch(/a prefix needs at least 3 letters before \*/);
    await page.close();
  }, 60_000);

  it('offers "did you mean" as a link to the corrected search', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await searchFor(page, 'lukashenka');
    expect(await page.textContent('#status')).toMatch(/Did you mean lukashenko\?/);
    await page.click('#status a');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'lukashenko');
    await settled(page);
    expect(await page.textContent('#status')).not.toMatch(/Did you mean/);
    await page.close();
  }, 60_000);

  it('pages through results and keeps the page in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/?sort=date`);
    await settled(page);
    const firstPage = await page.$$eval('#hits h3', (titles) => titles.map((title) => title.textContent));
    await page.click('#pages a[aria-label="Next page"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await settled(page);
    await page.waitForFunction((first) => document.querySelector('#hits h3')?.textContent !== first, firstPage[0]);
    expect(await page.getAttribute('#pages a[aria-current="page"]', 'aria-label')).toBe('Page 2');
    // Readable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${TEST_OUTPUT}search-page-phone.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('draws term facets as checkboxes when the answer has them, and a checked box filters by the URL', async () => {
    const page = await browser.newPage();
    // Stands in for an engine with term facets: the real answer, with an author facet added to it.
    await page.route('**/search?*', async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.delete('facets');
      url.searchParams.delete('author');
      const response = await route.fetch({ url: url.toString() });
      const body = await response.json();
      body.facets.author = {
        field: 'author',
        values: [
          { value: 'Łukasz Nowicki', count: 3 },
          { value: 'Hannah <b>Ostrowski</b>', count: 2 },
        ],
        missing: 0,
        distinctValues: 2,
      };
      await route.fulfill({ response, json: body });
    });
    await page.goto(base);
    await searchFor(page, 'minsk');
    const labels = await page.$$eval('#facets fieldset:has(input[name="author"]) label', (elements) =>
      elements.map((element) => `${element.querySelector('.name')?.textContent} (${element.querySelector('.count')?.textContent})`),
    );
    expect(labels).toEqual(['Łukasz Nowicki (3)', 'Hannah <b>Ostrowski</b> (2)']);
    expect(await page.$$eval('#facets b', (elements) => elements.length)).toBe(0);
    expect(await page.isVisible('#facets')).toBe(true);
    await page.focus('#facets input[value="Łukasz Nowicki"]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('author') === 'Łukasz Nowicki');
    await settled(page);
    expect(await page.isChecked('#facets input[value="Łukasz Nowicki"]')).toBe(true);
    await page.close();
  }, 60_000);

  it('shows a hostile article as text: no script runs, no element is injected', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(base);
    await searchFor(page, 'zebracrossing');
    const title = await page.textContent('#hits h3');
    expect(title).toContain('<script>window.__pwned = "title"</script>');
    expect(await page.textContent('#hits .snippet')).toContain('<script>');
    expect(await page.textContent('#hits .meta')).toContain('<b onmouseover=');
    expect(await page.$$eval('#hits script, #hits img, #hits b, #hits [onclick], #hits [onerror]', (elements) => elements.length)).toBe(0);
    await page.click('#hits h3 a');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('article') === 'hostile-council-minutes');
    await page.waitForSelector('#reader h2');
    expect(await page.textContent('#reader h2')).toContain('<script>window.__pwned = "title"</script>');
    expect(await page.textContent('#reader')).toContain('<img src=x onerror=');
    expect(await page.$$eval('#reader script, #reader img, #reader b, #reader [onclick]', (elements) => elements.length)).toBe(0);
    await page.screenshot({ path: `${TEST_OUTPUT}search-page-article.png` });
    await page.click('#reader button.close');
    await page.waitForFunction(() => !location.search.includes('article='));
    await page.waitForSelector('#reader', { state: 'hidden' });
    await page.hover('#hits .meta');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
