// How long after `npm start`'s process is spawned the server answers its first search:
// polls GET /search every 10 ms until it gets a 200. Runs the server the way `npm start`
// does (node with tsx).
//     npx tsx scripts/bench-start.ts --index /tmp/reuters-index [--runs 5]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: 'index-data/index' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '3931' },
  },
});
const command = ['--import', 'tsx', 'scripts/serve.ts'];

async function firstAnswerMs(): Promise<number> {
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
      if (status === 200) return performance.now() - started;
      if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const times: number[] = [];
for (let run = 0; run < Number(values.runs); run++) times.push(await firstAnswerMs());
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({ runs: times.length, medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0), times: times.map(Math.round) }),
);
