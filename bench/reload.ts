// Reloads a served index N times while clients query it, and counts failed responses:
// `npx tsx bench/reload.ts <index dir> [reloads=100] [clients=4]`.
import type { AddressInfo } from 'node:net';
import { LiveIndex } from '../src/index.js';
import { createApp } from '../src/server/app.js';

const directory = process.argv[2] ?? 'index-data/index';
const reloads = Number(process.argv[3] ?? 100);
const clients = Number(process.argv[4] ?? 4);
const token = 'bench-token';
const QUERIES = ['oil prices', 'cocoa brazil', 'interest rates', 'wheat exports', 'merger', 'dollar yen'];

const live = await LiveIndex.open(directory);
const server = createApp(() => live.engine, { admin: { live, token } }).listen(0);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
let running = true;
let answered = 0;
const failures: string[] = [];

async function client(offset: number): Promise<void> {
  for (let i = offset; running; i++) {
    const q = encodeURIComponent(QUERIES[i % QUERIES.length] ?? '');
    try {
      const response = await fetch(`${base}/search?q=${q}&limit=10`);
      if (response.status === 200) {
        await response.json();
        answered++;
      } else failures.push(`status ${response.status}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
}

const loops = Array.from({ length: clients }, (_, n) => client(n));
const times: number[] = [];
const log = console.log;
console.log = () => undefined;
for (let n = 0; n < reloads; n++) {
  const started = performance.now();
  const response = await fetch(`${base}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) failures.push(`reload ${n}: status ${response.status} ${await response.text()}`);
  times.push(performance.now() - started);
}
console.log = log;
running = false;
await Promise.all(loops);
server.close();
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    reloads,
    clients,
    answered,
    failed: failures.length,
    reloadMs: { median: Math.round(times[Math.floor(times.length / 2)] ?? 0), max: Math.round(times.at(-1) ?? 0) },
    failures: failures.slice(0, 5),
  }),
);
