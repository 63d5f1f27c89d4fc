// Over 400 lines, for a reason: durability (the log), visibility (refresh) and the commit
// points (flush, merge, fold) share the numbering of writes; apart, each would re-derive it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Article } from '../article.js';
import { IndexNotWritableError } from '../errors.js';
import { type IndexMeta, resolveSelf, saveCommitPoint } from './index-files.js';
import { holdIndexLock, type IndexLockHold } from './index-lock.js';
import type { Manifest } from './persistence.js';
import {
  type ArticleOp,
  compact,
  DEFAULT_MERGE_POLICY,
  idOf,
  type MergePolicy,
  nextMergeStep,
  type SegmentRef,
  segmentOps,
} from './segments.js';
import { WriteAheadLog } from './write-ahead-log.js';

/** What an index writer changes: the index in memory (the SearchEngine gives it). */
export interface WriterTarget {
  /** Applies writes to the index in memory, making them searchable. */
  apply(ops: readonly ArticleOp[]): void;
  /** How many articles the index in memory holds. */
  readonly size: number;
  /** The meta a commit point carries over (analyzer, sources). */
  readonly meta: Pick<IndexMeta, 'analyzer' | 'sources'>;
}

/** When a writer makes writes searchable and writes segments on its own. */
export interface WriterSchedule {
  /** Writes become searchable within this time without a `refresh` (as Elasticsearch's refresh_interval). */
  refreshIntervalMs: number;
  /** Writes not yet in a segment are flushed into one after this time… */
  flushIntervalMs: number;
  /** …or once this many gather. */
  flushOps: number;
  mergePolicy: MergePolicy;
}

// After a fold failed (a full disk), how long the writer waits before it tries another.
const FOLD_RETRY_MS = 60_000;

/** The schedule of a writer unless told otherwise. */
export const DEFAULT_WRITER_SCHEDULE: WriterSchedule = {
  // Half Elasticsearch's second, so that a write is searchable within a second even at a slow refresh.
  refreshIntervalMs: 500,
  flushIntervalMs: 5_000,
  flushOps: 10_000,
  mergePolicy: DEFAULT_MERGE_POLICY,
};

/** Where a writer's index stands: the live commit point and the numbers of its writes. */
export interface WriterState {
  /** The version CURRENT names. */
  version: string;
  /** The last write taken. */
  acceptedSeq: number;
  /** The last write that is durable (in the log or a segment). */
  durableSeq: number;
  /** The last write searchable. */
  visibleSeq: number;
  /** The last write in a commit point's segments or base. */
  committedSeq: number;
  /** Segments of the live commit point. */
  segments: number;
}

/**
 * The one writer of an index folder, as in Lucene and Tantivy: writes are numbered, logged
 * (write-ahead-log.ts) and acknowledged once fsynced; applied to the index in memory on a
 * refresh; and written as immutable segments over a base version by a flush, each flush a
 * commit point that names the base and the live segments atomically (CURRENT). A tiered
 * merge policy merges small segments, and folds them into a new base once they grow.
 */
export class IndexWriter {
  private pending: ArticleOp[] = [];
  private readonly pendingById = new Map<string, Article | null>();
  private unflushed: ArticleOp[] = [];
  private lastSeq: number;
  private durableSeq: number;
  private visibleSeq: number;
  private commit: { version: string; base: string; segments: SegmentRef[]; seq: number };
  private commitArticleCount: number;
  private visibleWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private maintenance: Promise<unknown> = Promise.resolve();
  private folding: Promise<void> | undefined;
  private foldingFrom: string | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastFlushMs = Date.now();
  private closed = false;
  private closing: Promise<void> | undefined;
  private flushAsked = false;
  private foldFailedAt = Number.NEGATIVE_INFINITY;
  private failure: IndexNotWritableError | undefined;

