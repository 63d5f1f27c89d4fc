// npm run soak: the slow part of the hardening suite. Serves an index in a child
// process, loads it with autocannon on loopback (first alone, then beside attackers that
// send the costliest queries the limits allow), samples the server's RSS, then sends
// SIGTERM under load; prints a summary of what was sent and what survived.
//
// Usage: npm run soak -- [--index <dir>] [--seconds 60] [--connections 64] [--attackers 4] [--port 3917]
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SearchEngine } from '../src/index.js';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/tmp/gazette-soak-index' },
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    attackers: { type: 'string', default: '4' },
    port: { type: 'string', default: '3917' },
  },
});
const indexDirectory = values.index ?? '/tmp/gazette-soak-index';
const port = Number(values.port);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const attackers = Number(values.attackers);
const base = `http://127.0.0.1:${port}`;

async function ensureIndex(): Promise<void> {
  try {
    await SearchEngine.open(indexDirectory);
  } catch {
    console.error(`building ${indexDirectory} from ${values.corpus}…`);
    const { engine } = await SearchEngine.fromFiles([values.corpus ?? '']);
    await engine.save(indexDirectory);
  }
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--index', indexDirectory, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('serving')) resolve();
    });
  });
  return server;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

// Queries users type, and some they should not: each request a different path.
const QUERIES = [
  'oil',
  'cocoa exports',
  'interest rates',
  'opec oil prices',
  'gold',
  'wheat china',
  'yen dollar',
  'profit',
  'trade deficit',
  'coffee brazil',
];
const EXTRAS = [
  '&interval=day',
  '&sort=date',
  '&from=1987-03-01&to=1987-03-31',
  '&limit=100',
  '&offset=50',
  '&limit=-1',
  '&from=yesterday',
  '',
];

function requestPath(n: number): string {
  return `/search?q=${encodeURIComponent(QUERIES[n % QUERIES.length] ?? '')}${EXTRAS[(n * 7) % EXTRAS.length]}`;
}

// The costliest requests the limits allow (1,000 characters): words with ~ and *, phrases of
// common words, each request a different mix, so that no cache answers them.
const COMMON = ['company', 'market', 'shares', 'prices', 'billion', 'exports', 'government', 'interest', 'dollar', 'production'];
const STARTS = ['sta', 'com', 'pro', 'con', 'tra', 'pre', 'int', 'dis', 'per', 'mar', 'sal', 'exp'];
function attackPath(n: number): string {
  const pieces: string[] = [];
  for (let k = 0; pieces.join(' ').length < 950; k++) {
    const word = COMMON[(n + k) % COMMON.length] as string;
    const kinds = [
      `${word.slice(0, 6 + ((n + k) % 3))}~2`,
      `${STARTS[(n * 3 + k) % STARTS.length]}*`,
      `"${word} ${COMMON[(n * 7 + k) % COMMON.length]}"`,
      `title:${word}~2`,
    ];
    pieces.push(kinds[(n + k) % kinds.length] as string);
  }
  return `/search?q=${encodeURIComponent(pieces.join(' ').slice(0, 1000))}`;
}

function slope(samples: readonly [number, number][]): number {
  const n = samples.length;
  const meanX = samples.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = samples.reduce((sum, [, y]) => sum + y, 0) / n;
  const numerator = samples.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const denominator = samples.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return denominator === 0 ? 0 : numerator / denominator;
}

async function main(): Promise<void> {
  await ensureIndex();
  const server = await startServer();
  const pid = server.pid ?? 0;
  const rss: [number, number][] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    rssMb(pid).then(
      (mb) => rss.push([(Date.now() - started) / 1000, mb]),
      () => {},
    );
  }, 2_000);
  rss.push([0, await rssMb(pid)]);
  // Half the time alone, half beside the attackers: the same traffic, measured both ways.
  const half = Math.max(1, Math.round(seconds / 2));
  const alone = await normalLoad(half);
  const [besideAttack, attack] = await Promise.all([normalLoad(half), attackLoad(half)]);
  clearInterval(sampler);
  rss.push([(Date.now() - started) / 1000, await rssMb(pid)]);

  const faults = await sigtermUnderLoad(server);
  const summary = {
    seconds,
    connections,
    normal: { alone: outcome(alone), besideAttackers: outcome(besideAttack) },
    attackers: { connections: attackers, ...outcome(attack) },
    rssMb: {
      start: Math.round(rss[0]?.[1] ?? 0),
      end: Math.round(rss.at(-1)?.[1] ?? 0),
      slopeMbPerMinute: Math.round(slope(rss) * 60 * 10) / 10,
    },
    faults,
  };
  console.log(JSON.stringify(summary, null, 2));
  // The attackers may be told 503 (their searches outlast the budget); normal traffic never.
  const { alone: a, besideAttackers: b } = summary.normal;
  const failed = a['5xx'] + b['5xx'] > 0 || a.errors + b.errors > 0 || faults.some((fault) => !fault.survived);
  process.exitCode = failed ? 1 : 0;
}

let counter = 0;
function normalLoad(duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: requestPath(counter++) }) }],
  });
}

let attacks = 0;
function attackLoad(duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: attackers,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: attackPath(attacks++) }) }],
  });
}

function outcome(result: autocannon.Result) {
  const codes = result.statusCodeStats as Record<string, { count: number }>;
  const count = (prefix: string) =>
    Object.entries(codes).reduce((sum, [code, { count }]) => sum + (code.startsWith(prefix) ? count : 0), 0);
  return {
    requestsSent: result.requests.sent,
    '2xx': count('2'),
    '4xx': count('4'),
    '5xx': count('5'),
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requestsPerSecond: result.requests.average,
  };
}

// SIGTERM while requests are in flight: every request that was accepted gets its answer, then the process exits 0.
async function sigtermUnderLoad(server: ChildProcess): Promise<{ fault: string; survived: boolean; detail: string }[]> {
  const inFlight = Array.from({ length: 32 }, (_, n) =>
    fetch(`${base}${requestPath(n)}&limit=100&interval=day`).then(
      (response) => response.status,
      () => 0,
    ),
  );
  // Long enough for the connections to be accepted and their requests queued, not answered.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  server.kill('SIGTERM');
  const statuses = await Promise.all(inFlight);
  const code = await exited;
  const answered = statuses.filter((status) => status > 0 && status < 500).length;
  const refused = statuses.filter((status) => status === 0).length;
  const failed = statuses.filter((status) => status >= 500).length;
  return [
    {
      fault: 'SIGTERM under load',
      survived: failed === 0 && code === 0,
      detail: `${answered} in-flight requests answered, ${refused} refused after close, ${failed} failed; exit code ${code}`,
    },
  ];
}

await main();
