import { join } from 'node:path';
import { Analyzer, type AnalyzerSettings } from '../analysis/analyzer.js';
import { IndexCorruptError, UnsafeIndexFolderError } from '../errors.js';
import type { SourceSummary } from '../ingest/source-summary.js';
import { DocumentStore, FACET_FIELD_NAMES } from './document-store.js';
import type { HeldFile } from './held-file.js';
import { int32FromBytes, int32ToBytes } from './int32-bytes.js';
import {
  bytesOfFile,
  type FileBytes,
  hasIndex,
  type Manifest,
  openHeldFile,
  type ReadOptions,
  readIndexVersion,
  readLiveManifest,
  readVersion,
  type VersionFile,
  writeDetachedVersion,
  writeIndexVersion,
} from './persistence.js';
import { ArticleFile } from './saved-articles.js';
import { type ArticleOp, applyOps, applySegments, encodeSegment, SEGMENT_FILE, type SegmentRef, segmentOps } from './segments.js';
import { decodeColumns } from './store-files.js';
import { TextIndex } from './text-index.js';
import { readLog } from './write-ahead-log.js';

/**
 * The files of one index version, and what turns them into the parts of an index and back.
 * persistence.ts writes and verifies a version's files whatever they hold; this module
 * knows what they hold (the index format of persistence.ts's FORMAT_VERSION):
 *
 *     articles.jsonl      the articles, one JSON line each, read from disk as searches show them
 *     article-lines.bin   where each line starts, and its checksum (saved-articles.ts)
 *     ids.jsonl           the articles' ids (store-files.ts)
 *     columns.json, .bin  their filter and facet columns: dates, authors, tags, sources
 *     text-index.json     the title weight, and the terms of authors and tags
 *     label-postings.bin  their postings (label-index.ts)
 *     forward.bin         titles and bodies as term ids with word offsets (forward-index.ts)
 *     vocabulary.txt      the forward index's terms, by id
 *     postings.bin        the forward index inverted (inverted-text.ts)
 *
 * Formats 9 and before also wrote distinct-terms.bin (each article's number of distinct terms,
 * which BM25 normalised by until format 10); it is not read.
 */
const FILES = {
  articles: 'articles.jsonl',
  lines: 'article-lines.bin',
  ids: 'ids.jsonl',
  columns: 'columns.json',
  columnsBin: 'columns.bin',
  textIndex: 'text-index.json',
  postings: 'postings.bin',
  labelPostings: 'label-postings.bin',
  forward: 'forward.bin',
  vocabulary: 'vocabulary.txt',
} as const;

/** The Gazette version written into every manifest. */
export const GAZETTE_VERSION = '0.1.0';

/** What a manifest records about the index beside its files. */
export interface IndexMeta {
  gazetteVersion: string;
  analyzer: AnalyzerSettings;
  articleCount: number;
  /** The input files the index was built from, for incremental rebuilds; absent for indexes built from objects. */
  sources?: SourceSummary;
  /** The number of the last write (index-writer.ts) this version holds; absent when written by none. */
  seq?: number;
  /** For a commit point over segments: the full version it builds on… */
  base?: string;
  /** …and its segments, oldest first, whose writes are applied over the base when it is opened. */
  segments?: SegmentRef[];
}

/** The parts of an index in memory. */
export interface IndexParts {
  analyzer: Analyzer;
  store: DocumentStore;
  textIndex: TextIndex;
}

// text-index.json: the title weight and the terms of authors and tags, whose postings are label-postings.bin.
interface TextIndexFile {
  titleWeight: number;
  labels: { terms: string[] };
}

/**
 * A version read into shared memory, as another thread needs it to build parts of its own over
 * the same bytes (loadIndexFromFiles). Structured-cloneable: posted to a worker, its buffers are
 * shared, not copied; the articles file is opened again by its path.
 */
export interface SharedIndexFiles {
  directory: string;
  /** The live version's manifest (a commit point's own, for a commit point). */
  manifest: Manifest<IndexMeta>;
  /** The full version whose files these are: the live one, or the commit point's base. */
  version: { manifest: Manifest<IndexMeta>; files: Record<string, Uint8Array | Int32Array> };
  /** The writes of a commit point's segments, applied over its base; none for a full version. */
  ops: ArticleOp[];
}

/** An index read from disk: its parts, its manifest, and, when read into shared memory, what other threads need to share it. */
export type LoadedIndex = IndexParts & { manifest: Manifest<IndexMeta>; shared?: SharedIndexFiles };

