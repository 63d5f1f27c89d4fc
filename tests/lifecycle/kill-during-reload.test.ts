import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { record, removeTemporaryFolders, seededRandom, temporaryFolder } from './corpus.js';

const SERVE = fileURLToPath(new URL('../../scripts/serve.ts', import.meta.url));
const TOKEN = 'kill-test-token';

afterAll(removeTemporaryFolders);

function articles(count: number, seed: number) {
  return Array.from({ length: count }, (_, i) => record(`doc-${seed}-${i}`, seed * 10_000 + i));
}

// A server on its own port (tsx as a loader in the same process, so that SIGKILL reaches it),
// resolved once it answers searches.
async function startServer(index: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', SERVE, '--index', index, '--port', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, GAZETTE_ADMIN_TOKEN: TOKEN, GAZETTE_LOG_LEVEL: 'warn' },
  });
  for (let attempt = 0; attempt < 1500; attempt++) {
    const status = await fetch(`http://127.0.0.1:${port}/search?q=harbour`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return server;
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server did not answer within 30 s');
}

async function killed(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

describe('a server killed during a reload', () => {
  it('comes back on the newest whole index, every time', { timeout: 120_000 }, async () => {
    const index = join(await temporaryFolder(), 'index');
    await (await SearchEngine.fromArticles(articles(300, 1))).save(index);
    const port = 39_100 + Math.floor(Math.random() * 800);
    const random = seededRandom(Date.now());
    let size = 300;
    for (let round = 0; round < 3; round++) {
      const server = await startServer(index, port);
      size += 100;
      await (await SearchEngine.fromArticles(articles(size, round + 2))).save(index);
      // The reload starts; the process dies somewhere inside it.
      const reload = fetch(`http://127.0.0.1:${port}/admin/reload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 60)));
      await killed(server);
      await reload;

      const restarted = await startServer(index, port);
      try {
        const body = (await (await fetch(`http://127.0.0.1:${port}/search?q=*&limit=1`)).json()) as { totalHits: number };
        expect(body.totalHits).toBe(size);
      } finally {
        await killed(restarted);
      }
    }
  });
});
