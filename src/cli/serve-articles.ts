import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import {
  countsByKind,
  emptyReport,
  type FileSelection,
  GazetteError,
  hasIndex,
  type IngestReport,
  readArticles,
  SearchEngine,
  summarizeSources,
} from '../index.js';
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
 * index was built, or from another folder, in full when the --include/--exclude patterns changed,
 * and left alone otherwise; logs which.
 */
export async function indexArticlesFolder(index: string, folder: string, files: FileSelection, logger: Logger): Promise<void> {
  const existed = await hasIndex(index);
  const selection = { include: [...(files.include ?? [])], exclude: [...(files.exclude ?? [])] };
  const previous = existed ? ((await readSelection(index)) ?? EVERY_FILE) : selection;
  const { engine, report } =
    JSON.stringify(previous) === JSON.stringify(selection)
      ? await updateFromFolder(index, folder, selection, existed, logger)
      : await rebuildFromFolder(index, folder, selection, logger);
  await writeSelection(index, selection);
  for (const problem of report.rejected) logger.warn({ path: problem.path, reason: problem.reason }, 'article rejected');
  if (engine.size === 0) {
    const reasons = Object.entries(countsByKind(report)).map(([kind, count]) => `${kind} ${count}`);
    throw new ArticlesFolderError(
      `no article could be read from ${forTerminal(folder)}${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}: ` +
        'check the files, or build the index with gazette build-index to see each problem',
    );
  }
}

type Selection = { include: string[]; exclude: string[] };
const EVERY_FILE: Selection = { include: [], exclude: [] };

async function updateFromFolder(
  index: string,
  folder: string,
  files: Selection,
  existed: boolean,
  logger: Logger,
): Promise<{ engine: SearchEngine; report: IngestReport }> {
  const { changes, counts, report, engine } = await SearchEngine.update(index, [folder], (report) =>
    readArticles([folder], report, { files }),
  );
  const fields = { index, articles: folder, ...counts, rejected: report.rejected.length, skipped: report.skipped.length };
  if (counts === undefined) {
    logger.info({ index, articles: folder }, `the index is up to date with ${folder}`);
  } else if (!existed) {
    logger.info(fields, `indexed ${engine.size} articles from ${folder}`);
  } else {
    const summary = `${changes.added.length} files added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
    logger.info(fields, `${folder} changed since the index was built (${summary}): re-indexed`);
  }
  return { engine, report };
}

// The files an index holds depend on the patterns too, which the comparison of files cannot see:
// a file now excluded but unchanged would stay. A change of patterns re-reads every file, with
// the analyzer settings (synonyms, typo tolerance) the index was built with.
async function rebuildFromFolder(
  index: string,
  folder: string,
  files: Selection,
  logger: Logger,
): Promise<{ engine: SearchEngine; report: IngestReport }> {
  const settings = (await SearchEngine.open(index)).info().analyzer;
  const report = emptyReport();
  const sources = await summarizeSources([folder]);
  const engine = await SearchEngine.fromArticles(readArticles([folder], report, { files }), settings);
  await engine.save(index, { sources });
  logger.info(
    { index, articles: folder, indexed: engine.size, rejected: report.rejected.length, skipped: report.skipped.length },
    `the --include/--exclude patterns changed since the index was built: re-indexed every file of ${folder}`,
  );
  return { engine, report };
}

// Beside the index (like its keys), never inside it: the patterns the served index was read with.
const selectionFile = (index: string): string => `${index}.articles.json`;

async function readSelection(index: string): Promise<Selection | undefined> {
  try {
    const recorded = JSON.parse(await readFile(selectionFile(index), 'utf8')) as Partial<Selection>;
    return { include: recorded.include ?? [], exclude: recorded.exclude ?? [] };
  } catch {
    return undefined;
  }
}

async function writeSelection(index: string, selection: Selection): Promise<void> {
  const temporary = `${selectionFile(index)}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(selection)}\n`);
  await rename(temporary, selectionFile(index));
}
