import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Article, SearchEngine } from '../../src/index.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';

// The recipe of docs/operations.md ("Several servers"), on loopback: two Gazette servers, each
// with its own copy of the index (as on two machines), behind HAProxy, while a new index version
// is built, copied to each and reloaded, one server after the other.
const SERVE = fileURLToPath(new URL('../../scripts/serve.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'load-balancer-test-admin-token';
const HAPROXY = (() => {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!HAPROXY) console.warn('haproxy is not installed (apt-get install -y haproxy, as .ci/run does): the load balancer test is skipped');

const FIRST: Article[] = ['harbour', 'budget', 'floods'].map((word, n) => ({
  id: `story-${n}`,
  title: `A story about the ${word}`,
  body: `The ${word} was in the news again this week, and the council met about the ${word}.`,
  tags: [],
}));
const ADDED: Article = { id: 'ferry', title: 'Night ferry resumes', body: 'The night ferry sails again after the strike.', tags: [] };

const children: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
});

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startGazette(index: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--index', index, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, GAZETTE_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${log}`)), 30_000);
    child.stdout?.on('data', (chunk) => {
      if (log.includes('; ready')) return;
      log += String(chunk);
      if (!log.includes('; ready')) return;
      clearTimeout(timer);
      resolve(Number(/"port":(\d+)/.exec(log)?.[1]));
    });
  });
}

function haproxyConfig(port: number, servers: number[]): string {
  return `defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  retries 2
  option redispatch
frontend gazette
  bind 127.0.0.1:${port}
  default_backend gazette
backend gazette
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
${servers.map((server, n) => `  server gazette${n} 127.0.0.1:${server} check inter 200ms`).join('\n')}
`;
}

async function startHaproxy(folder: string, servers: number[]): Promise<number> {
  const port = await freePort();
  const config = join(folder, 'haproxy.cfg');
  await writeFile(config, haproxyConfig(port, servers));
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (answer?.status === 200) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('HAProxy did not start answering');
}

/** As the recipe does over rsync and ssh: the version's folder first, then CURRENT, replaced in one rename. */
async function pushVersion(built: string, served: string): Promise<string> {
  const version = (await readFile(join(built, 'CURRENT'), 'utf8')).trim();
  await cp(join(built, version), join(served, version), { recursive: true });
  await writeFile(join(served, 'CURRENT.tmp'), `${version}\n`);
  await rename(join(served, 'CURRENT.tmp'), join(served, 'CURRENT'));
  return version;
}

/** Searches through the balancer without pause until `stop` resolves; counts the answers and the failures. */
async function steadyTraffic(port: number, stop: Promise<void>): Promise<{ answered: number; failed: string[] }> {
  let running = true;
  void stop.then(() => {
    running = false;
  });
  const failed: string[] = [];
  let answered = 0;
  const client = async () => {
    for (let n = 0; running; n++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/search?q=${['harbour', 'budget', 'ferry'][n % 3]}`);
        await response.arrayBuffer();
        if (response.status === 200) answered++;
        else failed.push(`HTTP ${response.status}`);
      } catch (error) {
        failed.push((error as Error).message);
      }
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  return { answered, failed };
}

describe.skipIf(!HAPROXY)('two servers behind HAProxy', () => {
  it('serve a new index version, copied to each and reloaded one after the other, with no failed request', async () => {
    const folder = await mkdtemp(join(tmpdir(), `${TEMPORARY_PREFIX}balancer-`));
    const built = join(folder, 'build', 'index');
    await (await SearchEngine.fromArticles(FIRST)).save(built);
    const served = [join(folder, 'machine-a', 'index'), join(folder, 'machine-b', 'index')];
    for (const index of served) {
      await mkdir(join(index, '..'), { recursive: true });
      await cp(built, index, { recursive: true });
    }
    const ports = await Promise.all(served.map(startGazette));
    const balancer = await startHaproxy(folder, ports);

    let stopTraffic = () => {};
    const stop = new Promise<void>((resolve) => {
      stopTraffic = resolve;
    });
    const traffic = steadyTraffic(balancer, stop);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // A new version is built where the articles are, then pushed to each server and reloaded there.
    const next = await SearchEngine.open(built);
    next.add(ADDED);
    await next.save(built);
    for (const [n, index] of served.entries()) {
      await pushVersion(built, index);
      const reload = await fetch(`http://127.0.0.1:${ports[n]}/admin/reload`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(reload.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    stopTraffic();
    const { answered, failed } = await traffic;

    expect(failed).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    for (const port of ports) {
      const answer = (await (await fetch(`http://127.0.0.1:${port}/search?q=ferry`)).json()) as { total: number };
      expect(answer.total).toBe(1);
    }
  }, 90_000);
});
