// What an install of the packed package costs, and how soon it answers: packs this repository,
// then, in a clean folder, installs the tarball with `npm ci` as a server (--omit=dev) and as a
// library only (--omit=dev --omit=optional), counting packages and megabytes, and times
// `npm ci --omit=dev` followed by `npx gazette serve --articles <the 48 samples>` to its first
// search answer. Offline, from the npm cache (`npm ci` of this repository fills it): the time is
// npm's and Node's, not the network's.
//     npx tsx bench/install.ts [--runs 3]
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { packThisPackage, writeProjectOfTarball } from './packed-install.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '3941' } } });
const SAMPLES = fileURLToPath(new URL('../index-data/articles/', import.meta.url));

async function installed(folder: string): Promise<{ packages: number; megabytes: number }> {
  const lock = JSON.parse(await readFile(join(folder, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: object };
  // Every installed package but Gazette itself.
  const packages = Object.keys(lock.packages).filter((path) => path.includes('node_modules/') && path !== 'node_modules/gazette').length;
  const { stdout } = await run('du', ['-sk', join(folder, 'node_modules')]);
  return { packages, megabytes: Math.round(Number(stdout.split('\t')[0]) / 1024) };
}

async function npmCi(folder: string, omit: string[]): Promise<number> {
  await rm(join(folder, 'node_modules'), { recursive: true, force: true });
  const started = performance.now();
  await run('npm', ['ci', ...omit.map((what) => `--omit=${what}`), '--offline', '--no-audit', '--no-fund'], { cwd: folder });
  return performance.now() - started;
}

async function firstAnswer(folder: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('npx', ['--no', 'gazette', 'serve', '--articles', 'articles', '--index', 'index', '--port', String(port)], {
    cwd: folder,
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      const answer = await fetch(`http://127.0.0.1:${port}/search?q=minsk`).catch(() => undefined);
      if (answer?.status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const folder = await mkdtemp(join(tmpdir(), 'gazette-bench-install-'));
try {
  await writeProjectOfTarball(folder, await packThisPackage(folder));
  await cp(SAMPLES, join(folder, 'articles'), { recursive: true });
  await npmCi(folder, ['dev', 'optional']);
  console.log('library only (npm ci --omit=dev --omit=optional):', await installed(folder));
  await npmCi(folder, ['dev']);
  console.log('server (npm ci --omit=dev):', await installed(folder));
  for (let n = 0; n < Number(values.runs); n++) {
    await rm(join(folder, 'index'), { recursive: true, force: true });
    const install = await npmCi(folder, ['dev']);
    const answer = await firstAnswer(folder, Number(values.port));
    console.log(
      `run ${n + 1}: npm ci --omit=dev ${(install / 1000).toFixed(2)} s, then gazette serve --articles (48 samples) to its first answer ${(answer / 1000).toFixed(2)} s: ${((install + answer) / 1000).toFixed(2)} s`,
    );
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}
