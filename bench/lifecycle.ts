// Times the index lifecycle on one index folder: open (load + verify), LiveIndex reload,
// size on disk. CPU milliseconds are printed beside wall-clock ones: on a shared machine
// the wall clock mostly measures the neighbours. `npx tsx bench/lifecycle.ts <index dir>`; figures in docs/benchmarks.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LiveIndex, SearchEngine } from '../src/index.js';

const directory = process.argv[2] ?? 'index-data/index';
const version = join(directory, readFileSync(join(directory, 'CURRENT'), 'utf8').trim());
const bytes = readdirSync(version).reduce((sum, name) => sum + statSync(join(version, name)).size, 0);

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};
let started = performance.now();
let cpu = process.cpuUsage();
const engine = await SearchEngine.open(directory);
const openMs = performance.now() - started;
const openCpuMs = cpuMs(cpu);
// Resident memory of this process with the index open (Node itself included, about 50 MB).
const rssAfterOpen = process.memoryUsage().rss;
started = performance.now();
engine.search({ q: 'oil prices', limit: 10 });
const firstQueryMs = performance.now() - started;
const rssAfterQuery = process.memoryUsage().rss;

const live = await LiveIndex.open(directory);
const reloads: number[] = [];
const reloadCpu: number[] = [];
for (let i = 0; i < 3; i++) {
  started = performance.now();
  cpu = process.cpuUsage();
  await live.reload();
  reloads.push(performance.now() - started);
  reloadCpu.push(cpuMs(cpu));
}
reloads.sort((a, b) => a - b);
reloadCpu.sort((a, b) => a - b);
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    articles: engine.size,
    onDiskMB: +(bytes / 1e6).toFixed(1),
    openMs: Math.round(openMs),
    openCpuMs,
    firstQueryMs: Math.round(firstQueryMs),
    rssAfterOpenMB: Math.round(rssAfterOpen / 1e6),
    rssAfterFirstQueryMB: Math.round(rssAfterQuery / 1e6),
    bytesPerArticle: Math.round(rssAfterQuery / engine.size),
    reloadMedianMs: Math.round(reloads[1] ?? 0),
    reloadMedianCpuMs: reloadCpu[1],
    rssAfterReloadsMB: Math.round(memory.rss / 1e6),
  }),
);
