// One engine's benchmark, run in a child process of its own so that its memory
// figures are its own: build, memory, persistence, load, query latencies.
// Usage: node --expose-gc --import tsx bench/worker.ts <job.json> <result.json>
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchEngine, type SearchRequest } from '../src/index.js';
import { type BenchArticle, readCorpus } from './corpus.js';
import { type EngineKey, isGazette, peerEngine } from './engines.js';
import { isSelfMeasuring, type OwnProcessFigures, PeerUnavailableError } from './peers/types.js';
import type { BenchQuery } from './queries.js';
import { type Latencies, latencies } from './stats.js';

export interface WorkerJob {
  engine: EngineKey;
  corpus: string;
  queries: BenchQuery[];
  repetitions: number;
}

export interface WorkerResult {
  engine: EngineKey;
  name: string;
  articles: number;
  megabytes: number;
  buildSeconds: number;
  peakRssMb: number;
  heapAfterBuildMb: number;
  rssAfterBuildMb: number;
  persistedMb?: number;
  loadSeconds?: number;
  query: Latencies;
  /** Gazette only: the whole request (ranking, snippets, date facet), as the server answers it. */
  fullRequest?: Latencies;
  /**
   * Peers in a process of their own (Xapian): the process the figures above were measured in
   * (build, query times and memory are that process's own), and for context the build and
   * query times seen from this worker, the hand-over between the processes included.
   */
  measuredIn?: string;
  withHandOver?: { buildSeconds: number; query: Latencies };
}

/** An engine not installed on this machine (python3-xapian missing): its row says why. */
export interface WorkerSkipped {
  engine: EngineKey;
  skipped: string;
}

type Search = (query: BenchQuery) => unknown | Promise<unknown>;

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [jobPath, resultPath] = process.argv.slice(2);
  if (jobPath === undefined || resultPath === undefined) throw new Error('usage: worker.ts <job.json> <result.json>');
  const job = JSON.parse(await readFile(jobPath, 'utf8')) as WorkerJob;
  let articles: BenchArticle[] | undefined = await readCorpus(job.corpus);
  const count = articles.length;
  const megabytes = articles.reduce((sum, article) => sum + Buffer.byteLength(article.title) + Buffer.byteLength(article.body), 0) / MB;

  const started = performance.now();
  let built: BuiltEngine;
  try {
    built = await buildEngine(job.engine, articles);
  } catch (error) {
    if (!(error instanceof PeerUnavailableError)) throw error;
    const skipped: WorkerSkipped = { engine: job.engine, skipped: error.message };
    await writeFile(resultPath, JSON.stringify(skipped));
    return;
  }
  const buildSeconds = (performance.now() - started) / 1000;
  // The corpus as read is dropped before measuring: what stays is what the engine keeps.
  articles = undefined;
  collectGarbage();
  const memory = process.memoryUsage();

  const result: WorkerResult = {
    engine: job.engine,
    name: built.name,
    articles: count,
    megabytes: round(megabytes),
    buildSeconds: round(buildSeconds),
    peakRssMb: 0,
    // Typed arrays' contents live outside the JS heap; an engine's memory includes them.
    heapAfterBuildMb: round((memory.heapUsed + memory.arrayBuffers) / MB),
    rssAfterBuildMb: round(memory.rss / MB),
    query: await measure(built.rank, job.queries, job.repetitions),
  };
  if (built.full !== undefined) result.fullRequest = await measure(built.full, job.queries, job.repetitions);
  if (built.persist !== undefined) Object.assign(result, await built.persist());
  result.peakRssMb = round(process.resourceUsage().maxRSS / 1024);
  if (built.timedRank !== undefined && built.own !== undefined) await replaceWithOwnFigures(result, built.timedRank, built.own, job);
  await built.close?.();
  await writeFile(resultPath, JSON.stringify(result));
}

