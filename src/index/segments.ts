import { join } from 'node:path';
import type { Article } from '../article.js';
import { IndexCorruptError } from '../errors.js';
import type { IndexMeta, IndexParts } from './index-files.js';
import { bytesOfFile, readVersion } from './persistence.js';
import type { AnalyzedText } from './text-index.js';

/**
 * One write to an index, numbered: an article put (added, or replacing the one with its id)
 * or an id removed. Writes are numbered in the order they were acknowledged; replaying them
 * in that order, from any grouping into segments, gives the same index.
 */
export type ArticleOp = { seq: number; put: Article } | { seq: number; remove: string };

/** A segment of a commit point: the version whose `segment.jsonl` holds its writes, and how many. */
export interface SegmentRef {
  version: string;
  ops: number;
}

/** The file of a version that holds a segment's writes. */
export const SEGMENT_FILE = 'segment.jsonl';

/**
 * A segment's writes as JSON lines, in order: one buffer a line, never one string of them all
 * (V8's strings stop at 2^29 characters, about 500 MB, which a merged segment can pass).
 */
export function encodeSegment(ops: readonly ArticleOp[]): Buffer[] {
  const chunkBytes = 4 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let lines: Buffer[] = [];
  let bytes = 0;
  for (const op of ops) {
    const line = Buffer.from(`${JSON.stringify(op)}\n`, 'utf8');
    lines.push(line);
    bytes += line.length;
    // In chunks of a few MB: a write per line was most of the time a flush took.
    if (bytes >= chunkBytes) {
      chunks.push(Buffer.concat(lines, bytes));
      lines = [];
      bytes = 0;
    }
  }
  if (bytes > 0) chunks.push(Buffer.concat(lines, bytes));
  return chunks;
}

/** Reads a segment written by encodeSegment. Throws on a line that is not a write. */
export function decodeSegment(bytes: Buffer): ArticleOp[] {
  return [...segmentWrites(bytes)];
}

// The writes of a segment, a line decoded at a time (a whole segment may be too long for one string).
function* segmentWrites(bytes: Buffer): IterableIterator<ArticleOp> {
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    if (line === '') continue;
    const op = JSON.parse(line) as ArticleOp;
    if (typeof op.seq !== 'number' || !('put' in op || 'remove' in op)) throw new Error(`not a write: ${line.slice(0, 80)}`);
    yield op;
  }
}

/** The id an op writes. */
export function idOf(op: ArticleOp): string {
  return 'put' in op ? op.put.id : op.remove;
}

