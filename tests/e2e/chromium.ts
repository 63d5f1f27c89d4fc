/// <reference lib="dom" />
// What the search page's browser tests share: Debian's Chromium started as this machine needs
// it, a server over articles, where screenshots go, and waiting for the page to draw a state.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Article, readArticles, SearchEngine } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';

/** Debian's Chromium, which .ci/run installs. */
export const CHROMIUM = '/usr/bin/chromium';
/** The browser tests skip, saying so, without Debian's Chromium. */
export const CHROMIUM_PRESENT = existsSync(CHROMIUM);
/** Where the tests write screenshots for review (git-ignored). */
export const TEST_OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));

/** Headless Chromium without the background traffic this machine's closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(TEST_OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The bundled sample's articles. */
export async function sampleArticles(): Promise<Article[]> {
  const articles: Article[] = [];
  for await (const article of readArticles([SAMPLE])) articles.push(article);
  return articles;
}

/** Serves the search page and API over `articles` on a free port; returns its base URL and the server to close. */
export async function serveArticles(articles: Article[]): Promise<{ base: string; server: Server }> {
  const engine = await SearchEngine.fromArticles(articles);
  const server = createApp(engine, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Waits until the page shows the state its URL holds (the page marks #results when it has drawn one). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById('results')?.dataset.shown === location.search.replace(/^\?/, ''));
}

/** Types a query into the box, presses Enter, and waits for the answer to be drawn. */
export async function searchFor(page: Page, query: string): Promise<void> {
  await page.fill('#q', query);
  await page.press('#q', 'Enter');
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query);
  await settled(page);
}