/**
 * Reads the live version at `directory`, verified, into the parts of an index: a full version
 * as it is, a commit point as its base with its segments' writes applied. With `shared`, the
 * files are read into SharedArrayBuffers and `shared` describes them for loadIndexFromFiles.
 * Throws IndexNotFoundError or IndexCorruptError.
 */
export async function loadIndexFiles(directory: string, options: ReadOptions = {}): Promise<LoadedIndex> {
  // A writer that merges while we read may remove the versions a commit point used: then
  // CURRENT names a newer one, and reading that one is the right answer.
  for (let attempt = 1; ; attempt++) {
    const { manifest, files, held } = await readIndexVersion<IndexMeta>(directory, heldFiles, options);
    try {
      return await loadCommit(directory, manifest, files, held, options);
    } catch (error) {
      const now = await readLiveManifest<IndexMeta>(directory).catch(() => undefined);
      if (attempt >= 3 || now?.version === manifest.version) throw error;
    }
  }
}

/**
 * Builds the parts of an index over the files another thread read into shared memory
 * (loadIndexFiles with `shared`), copying none of the big ones: the postings, the forward
 * index and the columns are views of the same bytes. The articles file is opened again here.
 * Throws IndexCorruptError when the articles file cannot be opened.
 */
export function loadIndexFromFiles(shared: SharedIndexFiles): IndexParts & { manifest: Manifest<IndexMeta> } {
  const { directory, version } = shared;
  const files: Record<string, FileBytes> = {};
  for (const [name, bytes] of Object.entries(version.files)) {
    files[name] = bytes instanceof Int32Array ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const held: Record<string, HeldFile> = {};
  for (const name of heldFiles(version.manifest)) {
    const expected = version.manifest.files[name];
    if (expected !== undefined) held[name] = openHeldFile(join(directory, version.manifest.version, name), expected);
  }
  const parts = partsWithOps(directory, version.manifest, files, held, shared.ops, shared.manifest.meta.base !== undefined);
  return { ...parts, manifest: shared.manifest };
}

// From format 9 the articles are read from disk as searches show them (saved-articles.ts).
function heldFiles(manifest: Manifest<unknown>): readonly string[] {
  return manifest.formatVersion >= 9 ? [FILES.articles] : [];
}

async function loadCommit(
  directory: string,
  manifest: Manifest<IndexMeta>,
  files: Record<string, FileBytes>,
  held: Record<string, HeldFile>,
  options: ReadOptions,
): Promise<LoadedIndex> {
  const { base, segments } = manifest.meta;
  const sharedOf = (version: Manifest<IndexMeta>, read: Record<string, FileBytes>, ops: ArticleOp[]) =>
    options.shared === true ? { shared: { directory, manifest, version: { manifest: version, files: read }, ops } } : {};
  if (base === undefined) return { ...partsOf(directory, manifest, files, held), manifest, ...sharedOf(manifest, files, []) };
  // The segments (small) first, the base (up to gigabytes) after: cleanup spares a commit
  // point's versions for a while after it stops being live, which the base read then fits in.
  const ops = await segmentOps(directory, resolveSelf(segments ?? [], manifest.version));
  const baseVersion = await readVersion<IndexMeta>(directory, base, heldFiles, options);
  const parts = partsWithOps(directory, baseVersion.manifest, baseVersion.files, baseVersion.held, ops, true);
  return { ...parts, manifest, ...sharedOf(baseVersion.manifest, baseVersion.files, ops) };
}

// A full version's parts with a commit point's writes applied over them (`commit`: the version is a commit point's base).
function partsWithOps(
  directory: string,
  manifest: Manifest<IndexMeta>,
  files: Record<string, FileBytes>,
  held: Record<string, HeldFile>,
  ops: readonly ArticleOp[],
  commit: boolean,
): IndexParts {
  // Removing an article marks its forward record in place: bytes other threads read are never
  // written, so a thread that applies writes over shared bytes takes its own copy of that file.
  const forward = files[FILES.forward];
  const copy = (bytes: FileBytes) => (bytes instanceof Int32Array ? bytes.slice() : Buffer.from(bytes));
  const own = ops.length > 0 && forward?.buffer instanceof SharedArrayBuffer ? { ...files, [FILES.forward]: copy(forward) } : files;
  const parts = partsOf(directory, manifest, own, held);
  if (!commit) return parts;
  applyOps(parts, ops);
  // Searched as fast as a base: the segments' articles inverted with the rest, not scanned per query.
  parts.textIndex.prepare();
  return parts;
}

function partsOf(
  directory: string,
  manifest: Manifest<IndexMeta>,
  files: Record<string, FileBytes>,
  held: Record<string, HeldFile>,
  // The postings were not read (a fold): the text is inverted again when first needed.
  { withoutPostings = false } = {},
): IndexParts {
  const file = (name: string) => bytesOfFile(stream(name), join(directory, manifest.version, name));
  // The postings and forward index are Int32 streams, the files that may pass what one Buffer holds.
  const stream = (name: string) => files[name] ?? Buffer.alloc(0);
  const analyzer = new Analyzer(manifest.meta.analyzer);
  try {
    const store = storeOf(directory, manifest, files, held);
    const { titleWeight, labels } = JSON.parse(file(FILES.textIndex).toString('utf8')) as TextIndexFile;
    const textIndex = TextIndex.fromSerialized(
      {
        titleWeight,
        labels: { terms: labels.terms, stream: int32FromBytes(file(FILES.labelPostings)) },
        ...(withoutPostings ? {} : { postings: stream(FILES.postings) }),
        forward: { records: stream(FILES.forward), vocabulary: file(FILES.vocabulary) },
      },
      analyzer,
    );
    return { analyzer, store, textIndex };
  } catch (error) {
    for (const opened of Object.values(held)) opened.close();
    if (error instanceof IndexCorruptError) throw error;
    throw new IndexCorruptError(directory, `cannot be loaded (${(error as Error).message})`);
  }
}

function storeOf(
  directory: string,
  manifest: Manifest<IndexMeta>,
  files: Record<string, FileBytes>,
  held: Record<string, HeldFile>,
): DocumentStore {
  const file = (name: string) => bytesOfFile(files[name] ?? Buffer.alloc(0), join(directory, manifest.version, name));
  const articles = held[FILES.articles];
  if (manifest.formatVersion < 9 || articles === undefined) {
    return DocumentStore.fromSerialized({ articles: file(FILES.articles), columns: file(FILES.columns).toString('utf8') });
  }
  const columns = decodeColumns(file(FILES.columns).toString('utf8'), file(FILES.columnsBin), FACET_FIELD_NAMES);
  return DocumentStore.open(new ArticleFile(articles, file(FILES.lines), columns.count), file(FILES.ids), columns);
}

/**
 * Writes the parts of an index as a new full version at `directory` and makes it live; returns
 * the version's name. `seq`: the last write the parts hold, when an index writer made them.
 */
export function saveIndexFiles(directory: string, parts: IndexParts, sources: SourceSummary | undefined, seq?: number): Promise<string> {
  const { files, meta } = indexFiles(parts, sources, seq);
  // Judged under the lock, where no writer can add to the log meanwhile.
  return writeIndexVersion(directory, files, async () => {
    const floor = Math.max(seq ?? 0, await unrecoveredWrites(directory));
    return floor === 0 ? meta : { ...meta, seq: floor };
  });
}

/**
 * Before a whole new version replaces an index that a writer kept: refuses (UnsafeIndexFolderError)
 * when its log holds acknowledged writes no commit point holds yet (a writer that crashed),
 * which the new version would lose; otherwise returns the number of the last write the log or
 * the live commit point knows, which the new version must carry so that no older log record is
 * ever replayed over it.
 */
async function unrecoveredWrites(directory: string): Promise<number> {
  const { records, files } = await readLog<ArticleOp>(directory);
  const committed = (await hasIndex(directory)) ? ((await readLiveManifest<IndexMeta>(directory)).meta.seq ?? 0) : 0;
  const lost = records.filter((op) => op.seq > committed);
  if (lost.length > 0) {
    throw new UnsafeIndexFolderError(
      directory,
      `its write-ahead log (${files.join(', ')}) holds ${lost.length} acknowledged write(s) not in the index yet, which a new version would lose; ` +
        'open it for writing once to recover them (a server with --accept-writes true, build-index --watch, or SearchEngine.open(directory, { write: true })), then build again',
    );
  }
  let last = committed;
  for (const op of records) last = Math.max(last, op.seq);
  return last;
}

/**
 * Reads the commit point `version` of the index at `directory` (base and segments) and writes it
 * as one full version beside it, not live (writeDetachedVersion): the fold of an index writer,
 * run in a process of its own (fold-process.ts) so that the writer's searches are not stopped.
 */
export async function foldCommitPoint(directory: string, version: string): Promise<string> {
  const { manifest, parts } = await loadForFold(directory, version);
  const folded = indexFiles(parts, manifest.meta.sources, manifest.meta.seq);
  return writeDetachedVersion(directory, folded.files, folded.meta);
}

// The commit point's base with its segments applied one at a time, not all read first: a fold
// behind a long bulk load has hundreds of thousands of writes to apply. (A function of its own,
// so that the files read are let go once the parts are made.)
async function loadForFold(directory: string, version: string): Promise<{ manifest: Manifest<IndexMeta>; parts: IndexParts }> {
  const { manifest, files, held } = await readVersion<IndexMeta>(directory, version, heldFiles);
  const { base, segments } = manifest.meta;
  if (base === undefined) return { manifest, parts: partsOf(directory, manifest, files, held) };
  // Its postings are not read: a fold never searches, and inverts the text again to save it.
  const baseVersion = await readVersion<IndexMeta>(directory, base, heldFiles, { skip: [FILES.postings] });
  const parts = partsOf(directory, baseVersion.manifest, baseVersion.files, baseVersion.held, { withoutPostings: true });
  await applySegments(directory, resolveSelf(segments ?? [], manifest.version), parts);
  return { manifest, parts };
}

function indexFiles(
  parts: IndexParts,
  sources: SourceSummary | undefined,
  seq: number | undefined,
): { files: Record<string, VersionFile>; meta: IndexMeta } {
  const { analyzer, store, textIndex } = parts;
  const meta: IndexMeta = { gazetteVersion: GAZETTE_VERSION, analyzer: analyzer.settings, articleCount: store.size };
  if (sources !== undefined) meta.sources = sources;
  if (seq !== undefined) meta.seq = seq;
  const { titleWeight, labels, postings, forward } = textIndex.serialize();
  const stored = store.serialize();
  const textIndexFile: TextIndexFile = { titleWeight, labels: { terms: labels.terms } };
  const files = {
    [FILES.articles]: stored.articles,
    [FILES.lines]: stored.lines,
    [FILES.ids]: stored.ids,
    [FILES.columns]: stored.columns,
    [FILES.columnsBin]: stored.columnsBin,
    [FILES.textIndex]: JSON.stringify(textIndexFile),
    [FILES.postings]: postings,
    [FILES.labelPostings]: int32ToBytes(labels.stream),
    [FILES.forward]: forward.records,
    [FILES.vocabulary]: forward.vocabulary,
  };
  return { files, meta };
}

/** What a commit point over segments records (saveCommitPoint). */
export interface CommitPoint {
  base: string;
  /** The segments written before, oldest first. */
  segments: SegmentRef[];
  /** The writes of a new segment, if any: written into the commit point's own folder. */
  ops: readonly ArticleOp[];
  seq: number;
  articleCount: number;
  analyzer: AnalyzerSettings;
  sources?: SourceSummary;
  /** Versions named from this one on are not cleaned up: a fold under way writes its new base among them. */
  keepFrom?: string;
}

/**
 * Writes a commit point: a version holding only a new segment's writes (when there are any),
 * which names its base and every segment, its own included, and makes it live atomically.
 * Returns the version's name and its segments.
 */
export async function saveCommitPoint(directory: string, commit: CommitPoint): Promise<{ version: string; segments: SegmentRef[] }> {
  const meta: IndexMeta = {
    gazetteVersion: GAZETTE_VERSION,
    analyzer: commit.analyzer,
    articleCount: commit.articleCount,
    seq: commit.seq,
    base: commit.base,
    segments: commit.segments,
  };
  if (commit.sources !== undefined) meta.sources = commit.sources;
  const files: Record<string, VersionFile> = {};
  if (commit.ops.length > 0) files[SEGMENT_FILE] = encodeSegment(commit.ops);
  // The new segment is in the version being written, whose name is known once written: it
  // is listed as "self" and named on reading (see ownSegment).
  if (commit.ops.length > 0) meta.segments = [...commit.segments, { version: SELF, ops: commit.ops.length }];
  const uses = [commit.base, ...commit.segments.map((segment) => segment.version)];
  const version = await writeIndexVersion(directory, files, meta, uses, commit.keepFrom);
  return { version, segments: resolveSelf(meta.segments ?? [], version) };
}

// A commit point names its own segment so, having no name for itself until it is written.
const SELF = '.';

/** A commit point's segments, with the one it holds itself named by its version. */
export function resolveSelf(segments: readonly SegmentRef[], version: string): SegmentRef[] {
  return segments.map((segment) => (segment.version === SELF ? { ...segment, version } : segment));
}
