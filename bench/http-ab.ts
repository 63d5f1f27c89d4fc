// Two Gazette servers on one index, this checkout's and another's (the code before a change),
// driven in turn in short slices so that the shared machine's drift falls on both alike: the
// median requests/s, latency and CPU a request of each, and the median of the paired ratios.
// Runs of bench/http.ts one after the other drifted more than the changes they compared.
//
//   git worktree add /tmp/gazette-before <commit> && ln -s "$PWD/node_modules" /tmp/gazette-before/
//   npx tsx bench/http-ab.ts --before /tmp/gazette-before --index /tmp/reuters-index [--slices 8] [--seconds 4] [--concurrency 1,16]
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { REUTERS_QUERIES } from './reuters-queries.js';
import { freePort, startServer } from './server.js';
import { quantile } from './stats.js';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    index: { type: 'string', default: '/tmp/reuters-index' },
    slices: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '1,16' },
  },
});
if (values.before === undefined) throw new Error('--before <another Gazette checkout> is required');
const requests = REUTERS_QUERIES.map((q) => ({ method: 'GET' as const, path: `/search?q=${encodeURIComponent(q)}` }));

const median = (samples: number[]) => quantile(samples, 0.5);

interface Slice {
  rps: number;
  p50: number;
  cpuMs: number;
}

// CPU time of every thread of a process so far, in ms (Linux: /proc/<pid>/task/*/stat, utime + stime in 10 ms ticks).
function cpuMsOf(pid: number): number {
  let ticks = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const fields = (readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

const trees = [
  { name: 'before', tree: values.before },
  { name: 'this', tree: process.cwd() },
];
const servers = [];
for (const { name, tree } of trees) {
  const port = await freePort();
  servers.push({ name, port, child: await startServer(String(values.index), port, {}, tree) });
}
try {
  for (const { port } of servers) await autocannon({ url: `http://127.0.0.1:${port}`, connections: 4, amount: 1000, requests });
  console.log(`Index ${values.index}; ${values.slices} slices of ${values.seconds} s each, in turn; node ${process.version}`);
  console.log('| connections | server | requests/s | p50 ms | CPU ms a request | paired ratio requests/s | paired ratio CPU |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const connections of String(values.concurrency).split(',').map(Number)) {
    const slices = new Map<string, Slice[]>(servers.map(({ name }) => [name, []]));
    for (let slice = 0; slice < Number(values.slices); slice++) {
      for (const { name, port, child } of slice % 2 === 0 ? servers : [...servers].reverse()) {
        const cpuBefore = cpuMsOf(child.pid as number);
        const run = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: Number(values.seconds), requests });
        const cpuMs = (cpuMsOf(child.pid as number) - cpuBefore) / Math.max(1, run.requests.total);
        slices.get(name)?.push({ rps: run.requests.average, p50: run.latency.p50, cpuMs });
      }
    }
    const [before, after] = [slices.get('before') ?? [], slices.get('this') ?? []];
    const ratio = (of: (slice: Slice) => number) => median(after.map((slice, at) => of(slice) / of(before[at] as Slice)));
    for (const [name, rows] of [
      ['before', before],
      ['this', after],
    ] as const) {
      const last = name === 'this' ? ` ${ratio((s) => s.rps).toFixed(3)} | ${ratio((s) => s.cpuMs).toFixed(3)} |` : ' | |';
      console.log(
        `| ${connections} | ${name} | ${median(rows.map((s) => s.rps)).toFixed(0)} | ${median(rows.map((s) => s.p50))} | ${median(rows.map((s) => s.cpuMs)).toFixed(2)} |${last}`,
      );
    }
  }
} finally {
  for (const { child } of servers) child.kill('SIGTERM');
}
