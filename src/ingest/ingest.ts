import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Article } from '../article.js';
import { articleFromRecord } from './json-record.js';
import { parseStoryText } from './story-text.js';
import { normalizeBodyText, normalizeLineText } from './text.js';

/** A file, or one record of a file, that ingest rejected or had to repair. */
export interface IngestProblem {
  path: string;
  line?: number;
  reason: string;
}

/** What an ingest run read, kept, rejected and repaired. Filled in while articles stream. */
export interface IngestReport {
  files: number;
  articles: number;
  rejected: IngestProblem[];
  warnings: IngestProblem[];
  skipped: IngestProblem[];
}

export function emptyReport(): IngestReport {
  return { files: 0, articles: 0, rejected: [], warnings: [], skipped: [] };
}

type Format = 'story' | 'json' | 'jsonl';
const FORMAT_BY_EXTENSION: Record<string, Format> = {
  '.txt': 'story',
  '.text': 'story',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};
// Whole-file formats are read into memory; beyond this, a file is refused with advice.
const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads articles from files and folders (recursively), in a stable order. Problems
 * never stop the run: each is added to `report` with its path and reason, and the
 * other articles still come through.
 */
export async function* readArticles(inputs: readonly string[], report: IngestReport = emptyReport()): AsyncGenerator<Article> {
  const seenIds = new Set<string>();
  for (const input of inputs) {
    for await (const file of listFiles(input, report)) {
      report.files++;
      for await (const article of readFile_(file, report)) {
        if (seenIds.has(article.id)) {
          report.warnings.push({ path: article.source ?? file.path, reason: `duplicate id "${article.id}": only the first is indexed` });
          continue;
        }
        seenIds.add(article.id);
        report.articles++;
        yield article;
      }
    }
  }
}

interface InputFile {
  path: string;
  /** Path relative to the input it was found under: the basis of derived ids. */
  name: string;
  format: Format;
}

async function* listFiles(input: string, report: IngestReport): AsyncGenerator<InputFile> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(input);
  } catch (error) {
    report.rejected.push({ path: input, reason: describeFsError(error) });
    return;
  }
  if (info.isFile()) {
    const format = FORMAT_BY_EXTENSION[extname(input).toLowerCase()];
    if (format === undefined) report.skipped.push({ path: input, reason: unsupportedReason(input) });
    else yield { path: input, name: basename(input), format };
    return;
  }
  const entries = await readdir(input, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const path of files) {
    const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
    if (format === undefined) report.skipped.push({ path, reason: unsupportedReason(path) });
    else yield { path, name: relative(input, path), format };
  }
}

function unsupportedReason(path: string): string {
  return `not an article file (${extname(path) || 'no extension'}); Gazette reads ${Object.keys(FORMAT_BY_EXTENSION).join(', ')}`;
}

async function* readFile_(file: InputFile, report: IngestReport): AsyncGenerator<Article> {
  try {
    if (file.format === 'jsonl') {
      yield* readJsonLines(file, report);
      return;
    }
    const text = await readWholeText(file.path);
    if (file.format === 'story') {
      const article = storyArticle(file, text, report);
      if (article !== undefined) yield article;
    } else {
      yield* readJsonDocument(file, text, report);
    }
  } catch (error) {
    report.rejected.push({ path: file.path, reason: describeFsError(error) });
  }
}

async function readWholeText(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_WHOLE_FILE_BYTES) {
    throw new Error(`file too large (${info.size} bytes; at most ${MAX_WHOLE_FILE_BYTES}); split it or use JSON lines`);
  }
  const bytes = await readFile(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error('not valid UTF-8 text; convert the file to UTF-8');
  }
}

function storyArticle(file: InputFile, text: string, report: IngestReport): Article | undefined {
  const fields = parseStoryText(text);
  if (fields.title === '' && fields.body === '') {
    report.rejected.push({ path: file.path, reason: 'no title and no body: the file is empty or has only boilerplate' });
    return undefined;
  }
  const article: Article = {
    id: derivedId(file.name, undefined, true),
    title: normalizeLineText(fields.title),
    body: normalizeBodyText(fields.body),
    tags: [],
    source: file.path,
  };
  if (fields.date !== undefined) article.date = fields.date;
  if (fields.updated !== undefined) article.updated = fields.updated;
  if (fields.author !== undefined) article.author = normalizeLineText(fields.author);
  if (fields.rawDate !== undefined) {
    article.rawDate = fields.rawDate;
    report.warnings.push({ path: file.path, reason: `unreadable date "${fields.rawDate}": indexed as undated` });
  } else if (fields.date === undefined) {
    report.warnings.push({ path: file.path, reason: 'no "Published" or "Updated" line: indexed as undated' });
  }
  return article;
}

function* readJsonDocument(file: InputFile, text: string, report: IngestReport): Generator<Article> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    report.rejected.push({ path: file.path, reason: `invalid JSON: ${(error as Error).message}` });
    return;
  }
  const records = Array.isArray(value) ? value : [value];
  for (const [index, record] of records.entries()) {
    const article = recordArticle(file, record, Array.isArray(value) ? index : undefined, report);
    if (article !== undefined) yield article;
  }
}

async function* readJsonLines(file: InputFile, report: IngestReport): AsyncGenerator<Article> {
  const lines = createInterface({ input: createReadStream(file.path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      report.rejected.push({ path: file.path, line: lineNumber, reason: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    const article = recordArticle(file, record, lineNumber, report);
    if (article !== undefined) yield article;
  }
}

function recordArticle(file: InputFile, record: unknown, line: number | undefined, report: IngestReport): Article | undefined {
  const where = line === undefined ? { path: file.path } : { path: file.path, line };
  const result = articleFromRecord(record);
  if ('reason' in result) {
    report.rejected.push({ ...where, reason: result.reason });
    return undefined;
  }
  const { id, ...fields } = result.article;
  const article: Article = {
    ...fields,
    id: id ?? derivedId(file.name, line, false),
    title: normalizeLineText(fields.title),
    body: normalizeBodyText(fields.body),
    source: line === undefined ? file.path : `${file.path}:${line}`,
  };
  if (article.title === '' && article.body === '') {
    // Kept: it still has an id, a date and tags to be found and counted by.
    report.warnings.push({ ...where, reason: 'no title and no body: indexed with its other fields only' });
  }
  if (article.rawDate !== undefined) {
    report.warnings.push({ ...where, reason: `unreadable date "${article.rawDate}": indexed as undated` });
  }
  return article;
}

/**
 * An id for an article whose source has none, stable across rebuilds: the file's
 * path relative to its input (readable, for one-story files), or a hash of it
 * and the line.
 */
function derivedId(name: string, line: number | undefined, readable: boolean): string {
  if (readable) return name.slice(0, name.length - extname(name).length).replace(/[\\/]/g, '--');
  return createHash('sha1')
    .update(`${name}:${line ?? 0}`)
    .digest('hex')
    .slice(0, 16);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
