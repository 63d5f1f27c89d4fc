import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Article } from '../article.js';
import { type FileSelection, fileSelector } from './file-selection.js';
import type { ArticleDraft, DraftRejection, FormatInput, FormatName } from './format.js';
import { describeFsError, type InputFile, listInputFiles, notAFileReason } from './input-files.js';
import type { FieldMap } from './json-record.js';
import { emptyReport, type IngestProblem, type IngestReport, type ProblemKind } from './report.js';
import { decodeText, looksBinary, openByteStream, readAllBytes, readHead } from './source.js';
import { normalizeBodyText, normalizeLineText } from './text.js';

export { countsByKind, emptyReport, type IngestProblem, type IngestReport, locationOf, type ProblemKind } from './report.js';

/** How to read the inputs; every field has a default that suits most archives. */
export interface IngestOptions {
  /** Where article fields are in records whose names differ (`{ title: 'headline', author: 'byline.name' }`). */
  map?: FieldMap;
  /** Read every file as this format, whatever its name and content. */
  format?: FormatName;
  /** Whole-file formats (stories, JSON documents, Markdown, HTML) larger than this are refused. Default 256 MB. */
  maxFileBytes?: number;
  /** One record (a JSON line, a CSV row) larger than this is refused. Default 64 MB. */
  maxRecordBytes?: number;
  /**
   * 'skip' (the default): an article with the URL, or the title and body, of one already read
   * is reported and not indexed. 'keep': only a repeated id is skipped.
   */
  duplicates?: 'skip' | 'keep';
  /** Read only the files (by path, as the walk of the inputs names them) this accepts; the others are passed over unread. */
  only?: (path: string) => boolean;
  /** Which files are articles: `{ exclude: ['README*'] }` (see FileSelection). Default: every file. */
  files?: FileSelection;
}

const DEFAULTS = { maxFileBytes: 256 * 1024 * 1024, maxRecordBytes: 64 * 1024 * 1024 };

/**
 * Reads articles from files and folders (recursively), in a stable order, streaming:
 * memory holds one record (or one whole-file article) at a time, plus what duplicate
 * detection remembers. Problems never stop the run: each is added to `report` with its
 * path, line and reason, and the other articles still come through.
 *
 *     const report = emptyReport();
 *     for await (const article of readArticles(['archive/'], report, { map: { title: 'headline' } })) use(article);
 *     console.log(countsByKind(report));
 */
export async function* readArticles(
  inputs: readonly string[],
  report: IngestReport = emptyReport(),
  options: IngestOptions = {},
): AsyncGenerator<Article> {
  const seen = new DuplicateFilter(options.duplicates ?? 'skip');
  const leftOut = fileSelector(options.files);
  for (const input of inputs) {
    for (const file of await listInputFiles(input, report)) {
      if (options.only !== undefined && !options.only(file.path)) continue;
      const reason = leftOut(file.name);
      if (reason !== undefined) {
        report.skipped.push({ path: file.path, kind: 'excluded', reason });
        continue;
      }
      report.files++;
      for await (const article of readFileArticles(file, report, options)) {
        const duplicate = seen.check(article);
        if (duplicate !== undefined) {
          report.duplicates.push({ ...whereIn(article, file.path), kind: duplicate.kind, reason: duplicate.reason });
          continue;
        }
        report.articles++;
        yield article;
      }
    }
  }
}

/** The total size in bytes of the files under the inputs, for a progress bar's ETA. Unreadable paths count 0. */
export async function inputSize(inputs: readonly string[]): Promise<number> {
  const paths: string[] = [];
  for (const input of inputs) {
    for (const file of await listInputFiles(input, emptyReport())) paths.push(file.path);
  }
  let total = 0;
  // In batches: a folder of thousands of stories is stat'ed in parallel, not one file at a time.
  for (let start = 0; start < paths.length; start += 64) {
    const sizes = await Promise.all(
      paths.slice(start, start + 64).map((path) =>
        stat(path).then(
          (info) => info.size,
          () => 0,
        ),
      ),
    );
    for (const size of sizes) total += size;
  }
  return total;
}

