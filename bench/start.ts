// How long after `npm start`'s process is spawned the server answers its first search:
// polls GET /search every 10 ms until it gets a 200. Runs the server the way `npm start`
// does (node scripts/start.cjs), after one untimed start that brings its bundle up to date
// and saves its code cache (as the first start after a change of the code does), and reports the CPU time the
// server used until its first answer too (steadier than wall clock on a shared machine).
//     npx tsx bench/start.ts --index /tmp/reuters-index [--runs 5]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: 'index-data/index' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '3931' },
  },
});
const command = ['scripts/start.cjs'];

// User and system CPU time of a running process, in ms (Linux; undefined elsewhere).
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function firstAnswer(): Promise<{ ms: number; cpuMs: number | undefined }> {
  const started = performance.now();
  const server = spawn(process.execPath, [...command, '--index', values.index ?? '', '--port', values.port ?? ''], {
    stdio: 'ignore',
    env: { ...process.env, GAZETTE_LOG_LEVEL: 'warn' },
  });
  try {
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${values.port}/search?q=oil+prices`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return { ms: performance.now() - started, cpuMs: cpuMsOf(server.pid) };
      if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

// Untimed: brings the bundle up to date and leaves V8's code cache beside it, as the first start after a change does.
await firstAnswer();
const runs: { ms: number; cpuMs: number | undefined }[] = [];
for (let run = 0; run < Number(values.runs); run++) runs.push(await firstAnswer());
const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0);
const cpu = runs.flatMap((run) => (run.cpuMs === undefined ? [] : [run.cpuMs]));
console.log(
  JSON.stringify({
    runs: runs.length,
    medianMs: median(runs.map((run) => run.ms)),
    times: runs.map((run) => Math.round(run.ms)),
    ...(cpu.length === 0 ? {} : { medianCpuMs: median(cpu) }),
  }),
);
