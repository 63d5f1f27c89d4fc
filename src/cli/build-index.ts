import type { Stats } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import {
  type Article,
  countsByKind,
  DEFAULT_ANALYZER,
  emptyReport,
  FORMAT_NAMES,
  type FormatName,
  type IngestOptions,
  type IngestProblem,
  type IngestReport,
  inputSize,
  locationOf,
  parseFieldMap,
  readArticles,
  readSynonymsFile,
  SearchEngine,
  statSources,
  summarizeSources,
} from '../index.js';
import { forTerminal, parseCommandLine, UsageError, wholeNumber } from './args.js';
import { watchInputs } from './watch.js';

/** The help text of `npm run build-index`. */
export const BUILD_USAGE = `Usage: npm run build-index -- --input <file or folder> [--input …] [--out <dir>] [options]

Reads article files and writes a search index. Formats, by extension or content:
stories (.txt), JSON (.json), JSON lines (.jsonl, .ndjson), CSV (.csv), TSV (.tsv),
Markdown with YAML front matter (.md), HTML pages (.html), and any of them gzipped (.gz).
  --input, -i        a file or folder of articles (repeatable; folders are read recursively)
  --out, -o          where to write the index (default: index-data/index)
  --format, -f       read every input as this format: ${FORMAT_NAMES.join(', ')}
  --map, -m          where the fields are in records whose names differ, e.g.
                     --map title=headline,body=content,date=published_at,author=byline.name
                     (dotted paths reach nested fields; numbers are CSV columns: --map title=2,body=3)
  --report, -r       write every rejected, repaired, skipped and duplicate input to this JSON file
  --strict           exit non-zero when any input was rejected
  --keep-duplicates  index articles with the URL or title and body of another (same id is always skipped)
  --max-file-mb      largest whole-file article or JSON document to read (default 256)
  --max-record-mb    largest JSON line or CSV row to read (default 64)
  --typo-tolerance   false: searches of this index take every word as written unless they ask
                     for typo tolerance (default true)
  --synonyms         a file of synonyms to search queries with, recorded in the index: one rule a line,
                     "kyiv, kiev" (equals) or "ukraine => kyiv, kiev" (one way); # starts a comment
  --include          only files whose path inside the input matches this glob (repeatable), e.g. '*.txt'
  --exclude          leave out files matching this glob (repeatable), e.g. 'README*' (reported as skipped);
                     a pattern without / matches file names at any depth; case does not matter;
                     after changing them, build without --incremental (it compares files, not patterns)
  --incremental      re-index only the articles of files added, changed or removed since the index at --out was built
  --watch            after bringing the index up to date (as --incremental), keep it in step with the inputs: new,
                     changed and removed files are written within a second, and a server serving --out sees them
                     without a reload; runs until Ctrl-C (SIGINT) or SIGTERM
  --poll-ms          how often --watch looks at the inputs (default 1000)
  --quiet, -q        no progress`;

const LISTED_PER_KIND = 20;

/**
 * `build-index`: reads articles, indexes them, saves the index atomically, and reports
 * every input it rejected, repaired or skipped and why. Exits 1 when nothing was indexed,
 * or with --strict when anything was rejected.
 */