  private constructor(
    private readonly directory: string,
    private readonly lock: IndexLockHold,
    private readonly log: WriteAheadLog,
    private readonly target: WriterTarget,
    private readonly schedule: WriterSchedule,
    manifest: Manifest<IndexMeta>,
  ) {
    const seq = manifest.meta.seq ?? 0;
    this.commitArticleCount = manifest.meta.articleCount;
    this.lastSeq = this.durableSeq = this.visibleSeq = seq;
    this.commit = {
      version: manifest.version,
      base: manifest.meta.base ?? manifest.version,
      segments: resolveSelf(manifest.meta.segments ?? [], manifest.version),
      seq,
    };
  }

  /**
   * Takes the folder's lock (IndexLockedError when another writer has it), then `load`s the
   * live commit point, replays the log's acknowledged writes that it lacks and flushes them
   * into a segment, so that what was acknowledged before a crash is searchable and committed.
   */
  static async open(
    directory: string,
    load: () => Promise<{ target: WriterTarget; manifest: Manifest<IndexMeta> }>,
    schedule: WriterSchedule = DEFAULT_WRITER_SCHEDULE,
  ): Promise<IndexWriter> {
    const lock = await holdIndexLock(directory);
    try {
      const { target, manifest } = await lock.run(load);
      const { log, records } = await WriteAheadLog.open<ArticleOp>(directory);
      const writer = new IndexWriter(directory, lock, log, target, schedule, manifest);
      writer.replay(records);
      await writer.flush();
      writer.startTimers();
      return writer;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  // The log's writes the commit point lacks, once each (a write is in the log until a commit holds it).
  private replay(records: readonly ArticleOp[]): void {
    for (const op of records) {
      if (op.seq <= this.lastSeq) continue;
      this.lastSeq = this.durableSeq = op.seq;
      this.pending.push(op);
      this.unflushed.push(op);
    }
    this.refresh();
  }

  private startTimers(): void {
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.schedule.refreshIntervalMs, () => this.refresh());
    every(Math.min(this.schedule.flushIntervalMs, 1_000), () => {
      if (this.unflushed.length > 0 && Date.now() - this.lastFlushMs >= this.schedule.flushIntervalMs)
        void this.flushSegment().catch(() => undefined);
    });
  }

  /** Logs an article put (added, or replacing the one with its id); returns the write's number. Durable after `sync`. */
  put(article: Article): number {
    return this.write({ seq: 0, put: article });
  }

  /** Logs the removal of an id; returns the write's number. Durable after `sync`. */
  remove(id: string): number {
    return this.write({ seq: 0, remove: id });
  }

  private write(op: ArticleOp): number {
    this.refuseIfUnusable();
    const seq = ++this.lastSeq;
    const numbered = { ...op, seq } as ArticleOp;
    this.log.append(numbered);
    this.pending.push(numbered);
    this.unflushed.push(numbered);
    this.pendingById.set(idOf(numbered), 'put' in numbered ? numbered.put : null);
    if (this.unflushed.length >= this.schedule.flushOps && !this.flushAsked) {
      // One flush asked at a time: while one is written, every write past the threshold would queue another.
      this.flushAsked = true;
      void this.flushSegment()
        .catch(() => undefined)
        .finally(() => (this.flushAsked = false));
    }
    return seq;
  }

  /** The article with this id as the latest write left it, when a write not yet searchable touched it; null when removed. */
  pendingArticle(id: string): Article | null | undefined {
    return this.pendingById.get(id);
  }

  /** Makes every write so far durable (one fsync for all, however many); returns the last durable write's number. */
  async sync(): Promise<number> {
    this.refuseIfUnusable();
    const seq = this.lastSeq;
    await this.logged(this.log.sync());
    this.durableSeq = Math.max(this.durableSeq, seq);
    return seq;
  }

  // A write or fsync of the log that failed may have lost pages: acknowledging anything after
  // it would lie, so the writer takes nothing more (opening the index again recovers what was).
  private async logged<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      this.failure ??= new IndexNotWritableError(
        `${this.directory}: the write-ahead log could not be written (${(error as Error).message}); writes are refused until the index is opened again, which recovers every write acknowledged before`,
      );
      throw this.failure;
    }
  }

  /** Applies every logged write to the index in memory; returns the last searchable write's number. */
  refresh(): number {
    if (this.pending.length > 0) {
      const ops = this.pending;
      this.pending = [];
      this.pendingById.clear();
      this.target.apply(ops);
      this.visibleSeq = (ops.at(-1) as ArticleOp).seq;
    }
    const waiting = this.visibleWaiters;
    this.visibleWaiters = waiting.filter((waiter) => waiter.seq > this.visibleSeq);
    for (const waiter of waiting) if (waiter.seq <= this.visibleSeq) waiter.resolve();
    return this.visibleSeq;
  }

  /** Resolves once the write numbered `seq` is searchable (at the next refresh, within refreshIntervalMs). */
  visible(seq: number): Promise<void> {
    if (seq <= this.visibleSeq) return Promise.resolve();
    return new Promise((resolve) => this.visibleWaiters.push({ seq, resolve }));
  }

  /** Where the index stands. */
  state(): WriterState {
    return {
      version: this.commit.version,
      acceptedSeq: this.lastSeq,
      durableSeq: this.durableSeq,
      visibleSeq: this.visibleSeq,
      committedSeq: this.commit.seq,
      segments: this.commit.segments.length,
    };
  }

  /**
   * Writes the writes not yet in a segment as a new segment and commit point (so that other
   * processes reading the folder see them), then merges as the policy asks. One at a time.
   * Returns the live version.
   */
  async flush(): Promise<string> {
    await this.flushSegment();
    if (this.folding !== undefined) {
      // A fold under way (or started by this flush) ends first; then the policy again, over the
      // segments flushed while it ran, which may hold enough for another.
      await this.folding;
      await this.flushSegment();
      await this.folding;
    }
    return this.commit.version;
  }

  // A flush that does not wait for a fold: writes go on into segments while one runs, so that
  // neither they nor the memory that holds them wait for a whole index to be written.
  private flushSegment(): Promise<string> {
    const next = this.maintenance.then(() => this.flushNow());
    this.maintenance = next.catch(() => undefined);
    return next;
  }

  private async flushNow(): Promise<string> {
    if (this.unflushed.length > 0) {
      // Made searchable, taken, and the log switched to a new file in one step: the old files
      // then hold exactly these writes, and the index in memory exactly their articles.
      this.refresh();
      const ops = this.unflushed;
      this.unflushed = [];
      const seq = (ops.at(-1) as ArticleOp).seq;
      const articleCount = this.target.size;
      let oldLogs: string[];
      try {
        oldLogs = await this.logged(this.log.rotate());
        await this.writeCommit(this.commit.segments, compact(ops), seq, articleCount);
      } catch (error) {
        // Not in a commit point: they stay for the next flush, and their log files stay on disk.
        this.unflushed = [...ops, ...this.unflushed];
        throw error;
      }
      await this.log.removeFiles(oldLogs);
      this.lastFlushMs = Date.now();
    }
    await this.mergeAsPolicyAsks();
    return this.commit.version;
  }

  private async mergeAsPolicyAsks(): Promise<void> {
    // While a fold runs, the segments it folds must stay as they are; new ones only gather.
    if (this.folding !== undefined) return;
    const step = nextMergeStep(this.commit.segments, this.target.size, this.schedule.mergePolicy);
    if (step.kind === 'merge') {
      const merged = new Set(step.segments.map((segment) => segment.version));
      const ops = compact(await segmentOps(this.directory, step.segments));
      const kept = this.commit.segments.filter((segment) => !merged.has(segment.version));
      await this.writeCommit(kept, ops, this.commit.seq, this.commitArticleCount);
    } else if (step.kind === 'fold' && Date.now() - this.foldFailedAt > FOLD_RETRY_MS) {
      this.folding = this.fold().finally(() => (this.folding = undefined));
      // Whoever waits for it (flush, close) hears of its failure; the automatic flushes do not.
      this.folding.catch(() => undefined);
    }
  }

  // Folds the live commit point's segments into a new base in another process; the segments
  // flushed meanwhile stay, over the new base. Their writes are all newer than the folded ones.
  private async fold(): Promise<void> {
    const folded = new Set(this.commit.segments.map((segment) => segment.version));
    // The new base is named after this commit point, and no commit point uses it until the swap:
    // the commit points flushed meanwhile must not clean it up.
    this.foldingFrom = this.commit.version;
    try {
      let base: string;
      try {
        base = await foldInAnotherProcess(this.directory, this.commit.version);
      } catch (error) {
        // The segments stay (and are searched, and opened): tried again in a while, not at every flush.
        this.foldFailedAt = Date.now();
        throw error;
      }
      const swap = this.maintenance.then(async () => {
        // A writer closed meanwhile (after its log failed) gave its lock up: the new base stays
        // unnamed, and goes with a later cleanup.
        if (this.closed) return;
        // This commit point names the new base itself: its cleanup may take what the fold kept.
        this.foldingFrom = undefined;
        const kept = this.commit.segments.filter((segment) => !folded.has(segment.version));
        await this.writeCommit(kept, [], this.commit.seq, this.commitArticleCount, base);
      });
      this.maintenance = swap.catch(() => undefined);
      await swap;
    } finally {
      this.foldingFrom = undefined;
    }
  }

  private async writeCommit(
    segments: SegmentRef[],
    ops: readonly ArticleOp[],
    seq: number,
    articleCount: number,
    base = this.commit.base,
  ): Promise<void> {
    const written = await this.lock.run(() =>
      saveCommitPoint(this.directory, {
        base,
        segments,
        ops,
        seq,
        articleCount,
        ...this.target.meta,
        ...(this.foldingFrom === undefined ? {} : { keepFrom: this.foldingFrom }),
      }),
    );
    this.commit = { version: written.version, base, segments: written.segments, seq };
    this.commitArticleCount = articleCount;
  }

  /** Makes everything visible and committed, then gives the lock up. The writer takes no writes after. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.refresh();
    try {
      if (this.failure === undefined) await this.flush();
      // After a failure of the log its files are closed as they are: the error was reported.
      await this.log.close().catch((error: unknown) => {
        if (this.failure === undefined) throw error;
      });
    } finally {
      this.closed = true;
      await this.lock.release();
    }
  }

  private refuseIfUnusable(): void {
    if (this.closed || this.closing !== undefined) throw new IndexNotWritableError(`${this.directory}: the index was closed for writing`);
    if (this.failure !== undefined) throw this.failure;
  }
}

// Loads the commit point and writes it as one version in a child process (fold-process.ts): the
// work of a whole build, which in this process would stop its searches for seconds.
async function foldInAnotherProcess(directory: string, version: string): Promise<string> {
  // import.meta.url: the sources (tsx) or the ES module build; the CommonJS bundle (dist/cjs) has none, and runs the build's script.
  const here = import.meta.url as string | undefined;
  const fromSource = here?.endsWith('.ts') ?? false;
  const script =
    here === undefined
      ? join(__dirname, '..', 'index', 'fold-process.js')
      : fileURLToPath(new URL(fromSource ? './fold-process.ts' : './fold-process.js', here));
  const { stdout } = await promisify(execFile)(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), script, directory, version], {
    maxBuffer: 1 << 16,
  });
  const folded = stdout.trim();
  if (!/^v-[\w-]{1,80}$/.test(folded)) throw new Error(`the fold of ${version} printed no version: ${stdout.slice(0, 200)}`);
  return folded;
}
