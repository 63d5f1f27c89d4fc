// Searches answered in the server's own thread against search threads (issue 25's "every core"):
// the same work, side by side in one run, with --search-threads 1 and N.
//
//   npm run build-index -- --input ../shared/corpora/reuters21578/reuters21578.jsonl --out /tmp/reuters-index
//   npx tsx bench/threads.ts --index /tmp/reuters-index [--threads 2] [--duration 10] [--rounds 3]
//
// A server for each setting runs in its own process (bench/server.ts), and autocannon, here,
// sends to one then the other, round after round (the median round is shown): cheap queries
// (bench/http.ts's twelve) at 1 and at 16 connections; then the same 16 connections while 2 more
// send the costliest queries the limits allow (bench/costly-queries.ts, 10-20 ms of CPU each on
// Reuters), each kind reported apart. The load generator runs on the same machine; its CPU per
// request is shown, with the server's main thread's and all its threads'.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { worstKnownQueries } from './costly-queries.js';
import { REUTERS_QUERIES } from './reuters-queries.js';
import { freePort, startServer } from './server.js';

const CHEAP = REUTERS_QUERIES;
const EXPENSIVE = Object.values(worstKnownQueries());

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/tmp/reuters-index' },
    threads: { type: 'string', default: String(availableParallelism()) },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const settings = [1, Number(values.threads)];

/**
 * One load's figures: requests a second and latencies in ms, the answers that were not 2xx, and
 * the CPU the server's main thread and all its threads took per request (ms), which tell what
 * the server would do with cores to itself when other work shares them.
 */
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  mainCpuMs?: number;
  allCpuMs?: number;
  /** CPU ms per request of this process, autocannon's: what the server could not have. */
  loadCpuMs?: number;
}

// CPU ms a thread of the server has used (Linux: /proc/<pid>/task/<tid>/stat; the main thread's tid is the pid), or the whole process's.
function cpuMsOf(pid: number, tid?: number): number {
  const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime, fields 14 and 15 of stat (11 and 12 after the command's closing parenthesis), in ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measured(pid: number, run: () => Promise<Figures[]>): Promise<Figures[]> {
  const [main, all, here] = [cpuMsOf(pid, pid), cpuMsOf(pid), process.cpuUsage()];
  const figures = await run();
  const requests = figures.reduce((sum, f) => sum + f.rps * duration, 0);
  const used = process.cpuUsage(here);
  const shares = {
    mainCpuMs: (cpuMsOf(pid, pid) - main) / requests,
    allCpuMs: (cpuMsOf(pid) - all) / requests,
    loadCpuMs: (used.user + used.system) / 1000 / requests,
  };
  return figures.map((f) => ({ ...f, ...shares }));
}

function load(port: number, queries: readonly string[], connections: number, seconds: number): Promise<Figures> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: queries.map((q) => ({ method: 'GET', path: `/search?q=${encodeURIComponent(q)}` })),
  }).then((result) => ({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  }));
}

// Each load's runs by setting (index of `settings`), by the load's name.
const rows = new Map<string, Figures[][]>();
function record(name: string, setting: number, figures: Figures): void {
  const row = rows.get(name) ?? settings.map(() => []);
  row[setting]?.push(figures);
  rows.set(name, row);
}

// The run of median throughput: the figures of one run, not a mix of several.
function median(runs: readonly Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Figures;
}

// Both servers run throughout, and each load runs on one then the other, round after round: a
// machine whose other work comes and goes then weighs on both settings alike.
const servers = await Promise.all(
  settings.map(async (threads) => {
    const port = await freePort();
    return { port, process: await startServer(String(values.index), port, { GAZETTE_SEARCH_THREADS: String(threads) }) };
  }),
);
try {
  // Warm-up: every thread compiles the search code before anything is counted.
  for (const { port } of servers) await load(port, [...CHEAP, ...EXPENSIVE], 4, 3);
  for (let round = 0; round < rounds; round++) {
    for (const [setting, { port, process: server }] of servers.entries()) {
      const pid = server.pid as number;
      const [alone] = await measured(pid, async () => [await load(port, CHEAP, 1, duration)]);
      record('cheap, 1 connection', setting, alone as Figures);
      const [many] = await measured(pid, async () => [await load(port, CHEAP, 16, duration)]);
      record('cheap, 16 connections', setting, many as Figures);
      const [cheap, expensive] = await measured(pid, () =>
        Promise.all([load(port, CHEAP, 16, duration), load(port, EXPENSIVE, 2, duration)]),
      );
      record('cheap, 16 connections, beside expensive', setting, cheap as Figures);
      record('expensive, 2 connections, beside cheap', setting, expensive as Figures);
    }
  }
} finally {
  for (const { process: server } of servers) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const header = settings.map(
  (threads) => `${threads} thread${threads === 1 ? '' : 's'}: req/s, p50, p99 ms; CPU ms/req main, all (autocannon)`,
);
console.log(
  `Index ${values.index}; ${duration} s per load, the median of ${rounds} rounds; node ${process.version}; ${availableParallelism()} CPUs`,
);
console.log(`| load | ${header.join(' | ')} | throughput ×${settings[1]} / ×1 |`);
console.log(`| --- | ${settings.map(() => '---:').join(' | ')} | ---: |`);
for (const [name, runs] of rows) {
  const figures = runs.map(median);
  const cells = figures.map(
    (f) =>
      `${f.rps.toFixed(0)}, ${f.p50}, ${f.p99}; ${f.mainCpuMs?.toFixed(2)}, ${f.allCpuMs?.toFixed(2)} (${f.loadCpuMs?.toFixed(2)})${f.non2xx > 0 ? ` (${f.non2xx} non-2xx)` : ''}`,
  );
  const ratio = (figures[1]?.rps ?? 0) / (figures[0]?.rps ?? 1);
  console.log(`| ${name} | ${cells.join(' | ')} | ${ratio.toFixed(2)} |`);
}
