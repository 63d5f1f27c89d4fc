import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Article, SearchEngine } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const SHARED_PRESENT = existsSync(SHARED);
export const SHARED_MISSING_MESSAGE = `../shared is absent (${SHARED}): corpus tests skipped`;

/** An article with defaults for the fields a test does not care about. */
export function article(fields: Partial<Article> & { id: string }): Article {
  return { title: '', body: '', tags: [], ...fields };
}

export function engineOf(articles: Article[]): Promise<SearchEngine> {
  return SearchEngine.fromArticles(articles);
}
