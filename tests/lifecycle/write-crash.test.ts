import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { removeTemporaryFolders, seededRandom, temporaryFolder } from './corpus.js';

const WRITE_LOOP = fileURLToPath(new URL('./fixtures/write-loop.ts', import.meta.url));
const KILLS = 5;

afterAll(removeTemporaryFolders);

// Starts the writer from write `from`; resolves once it has acknowledged something, with the acknowledged numbers so far (kept up to date).
function startWriting(directory: string, from: number): Promise<{ child: ChildProcess; acked: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITE_LOOP, directory, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: number[] = [];
  let partial = '';
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the writer exited early with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('acked ')) acked.push(Number(line.slice(6)));
      if (acked.length > 0) resolve({ child, acked });
    });
  });
}

// Whether w<k> is there once every write up to `last` is applied: put by write k, removed by write k + 3 when that is a multiple of 7.
const expectedPresent = (k: number, last: number) => !((k + 3) % 7 === 0 && k + 3 <= last);

describe('an index writer killed with SIGKILL', () => {
  it('loses no acknowledged write and applies none twice', { timeout: 120_000 }, async () => {
    const directory = join(await temporaryFolder(), 'index');
    await (await SearchEngine.fromArticles([])).save(directory);
    const random = seededRandom(Date.now());
    let from = 0;
    let checked = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const { child, acked } = await startWriting(directory, from);
      child.removeAllListeners('exit');
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(random() * 600)));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const last = Math.max(...acked);
      // Opened for writing, as a restarted server would: the log is replayed.
      const engine = await SearchEngine.open(directory, { write: true });
      for (let k = 0; k <= last; k++) {
        // A write made but not acknowledged before the kill may or may not be there; an acknowledged one must.
        if (k > last - 3 && !acked.includes(k)) continue;
        // Nor may the removal of w<k> by a write after the last acknowledged (made, perhaps logged, unacknowledged).
        if ((k + 3) % 7 === 0 && k + 3 > last) continue;
        expect(engine.article(`w${k}`) !== undefined, `w${k} after ${last}`).toBe(expectedPresent(k, last));
        checked++;
      }
      // Each article once: in the store, and in the postings (a write applied twice would count twice).
      expect(new Set(engine.ids()).size).toBe(engine.size);
      expect(engine.search({ q: '"common words"' }).total).toBe(engine.size);
      await engine.close();
      from = last + 1 + ((3 - ((last + 1) % 3)) % 3);
    }
    expect(checked).toBeGreaterThan(100);
  });
});
