import {
  type Article,
  emptyReport,
  type IngestOptions,
  type IngestReport,
  readArticles,
  SearchEngine,
  sourceFileOf,
  statSources,
} from '../index.js';
import { forTerminal } from './args.js';

/** A file's size and modification time, as `statSources` gives them. */
export type FileStamp = { bytes: number; mtimeMs: number };

/** What one look at the inputs changed in the index. */
interface WatchRound {
  files: { added: number; changed: number; removed: number };
  articles: { added: number; replaced: number; removed: number };
  report: IngestReport;
}

/**
 * `build-index --watch`: keeps the index at `out` in step with the input folders. It takes the
 * index's lock as its one writer, then every `pollMs` looks at the inputs' sizes and times
 * (reading no file that did not change), reads the new and changed files, and writes what
 * differs: articles added, replaced, and removed with their file, durable and flushed into a
 * segment, which a server following the folder applies within a second, without a reload.
 * Runs until SIGINT or SIGTERM, then commits and gives the lock up.
 */
export async function watchInputs(
  out: string,
  inputs: readonly string[],
  options: IngestOptions,
  pollMs: number,
  // The inputs as they were before the index was last brought up to date: a file changed since
  // (while the index was built or opened) is read again in the first round.
  since: ReadonlyMap<string, FileStamp>,
): Promise<number> {
  const engine = await SearchEngine.open(out, { write: true });
  const idsByFile = indexedIdsByFile(engine);
  let stamps = since;
  console.log(`watching ${inputs.map(forTerminal).join(', ')} for changes to ${forTerminal(out)} (Ctrl-C to stop)`);
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  while (!stopping) {
    const now = await statSources(inputs);
    const round = await applyChanges(engine, inputs, options, idsByFile, stamps, now);
    stamps = now;
    if (round !== undefined) await announce(engine, round);
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, pollMs))]);
  }
  await engine.close();
  console.log('stopped; everything written is committed');
  return 0;
}

function indexedIdsByFile(engine: SearchEngine): FileIds {
  const ids = new FileIds();
  for (const id of engine.ids()) {
    const file = sourceFileOf(engine.article(id)?.source);
    if (file !== undefined) ids.assign(file, [id]);
  }
  return ids;
}

/** Which file each indexed article was read from, both ways. */
class FileIds {
  private readonly byFile = new Map<string, Set<string>>();
  private readonly byId = new Map<string, string>();

  idsOf(file: string): ReadonlySet<string> {
    return this.byFile.get(file) ?? new Set();
  }

  /** Records that `file` holds `ids`; an id another file held is that file's no longer. */
  assign(file: string, ids: Iterable<string>): void {
    const held = this.byFile.get(file) ?? new Set<string>();
    for (const id of ids) {
      const previous = this.byId.get(id);
      if (previous !== undefined && previous !== file) this.byFile.get(previous)?.delete(id);
      this.byId.set(id, file);
      held.add(id);
    }
    this.byFile.set(file, held);
  }

  /** Forgets a file and the ids it held. */
  drop(file: string): void {
    for (const id of this.byFile.get(file) ?? []) if (this.byId.get(id) === file) this.byId.delete(id);
    this.byFile.delete(file);
  }
}

async function applyChanges(
  engine: SearchEngine,
  inputs: readonly string[],
  options: IngestOptions,
  idsByFile: FileIds,
  before: ReadonlyMap<string, FileStamp>,
  now: ReadonlyMap<string, FileStamp>,
): Promise<WatchRound | undefined> {
  const touched = new Set([...now.keys()].filter((path) => !sameStamp(before.get(path), now.get(path))));
  const removedFiles = [...before.keys()].filter((path) => !now.has(path));
  if (touched.size === 0 && removedFiles.length === 0) return undefined;
  const round: WatchRound = {
    files: { added: [...touched].filter((path) => !before.has(path)).length, changed: 0, removed: removedFiles.length },
    articles: { added: 0, replaced: 0, removed: 0 },
    report: emptyReport(),
  };
  round.files.changed = touched.size - round.files.added;
  const readNow = new Map<string, Set<string>>();
  const readIds = new Set<string>();
  for await (const article of readArticles(inputs, round.report, { ...options, only: (path) => touched.has(path) })) {
    write(engine, article, round);
    const file = sourceFileOf(article.source) ?? '';
    readNow.set(file, (readNow.get(file) ?? new Set()).add(article.id));
    readIds.add(article.id);
  }
  // Articles a changed file no longer holds, and those of removed files, go, unless another
  // file read in this round holds them now (a renamed file, a story moved between files).
  for (const file of [...touched, ...removedFiles]) {
    for (const id of idsByFile.idsOf(file)) {
      if (!readIds.has(id) && engine.remove(id)) round.articles.removed++;
    }
    idsByFile.drop(file);
  }
  for (const [file, ids] of readNow) idsByFile.assign(file, ids);
  return round;
}

function write(engine: SearchEngine, article: Article, round: WatchRound): void {
  const indexed = engine.article(article.id);
  if (indexed === undefined) round.articles.added++;
  else if (JSON.stringify(indexed) !== JSON.stringify(article)) round.articles.replaced++;
  else return;
  engine.replace(article);
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.bytes === b.bytes && a.mtimeMs === b.mtimeMs;
}

// Durable, then flushed into a segment so that servers following the folder see it, then said.
async function announce(engine: SearchEngine, round: WatchRound): Promise<void> {
  const { files, articles, report } = round;
  for (const problem of report.rejected) {
    process.stderr.write(
      `rejected ${forTerminal(problem.path)}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.reason}\n`,
    );
  }
  const seq = await engine.commit();
  await engine.flush();
  console.log(
    `${files.added} files added, ${files.changed} changed, ${files.removed} removed; ` +
      `articles: ${articles.added} added, ${articles.replaced} replaced, ${articles.removed} removed (write ${seq}, ${engine.size} articles)`,
  );
}