export async function buildIndexCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    {
      input: { type: 'string', short: 'i', multiple: true },
      out: { type: 'string', short: 'o', default: 'index-data/index' },
      format: { type: 'string', short: 'f' },
      map: { type: 'string', short: 'm', multiple: true },
      report: { type: 'string', short: 'r' },
      strict: { type: 'boolean', default: false },
      'keep-duplicates': { type: 'boolean', default: false },
      'max-file-mb': { type: 'string' },
      'max-record-mb': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      incremental: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      'poll-ms': { type: 'string' },
      synonyms: { type: 'string' },
      'typo-tolerance': { type: 'string' },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    BUILD_USAGE,
  );
  if (values.help) {
    console.log(BUILD_USAGE);
    return 0;
  }
  const inputs = values.input ?? [];
  if (inputs.length === 0) throw new UsageError(`give at least one --input\n\n${BUILD_USAGE}`);
  await refuseInputsThatAreNotFiles(inputs);
  const options = ingestOptions(values);
  const out = values.out ?? 'index-data/index';
  const started = performance.now();
  if (values.incremental || values.watch) {
    if (values.synonyms !== undefined || values['typo-tolerance'] !== undefined) {
      throw new UsageError('--synonyms and --typo-tolerance set up a new index: build without --incremental or --watch to change them');
    }
    const pollMs = Math.max(10, wholeNumber('poll-ms', values['poll-ms'], 1_000));
    const before = await statSources(inputs);
    const status = await incrementalBuild(out, inputs, options, started);
    return values.watch ? watchInputs(out, inputs, options, pollMs, before) : status;
  }
  const settings = {
    ...DEFAULT_ANALYZER,
    ...(values.synonyms === undefined ? {} : { synonyms: await readSynonymsFile(values.synonyms) }),
    ...(values['typo-tolerance'] === undefined ? {} : { typoTolerance: booleanFlag('--typo-tolerance', values['typo-tolerance']) }),
  };
  const sources = await summarizeSources(inputs);
  const report = emptyReport();
  const read = readArticles(inputs, report, options);
  const articles = values.quiet ? read : withProgress(read, report, await inputSize(inputs));
  const built = await SearchEngine.build(out, articles, { settings, sources });
  const elapsedMs = performance.now() - started;
  printSummary(report, built.articles, out, elapsedMs);
  if (values.report !== undefined) await writeReport(values.report, report, built.articles, elapsedMs);
  if (values.strict && report.rejected.length > 0) {
    process.stderr.write(`--strict: ${report.rejected.length} inputs were rejected\n`);
    return 1;
  }
  return built.articles === 0 ? 1 : 0;
}

/**
 * Stops at an input that is neither a file nor a folder (a FIFO, a device), before anything
 * opens it: opening a FIFO waits for a writer, for ever, and a device may never end. A
 * missing input is not refused here: ingest reports it, with the others.
 */
async function refuseInputsThatAreNotFiles(inputs: readonly string[]): Promise<void> {
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info === undefined || info.isFile() || info.isDirectory()) continue;
    throw new UsageError(
      `--input ${forTerminal(input)} is ${whatItIs(info)}, not a file or folder of articles; save what it sends to a file and index that`,
    );
  }
}

function whatItIs(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

async function incrementalBuild(out: string, inputs: string[], options: IngestOptions, started: number): Promise<number> {
  const { engine, report, changes, counts } = await SearchEngine.update(out, inputs, (report) => readArticles(inputs, report, options));
  const files = `${changes.added.length} files added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
  if (counts === undefined) {
    console.log(`${forTerminal(out)} is up to date (${files}); nothing written`);
    return 0;
  }
  printSummary(report, engine.size, out, performance.now() - started);
  console.log(
    `${files}; articles: ${counts.added} added, ${counts.replaced} re-indexed, ${counts.removed} removed, ${counts.unchanged} kept`,
  );
  return engine.size === 0 ? 1 : 0;
}

interface BuildFlags {
  format?: string | undefined;
  map?: string[] | undefined;
  'keep-duplicates'?: boolean | undefined;
  'max-file-mb'?: string | undefined;
  'max-record-mb'?: string | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
}

function ingestOptions(values: BuildFlags): IngestOptions {
  const options: IngestOptions = {
    duplicates: values['keep-duplicates'] ? 'keep' : 'skip',
    files: { include: values.include ?? [], exclude: values.exclude ?? [] },
  };
  if (values.format !== undefined) {
    if (!(FORMAT_NAMES as readonly string[]).includes(values.format)) {
      throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, got "${values.format}"`);
    }
    options.format = values.format as FormatName;
  }
  if (values.map !== undefined) {
    const map = parseFieldMap(values.map.join(','));
    if ('reason' in map) throw new UsageError(`--map: ${map.reason}`);
    options.map = map;
  }
  if (values['max-file-mb'] !== undefined) options.maxFileBytes = wholeNumber('max-file-mb', values['max-file-mb'], 256) * 1024 * 1024;
  if (values['max-record-mb'] !== undefined)
    options.maxRecordBytes = wholeNumber('max-record-mb', values['max-record-mb'], 64) * 1024 * 1024;
  return options;
}

