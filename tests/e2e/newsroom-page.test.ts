/// <reference lib="dom" />
// The search page as a newsroom uses it, on a phone (375 × 812) and a desktop (1280 × 800):
// where things are, what the keyboard reaches, what the chart and dates say, and what axe-core
// finds. Screenshots of the main states go to test-output/newsroom-*.png for review.
// One file over 400 lines so that Chromium and the three servers start once for all of it.
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/index.js';
import { CHROMIUM, CHROMIUM_PRESENT, launchChromium, sampleArticles, searchFor, serveArticles, settled, TEST_OUTPUT } from './chromium.js';

if (!CHROMIUM_PRESENT) console.warn(`${CHROMIUM} is absent: the newsroom browser tests are skipped (apt-get install -y chromium)`);

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const SCREENS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;
const INTERVALS = ['auto', 'day', 'week', 'month', 'quarter', 'year'];

// Written for these tests. Published at 02:54 in India, which is still the day before in UTC.
const PAST_MIDNIGHT: Article = {
  id: 'past-midnight-sitting',
  title: 'Assembly nightsitting ends past midnight',
  body: 'The nightsitting of the state assembly ran until the early hours, when the budget passed.',
  date: '2020-09-11T21:24:00.000Z',
  author: 'Meera Iyer, Special Correspondent for Parliamentary Affairs and the Southern States',
  tags: ['politics'],
};
// An archive that lost its dates, as some exports do: one dated story among undated ones.
const MOSTLY_UNDATED: Article[] = [
  ...['Harbour', 'Tram', 'Budget', 'Ferry'].map((word, n) => ({
    id: `undated-${n}`,
    title: `${word} plan explained`,
    body: `How the ${word.toLowerCase()} plan of the city council works, explained.`,
    tags: [],
  })),
  { id: 'dated-0', title: 'Council plan approved', body: 'The council approved the plan.', date: '2021-03-31T10:00:00Z', tags: [] },
];
// Two archives far apart in time: with the sample, a day chart would need over 13,000 bars.
const WIDE_RANGE: Article[] = [
  {
    id: 'wire-1987',
    title: 'Cocoa exports rise',
    body: 'Cocoa exports from the port rose in March.',
    date: '1987-03-02T10:00:00Z',
    tags: [],
  },
  { id: 'wire-2024', title: 'Cocoa prices fall', body: 'Cocoa prices fell as harvests recovered.', date: '2024-06-30T10:00:00Z', tags: [] },
];

let sample: string;
let wide: string;
let undated: string;
const servers: Server[] = [];
let browser: Browser;
let axeSource: string;

async function serve(articles: Article[]): Promise<string> {
  const { base, server } = await serveArticles(articles);
  servers.push(server);
  return base;
}

beforeAll(async () => {
  if (!CHROMIUM_PRESENT) return;
  const articles = await sampleArticles();
  sample = await serve([...articles, PAST_MIDNIGHT]);
  wide = await serve([...articles, ...WIDE_RANGE]);
  undated = await serve(MOSTLY_UNDATED);
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) server.close();
});

async function open(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'UTC', viewport: DESKTOP, ...options });
  const page = await context.newPage();
  await page.goto(url);
  await settled(page);
  return page;
}

