/// <reference lib="dom" />
// The search page shows each story once: the other versions of a story (an update, a
// correction) are listed under its hit as links, not as hits of their own.
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article } from '../helpers.js';
import { CHROMIUM, CHROMIUM_PRESENT, launchChromium, searchFor, serveArticles } from './chromium.js';

if (!CHROMIUM_PRESENT) console.warn(`${CHROMIUM} is absent: the versions browser test is skipped (apt-get install -y chromium)`);

const TAKE =
  'The ferry company said it would cut the number of crossings to the islands from six a day to four over the winter, blaming the price of fuel and fewer passengers.';
const ARTICLES = [
  article({ id: 'ferry-1', title: 'Ferry crossings cut for winter', body: TAKE, date: '2024-10-01T08:00:00Z' }),
  article({
    id: 'ferry-2',
    title: 'UPDATE 1-Ferry crossings cut for winter',
    body: `${TAKE} Island councillors called the cut a blow.`,
    date: '2024-10-01T11:00:00Z',
  }),
  article({
    id: 'ferry-3',
    title: 'Ferry strike called off',
    body: 'The crews of the island ferries called off their strike after a pay offer.',
    date: '2024-09-12T08:00:00Z',
  }),
];

describe.skipIf(!CHROMIUM_PRESENT)('the search page and the versions of a story', () => {
  let browser: Browser;
  let base: string;
  let server: Server;
  beforeAll(async () => {
    ({ base, server } = await serveArticles(ARTICLES));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('shows a story once, with its other versions as links under it', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await searchFor(page, 'ferry crossings');
    const hits = await page.$$eval('#hits > li', (items) =>
      items.map((item) => ({
        title: item.querySelector('h3')?.textContent,
        versions: item.querySelector('.versions')?.textContent ?? null,
        links: [...item.querySelectorAll('.versions a')].map((link) =>
          new URL((link as HTMLAnchorElement).href).searchParams.get('article'),
        ),
      })),
    );
    const story = hits.filter((hit) => hit.title?.includes('crossings cut'));
    expect(story).toHaveLength(1);
    expect(story[0]?.versions).toMatch(/^1 more version: ferry-[12]$/);
    expect(story[0]?.links).toHaveLength(1);
    expect(hits.some((hit) => hit.title === 'Ferry strike called off' && hit.versions === null)).toBe(true);
    await page.close();
  });
});
