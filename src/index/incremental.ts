import type { Article } from '../article.js';
import { type SourceChanges, sourceFileOf } from '../ingest/source-summary.js';

/** What an incremental rebuild needs from the index it updates (the SearchEngine provides it). */
export interface UpdatableIndex {
  article(id: string): Article | undefined;
  add(article: Article): boolean;
  remove(id: string): boolean;
  /** Replaces the stored record of an article whose indexed fields are unchanged. */
  replaceRecord(article: Article): void;
  ids(): IterableIterator<string>;
}

/** What an incremental rebuild did, article by article. */
export interface UpdateCounts {
  added: number;
  replaced: number;
  removed: number;
  unchanged: number;
}

/**
 * Brings `index` to exactly the articles `articles` yields (the current inputs, read
 * in full by ingest, so that ids and duplicates resolve as in a full rebuild), while
 * re-indexing only what differs:
 *
 * - an article from a file the source summary says is unchanged is kept as it is;
 * - any other article is compared with the indexed one: kept when equal, its record
 *   updated when only its `source` moved, re-indexed when anything else differs;
 * - articles of input files that yield them no more are removed; articles that came from no
 *   input file (written through the documents API, or added by a program) are kept.
 */
export async function applyArticles(
  index: UpdatableIndex,
  articles: AsyncIterable<Article>,
  changes: SourceChanges,
): Promise<UpdateCounts> {
  const unchangedFiles = new Set(changes.unchanged);
  const seen = new Set<string>();
  const counts: UpdateCounts = { added: 0, replaced: 0, removed: 0, unchanged: 0 };
  for await (const article of articles) {
    seen.add(article.id);
    const indexed = index.article(article.id);
    if (indexed === undefined) {
      index.add(article);
      counts.added++;
    } else if (unchangedFiles.has(sourceFileOf(article.source) ?? '') && indexed.source === article.source) {
      counts.unchanged++;
    } else if (sameIndexedContent(indexed, article)) {
      if (indexed.source !== article.source) index.replaceRecord(article);
      counts.unchanged++;
    } else {
      index.remove(article.id);
      index.add(article);
      counts.replaced++;
    }
  }
  const inputFiles = new Set([...changes.added, ...changes.changed, ...changes.removed, ...changes.unchanged]);
  for (const id of [...index.ids()]) {
    if (seen.has(id)) continue;
    const file = sourceFileOf(index.article(id)?.source);
    if (file === undefined || !inputFiles.has(file)) continue;
    index.remove(id);
    counts.removed++;
  }
  return counts;
}

// Everything but `source`, which only says where the article was read from.
function sameIndexedContent(a: Article, b: Article): boolean {
  return JSON.stringify({ ...a, source: undefined }) === JSON.stringify({ ...b, source: undefined });
}