async function* readFileArticles(file: InputFile, report: IngestReport, options: IngestOptions): AsyncGenerator<Article> {
  const reject = (kind: ProblemKind, reason: string, line?: number) =>
    report.rejected.push({ path: file.path, ...(line === undefined ? {} : { line }), kind, reason });
  let head: Uint8Array;
  try {
    const read = await readHead(file.path);
    if ('notAFile' in read) {
      reject('not-a-file', notAFileReason(read.notAFile));
      return;
    }
    head = read.head;
    file.size = read.fileSize;
  } catch (error) {
    report.rejected.push({ path: file.path, ...describeFsError(error) });
    return;
  }
  if (head.length === 0) {
    reject('empty-file', 'empty file (0 bytes): nothing to index; remove it or export it again');
    return;
  }
  // The readers (linkedom, Readability, csv-parse, YAML) load on the first file: a server
  // that only opens a built index never pays for them at start.
  const { detectFormat } = await import('./formats.js');
  const detected = detectFormat(file.path, head, options.format);
  if ('binary' in detected) {
    reject('binary-file', 'binary file, not text (an image, an archive, a corrupt download?): remove it from the input');
    return;
  }
  if ('unknown' in detected) {
    report.skipped.push({ path: file.path, kind: 'unsupported-format', reason: detected.unknown });
    return;
  }
  if (!detected.gzip && looksBinary(head)) {
    reject(
      'binary-file',
      `binary file, not ${detected.format.name} text (an image, an archive, a corrupt download?): remove it from the input`,
    );
    return;
  }
  const input = formatInput(file, head, detected.gzip, report, options);
  try {
    for await (const draft of detected.format.read(input)) {
      if ('rejected' in draft) {
        reject(draft.rejected.kind, draft.rejected.reason, draft.line);
        continue;
      }
      const article = finishArticle(file, draft, report);
      if (article !== undefined) yield article;
    }
  } catch (error) {
    const problem = describeFsError(error);
    reject(
      problem.kind,
      detected.gzip && problem.kind === 'unreadable'
        ? `corrupt gzip data (${problem.reason}): the file is damaged or was cut short`
        : problem.reason,
    );
  }
}

function formatInput(file: InputFile, head: Uint8Array, gzip: boolean, report: IngestReport, options: IngestOptions): FormatInput {
  const limits = {
    maxFileBytes: options.maxFileBytes ?? DEFAULTS.maxFileBytes,
    maxRecordBytes: options.maxRecordBytes ?? DEFAULTS.maxRecordBytes,
  };
  const bytes = () => openByteStream(file.path, gzip, (count) => (report.bytes += count));
  return {
    path: file.path,
    options: { map: options.map ?? {}, ...limits },
    bytes,
    repaired: (reason, line) =>
      report.repaired.push({ path: file.path, ...(line === undefined ? {} : { line }), kind: 'text-repaired', reason }),
    async text() {
      if (!gzip && file.size > limits.maxFileBytes) return tooLarge(file.size, limits.maxFileBytes);
      // A small file was read whole as its head: reading it again would double the cost of a folder of stories.
      const whole = !gzip && head.length === file.size;
      if (whole) report.bytes += head.length;
      const all = whole ? Buffer.from(head) : await readAllBytes(bytes(), limits.maxFileBytes);
      if (!Buffer.isBuffer(all)) return tooLarge(all.tooLarge, limits.maxFileBytes);
      if (gzip && looksBinary(all.subarray(0, 8192))) {
        return { rejected: { kind: 'binary-file', reason: 'binary data inside the gzip file, not text: remove it from the input' } };
      }
      const decoded = decodeText(all);
      if (decoded.fallback !== undefined) {
        report.repaired.push({
          path: file.path,
          kind: 'invalid-utf8',
          reason: `not valid UTF-8 (first bad byte at offset ${decoded.fallback.byteOffset}): read as Windows-1252; convert the file to UTF-8 to be sure`,
        });
      }
      return decoded.text.replace(/^\uFEFF/, '');
    },
  };
}