async function close(page: Page): Promise<void> {
  await page.context().close();
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return found.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe.skipIf(!CHROMIUM_PRESENT)('the search page for a newsroom, in Chromium', () => {
  it('shows the first result inside the first screen of a phone, with the filters behind a button', async () => {
    const page = await open(`${sample}/?q=election`, { viewport: PHONE });
    const first = await page.locator('#hits li').first().boundingBox();
    expect(first).not.toBeNull();
    expect((first?.y ?? PHONE.height) + 60).toBeLessThan(PHONE.height);
    expect(await page.isVisible('#refine')).toBe(false);
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-phone-results.png` });
    await page.click('#refine-toggle');
    expect(await page.getAttribute('#refine-toggle', 'aria-expanded')).toBe('true');
    expect(await page.isVisible('#refine #sort')).toBe(true);
    expect(await page.isVisible('#facets input[name="source"]')).toBe(true);
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-phone-filters.png` });
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#refine')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('refine-toggle');
    // Out of sight, the filters on are counted on their button; Apply returns the keyboard to the results.
    await page.click('#refine-toggle');
    await page.fill('#from', '2020-01-01');
    await page.click('#refine .apply');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('from') === '2020-01-01');
    await settled(page);
    expect(await page.isVisible('#refine')).toBe(false);
    expect(await page.textContent('#refine-toggle')).toBe('Filters · 1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    await close(page);
  }, 60_000);

  for (const [name, viewport] of SCREENS) {
    it(`reaches the first result from the search box in at most 4 Tab presses (${name})`, async () => {
      const page = await open(`${sample}/?q=election`, { viewport });
      await page.focus('#q');
      let presses = 0;
      while (presses < 20 && !(await page.evaluate(() => document.activeElement === document.querySelector('#hits a')))) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(presses).toBeLessThanOrEqual(4);
      await close(page);
    }, 60_000);
  }

  it('keeps the chart one tab stop: arrow keys move between bars, focus shows the count', async () => {
    const page = await open(`${sample}/?q=election`);
    expect(await page.$$eval('#histogram button', (buttons) => buttons.filter((button) => button.tabIndex === 0).length)).toBe(1);
    await page.focus('#histogram button[tabindex="0"]');
    await page.keyboard.press('Home');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    await page.keyboard.press('ArrowRight');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    expect(second).not.toBe(first);
    expect(await page.textContent('#bar-detail')).toMatch(new RegExp(`^${second}: \\d+ articles?$`));
    await page.hover('#histogram .bar >> nth=0');
    expect(await page.textContent('#bar-detail')).toMatch(new RegExp(`^${first}: \\d+ articles?$`));
    // The first bar holds the earliest match: a period with matches.
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe(first);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).has('from'));
    await settled(page);
    expect(await page.isVisible('#clear-dates')).toBe(true);
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-period.png` });
    await page.click('#clear-dates');
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('from'));
    await settled(page);
    expect(await page.isVisible('#clear-dates')).toBe(false);
    await close(page);
  }, 60_000);

  for (const [name, viewport] of SCREENS) {
    it(`never grows wider than the screen, whatever the chart's interval (${name})`, async () => {
      const page = await open(sample, { viewport });
      for (const [archive, base] of [
        ['sample', sample],
        ['1987–2024', wide],
      ]) {
        for (const interval of INTERVALS) {
          await page.goto(`${base}/?interval=${interval}`);
          await settled(page);
          const bars = await page.locator('#histogram .bar').count();
          expect(bars, `${archive} by ${interval}`).toBeGreaterThan(0);
          if (interval === 'auto') expect(bars, `${archive} by ${interval}`).toBeLessThanOrEqual(60);
          expect(await overflow(page), `${archive} by ${interval}: page wider than the screen`).toBeLessThanOrEqual(0);
          if (interval === 'day' && archive === 'sample') await page.screenshot({ path: `${TEST_OUTPUT}newsroom-${name}-by-day.png` });
        }
      }
      // Over 13,000 days cannot be charted: the chart falls back to the best fit and says so.
      await page.goto(`${wide}/?interval=day`);
      await settled(page);
      expect(await page.textContent('#chart-note')).toMatch(/Too many days to chart/);
      await close(page);
    }, 120_000);
  }

  it('counts undated matches beside the chart, and lists them from there', async () => {
    const page = await open(sample);
    expect(await page.textContent('#undated')).toBe('1 undated');
    await page.click('#undated');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'date');
    await settled(page);
    expect(await page.$$eval('#hits .meta time', (times) => times.map((time) => time.textContent))).toContain('undated');
    await close(page);
  }, 60_000);

  it('says so when nearly every match is undated, and lists them from the chart', async () => {
    const page = await open(`${undated}/?q=plan`, { viewport: PHONE });
    expect(await page.textContent('#undated')).toBe('4 undated');
    expect(await page.locator('#histogram .bar').count()).toBe(1);
    expect(await page.getAttribute('#undated', 'aria-label')).toBe('4 articles without a date: list them');
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-phone-undated.png` });
    await page.focus('#histogram [tabindex="0"]');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('undated');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'date');
    await settled(page);
    expect(await page.$$eval('#hits .meta time', (times) => times.filter((time) => time.textContent === 'undated').length)).toBe(4);
    await close(page);
  }, 60_000);

  it('keeps each filter on one line: the box beside its name, the count beside a long name cut short', async () => {
    const page = await open(`${sample}/?q=nightsitting`);
    const parts = await page.$eval('#facets input[name="author"]', (box) => {
      const label = box.closest('label') as HTMLElement;
      const middle = (element: Element | null) => {
        const rect = (element as HTMLElement).getBoundingClientRect();
        return rect.top + rect.height / 2;
      };
      return {
        height: label.getBoundingClientRect().height,
        box: middle(box),
        name: middle(label.querySelector('.name')),
        count: middle(label.querySelector('.count')),
        cut: (label.querySelector('.name') as HTMLElement).scrollWidth > (label.querySelector('.name') as HTMLElement).clientWidth,
        title: label.title,
      };
    });
    expect(parts.height).toBeLessThan(32);
    expect(Math.abs(parts.box - parts.name)).toBeLessThan(4);
    expect(Math.abs(parts.count - parts.name)).toBeLessThan(4);
    expect(parts.cut).toBe(true);
    expect(parts.title).toBe(PAST_MIDNIGHT.author);
    await close(page);
  }, 60_000);

  it("shows dates in the reader's zone, by default the browser's, and charts days in the same zone", async () => {
    const page = await open(`${sample}/?q=nightsitting&interval=day`, { timezoneId: 'Asia/Kolkata' });
    // Chromium names the zone by its older, canonical ICU name.
    expect(await page.inputValue('#tz')).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    expect(await page.textContent('#hits .meta time')).toBe('12 Sept 2020');
    expect(await page.getAttribute('#histogram .bar', 'data-key')).toBe('2020-09-12');
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-kolkata.png` });
    await page.selectOption('#tz', 'UTC');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tz') === 'UTC');
    await settled(page);
    expect(await page.textContent('#hits .meta time')).toBe('11 Sept 2020');
    expect(await page.getAttribute('#histogram .bar', 'data-key')).toBe('2020-09-11');
    await close(page);
  }, 60_000);

  it('names the source on each hit and offers it as a filter', async () => {
    const page = await open(`${sample}/?q=election`);
    expect(await page.textContent('#hits .meta')).toMatch(/ · (articles|example\.com)$/);
    await page.check('#facets input[name="source"][value="articles"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('source') === 'articles');
    await settled(page);
    expect(await page.isChecked('#facets input[name="source"][value="articles"]')).toBe(true);
    await close(page);
  }, 60_000);

  it('pages with links, an ellipsis for the pages left out, and "11–20 of N"', async () => {
    const page = await open(`${sample}/?sort=date`);
    expect(await page.textContent('#pages .range')).toBe('1–10 of 49');
    expect(await page.$$eval('#pages li', (items) => items.map((item) => item.textContent))).toEqual(['1', '2', '…', '5', 'Next →']);
    expect(await page.getAttribute('#pages a[aria-label="Page 2"]', 'href')).toBe('?sort=date&page=2');
    await page.click('#pages a[aria-label="Page 2"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await settled(page);
    expect(await page.textContent('#pages .range')).toBe('11–20 of 49');
    expect(await page.getAttribute('#pages a[aria-current="page"]', 'aria-label')).toBe('Page 2');
    await close(page);
  }, 60_000);

  it('suggests as the reader types, and an arrow key and Enter complete the word without searching', async () => {
    const page = await open(sample);
    await page.focus('#q');
    await page.keyboard.type('minsk prot', { delay: 20 });
    await page.waitForSelector('#suggestions [role="option"]');
    expect(await page.getAttribute('#q', 'aria-expanded')).toBe('true');
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-completion.png` });
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#q', 'aria-activedescendant')).toBe('suggestion-0');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#q')).toMatch(/^minsk prot\S* $/);
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('x');
    expect(await page.inputValue('#q')).toMatch(/ x$/);
    await close(page);
  }, 60_000);

  it('on no results, says what to try and opens the search tips', async () => {
    const page = await open(`${sample}/?q=zqxwvy`);
    expect(await page.textContent('#status')).toBe('No articles match.');
    expect(await page.textContent('#hints')).toMatch(/Nothing found\. Try:.*zqxw\*/);
    await page.click('#hints button');
    expect(await page.getAttribute('#tips', 'open')).toBe('');
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-no-results.png` });
    await close(page);
  }, 60_000);

  it('says beside the count which words a typo was forgiven for, and offers the correction', async () => {
    const page = await open(sample);
    await searchFor(page, 'kaziranag');
    expect(await page.textContent('#status')).toMatch(
      /^1 article .* · kaziranag: not in the archive; also searched as kaziranga · Did you mean kaziranga\?$/,
    );
    // A result found: no list of wider searches under it.
    expect(await page.isVisible('#hints')).toBe(false);
    await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-typo.png` });
    await close(page);
  }, 60_000);

  it('opens an article in place of the results, and goes back to its link', async () => {
    const page = await open(`${sample}/?q=election`);
    const second = page.locator('#hits h3 a').nth(1);
    const id = await second.getAttribute('data-id');
    await second.click();
    await page.waitForSelector('#reader h2');
    expect(await page.isVisible('#hits')).toBe(false);
    expect(await page.title()).toMatch(/ · Gazette$/);
    await page.click('#reader button.close');
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('article'));
    await settled(page);
    await page.waitForFunction((wanted) => (document.activeElement as HTMLElement | null)?.dataset.id === wanted, id);
    expect(await page.isVisible('#hits')).toBe(true);
    await close(page);
  }, 60_000);

  it('has no axe-core violations in its main states', async () => {
    const states: [string, string, { width: number; height: number }][] = [
      ['results, desktop', `${sample}/?q=election`, DESKTOP],
      ['results, phone', `${sample}/?q=election`, PHONE],
      ['a chosen period', `${sample}/?q=floods&from=2022-01-01&to=2022-12-31`, DESKTOP],
      ['no results', `${sample}/?q=zqxwvy`, DESKTOP],
      ['an article', `${sample}/?q=election&article=2019-12-13-uk-election-conservative-majority`, DESKTOP],
    ];
    for (const [name, url, viewport] of states) {
      const page = await open(url, { viewport });
      if (name === 'an article') {
        await page.waitForSelector('#reader h2');
        // A short line without punctuation is the story's crosshead, set as one.
        expect(await page.$$eval('#reader .body h3', (heads) => heads.map((head) => head.textContent))).toEqual(['Corbyn to step down']);
        await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-article.png` });
      }
      if (name === 'results, desktop') await page.screenshot({ path: `${TEST_OUTPUT}newsroom-desktop-results.png` });
      expect(await axeViolations(page), name).toEqual([]);
      if (name === 'results, desktop') {
        await page.focus('#q');
        await page.keyboard.type(' minsk', { delay: 20 });
        await page.waitForSelector('#suggestions [role="option"]');
        await page.keyboard.press('ArrowDown');
        expect(await axeViolations(page), 'completion open').toEqual([]);
      }
      if (name === 'results, phone') {
        await page.click('#refine-toggle');
        expect(await axeViolations(page), 'filters open on a phone').toEqual([]);
      }
      await close(page);
    }
  }, 120_000);
});