/** The last write of each id, in order: what merging segments keeps (an earlier write to an id is overwritten by the later one). */
export function compact(ops: readonly ArticleOp[]): ArticleOp[] {
  const last = new Map<string, ArticleOp>();
  for (const op of [...ops].sort((a, b) => a.seq - b.seq)) {
    const id = idOf(op);
    last.delete(id);
    last.set(id, op);
  }
  return [...last.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Applies writes to the parts of an index, in order: a put replaces the article with its id
 * (or adds it), a remove takes it out (a remove of an id not there does nothing).
 */
export function applyOps(
  parts: Pick<IndexParts, 'store' | 'textIndex'>,
  ops: Iterable<ArticleOp>,
  // The text of a put read when it arrived (TextIndex.analyze), if it was.
  analyzedOf: (op: ArticleOp) => AnalyzedText | undefined = () => undefined,
): void {
  const { store, textIndex } = parts;
  for (const op of ops) {
    const existing = store.numberOf(idOf(op));
    if (existing !== undefined) {
      textIndex.remove(existing);
      store.remove(existing);
    }
    if ('put' in op) textIndex.add(store.add(op.put), op.put, analyzedOf(op));
  }
}

/** How segments are merged: the merge policy's knobs. */
export interface MergePolicy {
  /** Segments of one size tier merged into one once this many gather (Lucene's segmentsPerTier, 10). */
  segmentsPerTier: number;
  /** Segments folded into a new base once they hold this share of the base's articles… */
  foldShare: number;
  /** …or this many writes, whichever is more. */
  foldMinOps: number;
}

/** The merge policy an index writer uses unless told otherwise. */
export const DEFAULT_MERGE_POLICY: MergePolicy = { segmentsPerTier: 10, foldShare: 0.05, foldMinOps: 2_000 };

/** What the merge policy asks for after a flush: nothing, merging some segments into one, or folding all into a new base. */
export type MergeStep = { kind: 'none' } | { kind: 'merge'; segments: SegmentRef[] } | { kind: 'fold' };

/**
 * Tiered by size, as Lucene's TieredMergePolicy: segments fall into tiers by the order of
 * magnitude of their writes, and a tier that holds `segmentsPerTier` of them is merged into
 * one segment of the next tier, so that a segment's writes are copied about log10(n) times.
 * Segments are replayed at open (their articles analysed again), so once they hold more than
 * a small share of the base they are folded into a new base instead, which bounds the open.
 */
export function nextMergeStep(
  segments: readonly SegmentRef[],
  baseArticles: number,
  policy: MergePolicy = DEFAULT_MERGE_POLICY,
): MergeStep {
  const total = segments.reduce((sum, segment) => sum + segment.ops, 0);
  if (segments.length > 0 && total > Math.max(policy.foldMinOps, policy.foldShare * baseArticles)) return { kind: 'fold' };
  const tiers = new Map<number, SegmentRef[]>();
  for (const segment of segments) {
    const tier = Math.floor(Math.log10(Math.max(1, segment.ops)));
    const members = tiers.get(tier) ?? [];
    members.push(segment);
    tiers.set(tier, members);
  }
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const members = tiers.get(tier) ?? [];
    if (members.length >= policy.segmentsPerTier) return { kind: 'merge', segments: members };
  }
  return { kind: 'none' };
}

/** The writes of a commit point's segments, in the order they were made. */
export async function segmentOps(directory: string, segments: readonly SegmentRef[]): Promise<ArticleOp[]> {
  const ops: ArticleOp[] = [];
  for (const segment of segments) {
    // One by one: a segment of a long bulk load holds more writes than a call takes arguments.
    for (const op of await readSegment(directory, segment)) ops.push(op);
  }
  return ops.sort((a, b) => a.seq - b.seq);
}

async function readSegment(directory: string, segment: SegmentRef): Promise<ArticleOp[]> {
  const { files } = await readVersion<IndexMeta>(directory, segment.version);
  try {
    return decodeSegment(bytesOfFile(files[SEGMENT_FILE] ?? Buffer.alloc(0), join(directory, segment.version, SEGMENT_FILE)));
  } catch (error) {
    throw new IndexCorruptError(join(directory, segment.version, SEGMENT_FILE), `cannot be read (${(error as Error).message})`);
  }
}

/** Applies a commit point's segments to `parts` in the order of their writes, holding one
 * segment's writes at a time when their numbers do not interleave (a merged segment is listed
 * after newer ones, but its writes are older), else all of them sorted together.
 */
export async function applySegments(directory: string, segments: readonly SegmentRef[], parts: IndexParts): Promise<void> {
  const ranges: { segment: SegmentRef; first: number; last: number }[] = [];
  for (const segment of segments) {
    const ops = await readSegment(directory, segment);
    if (ops.length > 0) ranges.push({ segment, first: (ops[0] as ArticleOp).seq, last: (ops.at(-1) as ArticleOp).seq });
  }
  ranges.sort((a, b) => a.first - b.first);
  const apart = ranges.every((range, at) => at === 0 || (ranges[at - 1] as { last: number }).last < range.first);
  if (!apart) {
    applyOps(parts, await segmentOps(directory, segments));
    return;
  }
  for (const { segment } of ranges) applyOps(parts, await readSegment(directory, segment));
}