function tooLarge(size: number, max: number): DraftRejection {
  return {
    rejected: {
      kind: 'file-too-large',
      reason: `file too large (${megabytes(size)} MB or more; at most ${megabytes(max)} MB for one document): split it, convert it to JSON lines, or raise --max-file-mb`,
    },
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

const NO_TEXT_IN_FILE = 'no title and no body: the file is empty or has only boilerplate';
const NO_TEXT_IN_RECORD =
  'no title and no body: not indexed; if the record has them under other names, map them (--map title=headline,body=content)';

function finishArticle(file: InputFile, draft: ArticleDraft, report: IngestReport): Article | undefined {
  const { line, fields } = draft;
  const where = { path: file.path, ...(line === undefined ? {} : { line }) };
  const { id, ...rest } = fields;
  const article: Article = {
    ...rest,
    id: id ?? derivedId(file.name, line, draft.document),
    title: normalizeLineText(fields.title),
    body: normalizeBodyText(fields.body),
    tags: fields.tags.map(normalizeLineText).filter(Boolean),
    source: line === undefined ? file.path : `${file.path}:${line}`,
  };
  if (fields.author !== undefined) article.author = normalizeLineText(fields.author);
  if (article.title === '' && article.body === '') {
    // Not kept even with a date or tags: a file of `{}` lines would become millions of empty
    // articles (2,000,000 from 6 MB, 3.6 GB of index), and fields under other names are lost.
    report.rejected.push({ ...where, kind: 'no-body', reason: draft.document ? NO_TEXT_IN_FILE : NO_TEXT_IN_RECORD });
    return undefined;
  }
  for (const reason of draft.repairs ?? []) report.repaired.push({ ...where, kind: 'text-repaired', reason });
  if (article.rawDate !== undefined) {
    report.warnings.push({
      ...where,
      kind: 'unparseable-date',
      reason: `unreadable date "${article.rawDate}": indexed as undated, the text kept in rawDate; write it as ISO 8601 (2021-03-04T10:00:00Z)`,
    });
  } else if (article.date === undefined && draft.document) {
    report.warnings.push({
      ...where,
      kind: 'no-date',
      reason: 'no publication date found ("Published …" line, date field or meta tag): indexed as undated',
    });
  }
  return article;
}

/**
 * An id for an article whose source has none, stable across rebuilds: the file's
 * path relative to its input (readable, for one-article files), or a hash of it
 * and the line.
 */
function derivedId(name: string, line: number | undefined, readable: boolean): string {
  if (readable) {
    const withoutGz = name.replace(/\.gz$/i, '');
    return withoutGz.slice(0, withoutGz.length - extname(withoutGz).length).replace(/[\\/]/g, '--');
  }
  return createHash('sha1')
    .update(`${name}:${line ?? 0}`)
    .digest('hex')
    .slice(0, 16);
}

function whereIn(article: Article, fallbackPath: string): Pick<IngestProblem, 'path' | 'line'> {
  const source = article.source ?? fallbackPath;
  const match = /^(.*):(\d+)$/.exec(source);
  return match === null ? { path: source } : { path: match[1] ?? source, line: Number(match[2]) };
}

/**
 * Remembers what has been indexed, to keep each article once: by id, by URL, and by a
 * hash of title and body (20 bytes per article, so memory grows with articles kept, not with input size).
 */
class DuplicateFilter {
  private readonly ids = new Set<string>();
  private readonly urls = new Map<string, string>();
  private readonly contents = new Map<string, string>();
  constructor(private readonly mode: 'skip' | 'keep') {}

  check(article: Article): { kind: ProblemKind; reason: string } | undefined {
    if (this.ids.has(article.id)) return { kind: 'duplicate-id', reason: `duplicate id "${article.id}": only the first is indexed` };
    if (this.mode === 'skip') {
      const url = article.url === undefined ? undefined : this.urls.get(article.url);
      if (url !== undefined)
        return { kind: 'duplicate-url', reason: `same URL as article "${url}" (${article.url}): only the first is indexed` };
      const contentKey =
        article.body === '' ? undefined : createHash('sha1').update(article.title).update('\u0000').update(article.body).digest('base64');
      const same = contentKey === undefined ? undefined : this.contents.get(contentKey);
      if (same !== undefined)
        return { kind: 'duplicate-content', reason: `same title and body as article "${same}": only the first is indexed` };
      if (contentKey !== undefined) this.contents.set(contentKey, article.id);
      if (article.url !== undefined) this.urls.set(article.url, article.id);
    }
    this.ids.add(article.id);
    return undefined;
  }
}
