import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Analyzer } from '../src/analysis/analyzer.js';
import type { ForwardIndex } from '../src/index/forward-index.js';
import { IntList, TermIdReader } from '../src/index/term-id-reader.js';
import { type Article, SearchEngine } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const SHARED_PRESENT = existsSync(SHARED);
export const SHARED_MISSING_MESSAGE = `../shared is absent (${SHARED}): corpus tests skipped`;

/** Whether `mkfifo` runs here: the tests of named pipes skip, saying so, where it does not. */
export const MKFIFO_AVAILABLE = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** An article with defaults for the fields a test does not care about. */
export function article(fields: Partial<Article> & { id: string }): Article {
  return { title: '', body: '', tags: [], ...fields };
}

export function engineOf(articles: Article[]): Promise<SearchEngine> {
  return SearchEngine.fromArticles(articles);
}

/** Records an article's title and body in a forward index as a build does: words read into term ids. */
export function recordText(forward: ForwardIndex, doc: number, title: string, body: string, analyzer = new Analyzer()): void {
  const ids = new IntList();
  const reader = new TermIdReader(
    (word) => analyzer.termOf(word),
    (term) => forward.idOf(term),
  );
  const titleLength = reader.read(title, ids);
  reader.read(body, ids);
  forward.add(doc, titleLength, ids.view());
}
