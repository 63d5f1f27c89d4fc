import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { countsByKind, type FileSelection, GazetteError, hasIndex, readArticles, SearchEngine, summarizeSources } from '../index.js';
import { forTerminal } from './args.js';

/** The folder of articles to serve is missing, empty, or gave no article; the message says what to do. */
export class ArticlesFolderError extends GazetteError {
  constructor(message: string) {
    super('articles_folder', message);
  }
}

/**
 * Refuses, before the server listens, a folder of articles that is missing or holds no file
 * (dot files aside): serving an empty index, and saving it, helps nobody. `context` begins the
 * message (why the folder was needed).
 */
export async function refuseUnusableArticles(folder: string, context = ''): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  const shown = forTerminal(folder);
  if (info === undefined) {
    throw new ArticlesFolderError(`${context}--articles ${shown} does not exist: give the folder (or file) of your articles`);
  }
  if ((await summarizeSources([folder])).files.length === 0) {
    throw new ArticlesFolderError(
      `${context}--articles ${shown} holds no files: put your articles there (.txt, .json, .jsonl, .csv, .md, .html)`,
    );
  }
}

/**
 * Brings the index at `index` up to date with the articles in `folder`: built when there is
 * none, re-indexed (only the files added, changed or removed) when the folder changed since the
 * index was built, or from another folder, and left alone otherwise; logs which.
 */
export async function indexArticlesFolder(index: string, folder: string, files: FileSelection, logger: Logger): Promise<void> {
  const existed = await hasIndex(index);
  const update = await SearchEngine.update(index, [folder], (report) => readArticles([folder], report, { files }));
  const { changes, counts, report, engine } = update;
  for (const problem of report.rejected) logger.warn({ path: problem.path, reason: problem.reason }, 'article rejected');
  const skipped = { rejected: report.rejected.length, skipped: report.skipped.length };
  if (counts === undefined) {
    logger.info({ index, articles: folder, files: changes.unchanged.length }, `the index is up to date with ${folder}`);
  } else if (!existed) {
    logger.info({ index, articles: folder, ...counts, ...skipped }, `indexed ${engine.size} articles from ${folder}`);
  } else {
    const files = `${changes.added.length} files added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
    logger.info({ index, articles: folder, ...counts, ...skipped }, `${folder} changed since the index was built (${files}): re-indexed`);
  }
  if (engine.size === 0) {
    const reasons = Object.entries(countsByKind(report)).map(([kind, count]) => `${kind} ${count}`);
    throw new ArticlesFolderError(
      `no article could be read from ${forTerminal(folder)}${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}: ` +
        'check the files, or build the index with gazette build-index to see each problem',
    );
  }
}
