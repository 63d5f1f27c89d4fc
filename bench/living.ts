// The living archive, measured (docs/benchmarks.md, "A living archive"):
//
//   npx tsx bench/living.ts [--corpus reuters.jsonl] [--push 10000] [--searchers 8] [--kills 20] [--scale 1000000]
//
// 1. pushes: a server taking writes (--accept-writes, the admin token) over a base of Reuters articles; articles
//    pushed one by one, then in batches of 500, while `--searchers` clients search: articles/s
//    acknowledged, time from acknowledgement to searchable, search latency beside the pushes and alone;
// 2. kills: the server killed with SIGKILL at random moments while 4 clients push, `--kills` times;
//    after each, every acknowledged article must be there, each once;
// 3. scale (with --scale): a generated corpus built in one pass and through the writer (peak RSS,
//    time), both queried, and one article added to the big index and made durable (time, bytes).
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { SearchEngine } from '../src/index.js';
import { type BenchArticle, generateCorpus, readCorpus } from './corpus.js';
import { generateQueries } from './queries.js';
import { seededRandom } from './random.js';
import { freePort, startServer } from './server.js';
import { latencies } from './stats.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    push: { type: 'string', default: '10000' },
    searchers: { type: 'string', default: '8' },
    kills: { type: 'string', default: '20' },
    scale: { type: 'string' },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const KEY = 'living-bench-key';
const work = await mkdtemp(join(tmpdir(), 'gazette-living-'));
const real = await readCorpus(values.corpus);
const queries = generateQueries(real, 200);
const queryString = (n: number) => {
  const query = queries[n % queries.length];
  const dates = query?.from === undefined ? '' : `&from=${query.from}&to=${query.to}`;
  return `q=${encodeURIComponent(query?.gazette ?? '')}${dates}`;
};
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const asPushed = (article: BenchArticle, n: number) => ({ ...article, id: `push-${n}`, tags: [`pushtag${n}`, 'pushed'] });

// A server that takes writes, the bench's key being its admin token.
function startWriter(index: string, port: number): Promise<ChildProcess> {
  return startServer(index, port, { GAZETTE_ADMIN_TOKEN: KEY, GAZETTE_ACCEPT_WRITES: 'true', GAZETTE_LOG_LEVEL: 'warn' });
}

async function post(port: number, body: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/articles`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /articles answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { seq: number }).seq;
}

async function searchable(port: number, n: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/search?q=tags:pushtag${n}&limit=1&fields=id`);
  return ((await response.json()) as { total: number }).total > 0;
}