// A peer that measures itself in its own process: its figures replace this worker's, whose
// memory is not the engine's and whose timings include the round trip to the engine.
async function replaceWithOwnFigures(
  result: WorkerResult,
  timedRank: TimedSearch,
  figures: () => Promise<OwnProcessFigures>,
  job: WorkerJob,
): Promise<void> {
  const timed = await measureInside(timedRank, job.queries, job.repetitions);
  // Asked for after the searches, so that the peak includes them.
  const own = await figures();
  result.measuredIn = own.process;
  result.withHandOver = { buildSeconds: result.buildSeconds, query: result.query };
  result.buildSeconds = round(own.buildSeconds);
  result.query = timed;
  result.heapAfterBuildMb = round(own.rssAfterBuildMb);
  result.rssAfterBuildMb = round(own.rssAfterBuildMb);
  result.peakRssMb = round(own.peakRssMb);
  if (own.diskMb !== undefined) result.persistedMb = round(own.diskMb);
}

interface BuiltEngine {
  name: string;
  /** Bare ranking: the top 10 ids. */
  rank: Search;
  /** The same ranking as timed by the engine in its own process (see replaceWithOwnFigures). */
  timedRank?: TimedSearch;
  own?: () => Promise<OwnProcessFigures>;
  full?: Search;
  persist?: () => Promise<{ persistedMb: number; loadSeconds: number }>;
  close?: () => Promise<void>;
}

/** A search that resolves to the milliseconds the engine says it took. */
type TimedSearch = (query: BenchQuery) => Promise<number>;

async function buildEngine(key: EngineKey, articles: BenchArticle[]): Promise<BuiltEngine> {
  if (!isGazette(key)) {
    const peer = peerEngine(key);
    await peer.build(articles);
    const built: BuiltEngine = { name: peer.name, rank: (query) => peer.search(query.words, 10) };
    if (!isSelfMeasuring(peer)) return built;
    return {
      ...built,
      timedRank: async (query) => (await peer.timedSearch(query.words, 10)).ms,
      own: () => peer.figures(),
      close: () => peer.close(),
    };
  }
  const engine = await SearchEngine.fromArticles(articles.map((article) => ({ ...article, tags: [] })));
  const request = (query: BenchQuery): SearchRequest =>
    key === 'gazette-words'
      ? { q: query.words, limit: 10 }
      : {
          q: query.gazette,
          limit: 10,
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
        };
  return {
    name: key === 'gazette-words' ? "Gazette (the peers' plain words)" : 'Gazette',
    rank: (query) => engine.rank(request(query)),
    full: (query) => engine.search(request(query)),
    persist: async () => {
      const directory = join(tmpdir(), `gazette-bench-${process.pid}`);
      await engine.save(directory);
      const bytes = await directorySize(directory);
      const loadStarted = performance.now();
      await SearchEngine.open(directory);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      await rm(directory, { recursive: true, force: true });
      return { persistedMb: round(bytes / MB), loadSeconds: round(loadSeconds) };
    },
  };
}

// One warm-up pass, then `repetitions` passes over all queries; every query's time is a sample.
async function measure(search: Search, queries: readonly BenchQuery[], repetitions: number): Promise<Latencies> {
  for (const query of queries) await search(query);
  const samples: number[] = [];
  for (let pass = 0; pass < repetitions; pass++) {
    for (const query of queries) {
      const started = performance.now();
      await search(query);
      samples.push(performance.now() - started);
    }
  }
  const measured = latencies(samples);
  return { p50: round(measured.p50, 3), p95: round(measured.p95, 3), p99: round(measured.p99, 3), samples: measured.samples };
}

// As measure, with the times the engine reports for itself: one warm-up pass, then `repetitions` passes.
async function measureInside(search: TimedSearch, queries: readonly BenchQuery[], repetitions: number): Promise<Latencies> {
  for (const query of queries) await search(query);
  const samples: number[] = [];
  for (let pass = 0; pass < repetitions; pass++) {
    for (const query of queries) samples.push(await search(query));
  }
  const measured = latencies(samples);
  return { p50: round(measured.p50, 3), p95: round(measured.p95, 3), p99: round(measured.p99, 3), samples: measured.samples };
}

async function directorySize(directory: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the worker with --expose-gc');
  gc();
  gc();
}

function round(value: number, digits = 2): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

await main();
