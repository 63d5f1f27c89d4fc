import { type Article, emptyReport, type IngestReport, readArticles, SearchEngine, summarizeSources } from '../index.js';
import { parseCommandLine, UsageError } from './args.js';

export const BUILD_USAGE = `Usage: npm run build-index -- --input <file or folder> [--input …] [--out <dir>]

Reads article files (.txt stories, .json, .jsonl/.ndjson) and writes a search index.
  --input, -i   a file or folder of articles (repeatable; folders are read recursively)
  --out, -o     where to write the index (default: index-data/index)
  --incremental re-index only the articles of files added, changed or removed since the index at --out was built
  --quiet, -q   no progress lines`;

const WARNINGS_SHOWN = 20;

/** `build-index`: reads articles, indexes them, saves the index atomically, and reports what was rejected and why. */
export async function buildIndexCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    {
      input: { type: 'string', short: 'i', multiple: true },
      out: { type: 'string', short: 'o', default: 'index-data/index' },
      quiet: { type: 'boolean', short: 'q', default: false },
      incremental: { type: 'boolean', default: false },
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
  const out = values.out ?? 'index-data/index';
  const started = performance.now();
  if (values.incremental) return incrementalBuild(out, inputs, started);
  const sources = await summarizeSources(inputs);
  const report = emptyReport();
  const articles = values.quiet ? readArticles(inputs, report) : withProgress(readArticles(inputs, report), report);
  const engine = await SearchEngine.fromArticles(articles);
  await engine.save(out, { sources });
  printReport(report, engine.size, out, performance.now() - started);
  return engine.size === 0 ? 1 : 0;
}

async function incrementalBuild(out: string, inputs: string[], started: number): Promise<number> {
  const { engine, report, changes, counts } = await SearchEngine.update(out, inputs);
  const files = `${changes.added.length} files added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
  if (counts === undefined) {
    console.log(`${out} is up to date (${files}); nothing written`);
    return 0;
  }
  printReport(report, engine.size, out, performance.now() - started);
  console.log(
    `${files}; articles: ${counts.added} added, ${counts.replaced} re-indexed, ${counts.removed} removed, ${counts.unchanged} kept`,
  );
  return engine.size === 0 ? 1 : 0;
}

async function* withProgress(articles: AsyncIterable<Article>, report: IngestReport): AsyncGenerator<Article> {
  const started = performance.now();
  let lastPrinted = started;
  for await (const article of articles) {
    yield article;
    const now = performance.now();
    if (now - lastPrinted > 1000) {
      lastPrinted = now;
      const rate = Math.round((report.articles * 1000) / (now - started));
      const line = `indexing: ${report.articles} articles from ${report.files} files (${rate}/s)`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else process.stderr.write(`${line}\n`);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

function printReport(report: IngestReport, indexed: number, out: string, elapsedMs: number): void {
  console.log(`Indexed ${indexed} articles from ${report.files} files in ${(elapsedMs / 1000).toFixed(1)} s into ${out}`);
  console.log(`${report.rejected.length} rejected, ${report.warnings.length} warnings, ${report.skipped.length} files skipped`);
  for (const problem of report.rejected) console.log(`  rejected ${where(problem)}: ${problem.reason}`);
  for (const problem of report.skipped) console.log(`  skipped ${problem.path}: ${problem.reason}`);
  for (const problem of report.warnings.slice(0, WARNINGS_SHOWN)) console.log(`  warning ${where(problem)}: ${problem.reason}`);
  if (report.warnings.length > WARNINGS_SHOWN) console.log(`  … and ${report.warnings.length - WARNINGS_SHOWN} more warnings`);
}

function where(problem: { path: string; line?: number }): string {
  return problem.line === undefined ? problem.path : `${problem.path}:${problem.line}`;
}