// `count` clients searching the bench queries until `until` resolves; returns their latencies.
async function searching(port: number, count: number, until: Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let done = false;
  until.finally(() => (done = true)).catch(() => undefined);
  const client = async (offset: number) => {
    for (let n = offset; !done; n += count) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/search?${queryString(n)}`);
      await response.arrayBuffer();
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: count }, (_, n) => client(n)));
  return samples;
}

async function pushes(count: number, searchers: number): Promise<void> {
  const index = join(work, 'push-index');
  const base = real.slice(2 * count);
  const engine = await SearchEngine.fromArticles(base.map((article) => ({ ...article, tags: [] })));
  await engine.save(index);
  const port = await freePort();
  const server = await startWriter(index, port);
  try {
    const alone = await searching(port, searchers, new Promise((resolve) => setTimeout(resolve, 10_000)));
    report('searches alone', alone);
    for (const [label, batch] of [
      ['one by one', 1],
      ['batches of 500', 500],
    ] as const) {
      const offset = label === 'one by one' ? 0 : count;
      const visibleAfter: number[] = [];
      const pushing = (async () => {
        const started = performance.now();
        const checks: Promise<void>[] = [];
        for (let at = 0; at < count; at += batch) {
          const articles = real.slice(offset + at, offset + at + batch).map((article, k) => asPushed(article, offset + at + k));
          await post(port, batch === 1 ? articles[0] : articles);
          const acked = performance.now();
          const last = offset + at + articles.length - 1;
          // Every 25th write (each batch's last article) timed until a search finds it.
          if (batch > 1 || at % 25 === 0) checks.push(timeUntilSearchable(port, last, acked).then((ms) => void visibleAfter.push(ms)));
        }
        const seconds = (performance.now() - started) / 1000;
        await Promise.all(checks);
        return seconds;
      })();
      const during = await searching(port, searchers, pushing);
      const seconds = await pushing;
      console.log(
        `${label}: ${count} articles in ${round(seconds)} s, ${round(count / seconds, 0)} articles/s acknowledged; ` +
          `acknowledged to searchable p50 ${round(latencies(visibleAfter).p50)} ms, p95 ${round(latencies(visibleAfter).p95)} ms, max ${round(Math.max(...visibleAfter))} ms`,
      );
      report(`searches during ${label}`, during);
    }
  } finally {
    // Let it commit and exit before its folder goes.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

async function timeUntilSearchable(port: number, n: number, acked: number): Promise<number> {
  while (!(await searchable(port, n))) await new Promise((resolve) => setTimeout(resolve, 10));
  return performance.now() - acked;
}

function report(label: string, samples: number[]): void {
  const { p50, p95, p99 } = latencies(samples);
  console.log(`${label}: ${samples.length} searches, p50 ${round(p50, 2)} ms, p95 ${round(p95, 2)} ms, p99 ${round(p99, 2)} ms`);
}

async function kills(times: number): Promise<void> {
  const index = join(work, 'kill-index');
  await (await SearchEngine.fromArticles(real.slice(0, 1000).map((article) => ({ ...article, tags: [] })))).save(index);
  const random = seededRandom(20);
  const acked = new Set<number>();
  let next = 0;
  let missing = 0;
  let duplicated = 0;
  for (let kill = 0; kill < times; kill++) {
    const port = await freePort();
    const server = await startWriter(index, port);
    let stop = false;
    const pusher = async () => {
      while (!stop) {
        const ids = Array.from({ length: 20 }, () => next++);
        const articles = ids.map((n) => asPushed(real[n % real.length] as BenchArticle, n));
        try {
          await post(port, articles);
          for (const n of ids) acked.add(n);
        } catch {
          return; // killed: this batch was not acknowledged
        }
      }
    };
    const pushers = Array.from({ length: 4 }, pusher);
    await new Promise((resolve) => setTimeout(resolve, 300 + random() * 1200));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    stop = true;
    await exited;
    await Promise.all(pushers);
    const reopened = await SearchEngine.open(index, { write: true });
    for (const n of acked) if (reopened.article(`push-${n}`) === undefined) missing++;
    const pushedHere = [...reopened.ids()].filter((id) => id.startsWith('push-')).length;
    // Each article once: the postings of a word every pushed article has count each article once.
    const counted = reopened.search({ q: 'tags:pushed', limit: 1 }).total;
    duplicated += Math.abs(counted - pushedHere);
    await reopened.close();
  }
  console.log(
    `kills: ${times} SIGKILLs while 4 clients pushed; ${acked.size} articles acknowledged, ${missing} missing after restart, ${duplicated} duplicated`,
  );
}

async function scale(count: number): Promise<void> {
  const corpus = join(work, `generated-${count}.jsonl`);
  await generateCorpus(real, count, corpus);
  const built: Record<string, { seconds: number; peakRssMb: number; writtenMb: number | null }> = {};
  for (const mode of ['one-pass', 'writer']) {
    const out = join(work, `scale-${mode}`);
    // GNU time's %M: the largest resident set of the build or of any process it started (a fold).
    const { stdout, stderr } = await promisify(execFile)(
      '/usr/bin/time',
      ['-f', 'tree-max-rss-kb %M', process.execPath, '--import', 'tsx', 'bench/living-build.ts', mode, corpus, out],
      { maxBuffer: 1 << 20 },
    );
    built[mode] = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    const treeKb = Number(/tree-max-rss-kb (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
    const engine = await SearchEngine.open(out);
    const times: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const { gazette, from, to } of queries) {
        const started = performance.now();
        engine.rank({ q: gazette, limit: 10, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
        if (pass === 1) times.push(performance.now() - started);
      }
    }
    const { p50, p99 } = latencies(times);
    console.log(
      `${count} generated, ${mode}: build ${round(built[mode]?.seconds ?? 0)} s, peak RSS ${round(built[mode]?.peakRssMb ?? 0, 0)} MB ` +
        `(largest of it and its folds ${round(treeKb / 1024, 0)} MB), ` +
        `written ${round(built[mode]?.writtenMb ?? 0, 0)} MB; bare query p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`,
    );
  }
  const out = join(work, 'scale-writer');
  const engine = await SearchEngine.open(out, { write: true });
  // Twenty articles added one at a time, each made durable before the next (the first right
  // after the build, while the disk still writes the build's pages back).
  const durable: number[] = [];
  const bytes: number[] = [];
  for (let n = 0; n < 20; n++) {
    const before = await writtenBytes();
    const started = performance.now();
    engine.add({ id: `one-more-${n}`, title: 'One more story', body: `Added to a large index and made durable, number ${n}.`, tags: [] });
    await engine.commit();
    durable.push(performance.now() - started);
    bytes.push((await writtenBytes()) - before);
  }
  const bytesBefore = await writtenBytes();
  const started = performance.now();
  await engine.flush();
  const flushedMs = performance.now() - started;
  const bytesFlushed = (await writtenBytes()) - bytesBefore;
  console.log(
    `one article added to ${count} and made durable (logged, fsynced): first ${round(durable[0] ?? 0, 1)} ms, ` +
      `then p50 ${round(latencies(durable.slice(1)).p50, 1)} ms, max ${round(Math.max(...durable.slice(1)), 1)} ms; ${bytes[1]} bytes written each; ` +
      `the 20 into a segment and commit point: ${round(flushedMs, 1)} ms, ${bytesFlushed} bytes`,
  );
  await engine.close();
}

async function writtenBytes(): Promise<number> {
  return Number((await readFile('/proc/self/io', 'utf8').catch(() => '')).match(/wchar: (\d+)/)?.[1] ?? 0);
}

try {
  if (!values.skip.includes('push')) await pushes(Number(values.push), Number(values.searchers));
  if (!values.skip.includes('kills')) await kills(Number(values.kills));
  if (values.scale !== undefined) await scale(Number(values.scale));
} finally {
  await rm(work, { recursive: true, force: true });
}
