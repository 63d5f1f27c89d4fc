import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateCorpus, readCorpus } from './corpus.js';
import { ENGINE_KEYS, type EngineKey } from './engines.js';
import { generateQueries } from './queries.js';
import type { WorkerJob, WorkerResult, WorkerSkipped } from './worker.js';

export interface BenchOptions {
  /** The real corpus (JSON lines) that scaled corpora are generated from. */
  corpus: string;
  /** Corpus sizes beyond the real one, generated from it. */
  scales: number[];
  engines: EngineKey[];
  queries: number;
  repetitions: number;
  /** Use only this many articles of the real corpus (for a quick smoke run). */
  limit?: number;
  /** Where to write bench.md and bench.json. */
  out: string;
  log: (line: string) => void;
}

export interface BenchRun {
  machine: { cpus: string; cores: number; memoryGb: number; node: string };
  startedAt: string;
  corpora: { label: string; articles: number; results: (WorkerResult | WorkerSkipped | { engine: EngineKey; error: string })[] }[];
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Runs every engine on every corpus size, each in its own process, and writes the table. */
export async function runBenchmark(options: BenchOptions): Promise<BenchRun> {
  const os = await import('node:os');
  const run: BenchRun = {
    machine: {
      cpus: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    startedAt: new Date().toISOString(),
    corpora: [],
  };
  const work = await mkdtemp(join(tmpdir(), 'gazette-bench-'));
  try {
    const real = await readCorpus(options.corpus, options.limit);
    const base = join(work, 'corpus-base.jsonl');
    await writeFile(base, `${real.map((article) => JSON.stringify(article)).join('\n')}\n`);
    const queries = generateQueries(real, options.queries);
    const corpora = [{ label: `${real.length} real`, path: base, articles: real.length }];
    for (const scale of options.scales) {
      const path = join(work, `corpus-${scale}.jsonl`);
      options.log(`generating ${scale} articles…`);
      await generateCorpus(real, scale, path);
      corpora.push({ label: `${scale} generated`, path, articles: scale });
    }
    for (const corpus of corpora) {
      const entry: BenchRun['corpora'][number] = { label: corpus.label, articles: corpus.articles, results: [] };
      run.corpora.push(entry);
      for (const engine of options.engines) {
        options.log(`${corpus.label}: ${engine}…`);
        const result = await runWorker(work, { engine, corpus: corpus.path, queries, repetitions: options.repetitions });
        if ('skipped' in result) options.log(`${corpus.label}: ${engine} skipped: ${result.skipped}`);
        entry.results.push(result);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, 'bench.json'), JSON.stringify(run, null, 2));
  await writeFile(join(options.out, 'bench.md'), renderMarkdown(run));
  return run;
}

async function runWorker(work: string, job: WorkerJob): Promise<WorkerResult | WorkerSkipped | { engine: EngineKey; error: string }> {
  const jobPath = join(work, `job-${job.engine}.json`);
  const resultPath = join(work, `result-${job.engine}.json`);
  await writeFile(jobPath, JSON.stringify(job));
  try {
    await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', WORKER, jobPath, resultPath],
      {
        // The repository root (bench/worker.ts is one level down), where tsx resolves from.
        cwd: dirname(dirname(WORKER)),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(await readFile(resultPath, 'utf8')) as WorkerResult | WorkerSkipped;
  } catch (error) {
    const message = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') || (error as Error).message;
    return { engine: job.engine, error: message };
  }
}

/** The run as markdown: one table per corpus size. */
export function renderMarkdown(run: BenchRun): string {
  const lines = [
    `Machine: ${run.machine.cpus}, ${run.machine.cores} cores, ${run.machine.memoryGb} GB, Node ${run.machine.node}. Run ${run.startedAt}.`,
    '',
  ];
  for (const corpus of run.corpora) {
    lines.push(`### ${corpus.label} articles`, '');
    lines.push(
      '| engine | build s | articles/s | MB/s | heap + buffers after build MB | peak RSS MB | on disk MB | load s | query p50 ms | p95 | p99 | full request p50 ms |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const result of corpus.results) {
      if ('error' in result) {
        lines.push(`| ${result.engine} | failed: ${result.error.replace(/\|/g, '/')} |`);
        continue;
      }
      if ('skipped' in result) {
        lines.push(`| ${result.engine} | skipped: ${result.skipped.replace(/\|/g, '/')} |`);
        continue;
      }
      const cells = [
        result.name,
        result.buildSeconds,
        Math.round(result.articles / result.buildSeconds),
        Math.round((result.megabytes / result.buildSeconds) * 100) / 100,
        result.heapAfterBuildMb,
        result.peakRssMb,
        result.persistedMb ?? '—',
        result.loadSeconds ?? '—',
        result.query.p50,
        result.query.p95,
        result.query.p99,
        result.fullRequest?.p50 ?? '—',
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('', ...ownProcessNotes(corpus.results));
  }
  return lines.join('\n');
}

// Where a peer's figures come from its own process, the table says so, with the times seen
// from the worker (the round trip between the processes included) for context.
function ownProcessNotes(results: BenchRun['corpora'][number]['results']): string[] {
  const notes: string[] = [];
  for (const result of results) {
    if (!('measuredIn' in result) || result.measuredIn === undefined || result.withHandOver === undefined) continue;
    const seen = result.withHandOver;
    notes.push(
      `${result.name}: build, query times and memory (RSS after build, peak RSS) measured in ${result.measuredIn}; ` +
        `seen from the worker, with the hand-over between the processes: build ${seen.buildSeconds} s, ` +
        `query p50 ${seen.query.p50} ms, p95 ${seen.query.p95} ms, p99 ${seen.query.p99} ms.`,
      '',
    );
  }
  return notes;
}

export { ENGINE_KEYS };