/** Passes articles through, drawing a progress bar on a terminal and printing a plain line every few seconds otherwise. */
async function* withProgress(articles: AsyncIterable<Article>, report: IngestReport, totalBytes: number): AsyncGenerator<Article> {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let lastPrinted = started;
  const interval = tty ? 200 : 5000;
  for await (const article of articles) {
    yield article;
    const now = performance.now();
    if (now - lastPrinted < interval) continue;
    lastPrinted = now;
    const line = progressLine(report, totalBytes, (now - started) / 1000, tty);
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  }
  if (tty) process.stderr.write('\r\x1b[K');
  // Making the postings and writing the files comes after the last article: minutes at ten million.
  process.stderr.write(`read ${report.articles.toLocaleString('en-US')} articles; writing the index…\n`);
}

/** "[#####-----] 52% 3 files 10,421 articles 9.8/20.2 MB 3,120 articles/s 2.9 MB/s ETA 3 s" */
export function progressLine(report: IngestReport, totalBytes: number, seconds: number, bar: boolean): string {
  const fraction = totalBytes > 0 ? Math.min(1, report.bytes / totalBytes) : 0;
  const mbRate = report.bytes / 1024 / 1024 / Math.max(seconds, 0.001);
  const eta = report.bytes > 0 && totalBytes > report.bytes ? ((totalBytes - report.bytes) / report.bytes) * seconds : 0;
  const parts = [
    `${report.files} files`,
    `${report.articles.toLocaleString('en-US')} articles`,
    `${(report.bytes / 1024 / 1024).toFixed(1)}/${(totalBytes / 1024 / 1024).toFixed(1)} MB`,
    `${Math.round(report.articles / Math.max(seconds, 0.001)).toLocaleString('en-US')} articles/s`,
    `${mbRate.toFixed(1)} MB/s`,
    `ETA ${Math.ceil(eta)} s`,
  ];
  const percent = `${Math.floor(fraction * 100)}%`;
  if (!bar) return `indexing: ${percent} ${parts.join(', ')}`;
  const width = 24;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${parts.join('  ')}`;
}

function printSummary(report: IngestReport, indexed: number, out: string, elapsedMs: number): void {
  const seconds = elapsedMs / 1000;
  console.log(`Indexed ${indexed} articles from ${report.files} files in ${seconds.toFixed(1)} s into ${forTerminal(out)}`);
  console.log(
    `${report.rejected.length} rejected, ${report.repaired.length} repaired, ${report.duplicates.length} duplicates, ` +
      `${report.warnings.length} warnings, ${report.skipped.length} files skipped ` +
      `(${Math.round(report.articles / Math.max(seconds, 0.001))} articles/s, ${(report.bytes / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(1)} MB/s)`,
  );
  const counts = Object.entries(countsByKind(report)).sort(([a], [b]) => a.localeCompare(b));
  if (counts.length > 0) console.log(`by reason: ${counts.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  listProblems('rejected', report.rejected, Number.POSITIVE_INFINITY);
  listProblems('skipped', report.skipped, LISTED_PER_KIND);
  listProblems('repaired', report.repaired, LISTED_PER_KIND);
  listProblems('duplicate', report.duplicates, LISTED_PER_KIND);
  listProblems('warning', report.warnings, LISTED_PER_KIND);
}

// Every rejection is listed (each is an article lost); the other lists are capped, with the --report file holding them all.
// Paths and reasons (which quote the file's text) are escaped: a file name can hold terminal escape sequences.
function listProblems(label: string, problems: IngestProblem[], shown: number): void {
  for (const problem of problems.slice(0, shown))
    console.log(`  ${label} ${forTerminal(locationOf(problem))}: ${forTerminal(problem.reason)}`);
  if (problems.length > shown) console.log(`  … and ${problems.length - shown} more (${label}); --report <file.json> lists them all`);
}

async function writeReport(path: string, report: IngestReport, indexed: number, elapsedMs: number): Promise<void> {
  const document = {
    indexed,
    files: report.files,
    articlesRead: report.articles,
    bytes: report.bytes,
    seconds: Math.round(elapsedMs) / 1000,
    counts: countsByKind(report),
    rejected: report.rejected,
    repaired: report.repaired,
    duplicates: report.duplicates,
    warnings: report.warnings,
    skipped: report.skipped,
  };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Report written to ${forTerminal(path)}`);
}

function booleanFlag(flag: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new UsageError(`${flag} takes true or false, not "${forTerminal(value)}"`);
}
