import { type ChildProcess, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { removeTemporaryFolders, seededRandom, temporaryFolder } from './corpus.js';

const SAVE_LOOP = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));
// tsx as a loader in the same process: its CLI would run the script in a grandchild that SIGKILL misses.
const TSX_LOADER = 'tsx';
const KILLS = 6;

// Starts the child and resolves once it has made an index live at least once.
function startSaving(directory: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SAVE_LOOP, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`save loop exited early with ${code}`)));
    child.stdout?.once('data', () => resolve(child));
  });
}

afterAll(removeTemporaryFolders);

describe('crash safety', () => {
  it('a rebuild killed with SIGKILL at random moments always leaves a whole index that opens', { timeout: 120_000 }, async () => {
    const directory = join(await temporaryFolder(), 'index');
    const random = seededRandom(Date.now());
    const sizesSeen = new Set<number>();
    for (let kill = 0; kill < KILLS; kill++) {
      const child = await startSaving(directory);
      child.removeAllListeners('exit');
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const engine = await SearchEngine.open(directory);
      expect([200, 300]).toContain(engine.size);
      expect(engine.search({ q: 'harbour', limit: 1 }).total).toBeGreaterThan(0);
      sizesSeen.add(engine.size);
    }
    // Killed half-way, a build leaves its unfinished version folder behind; the next successful save removes it.
    await (await SearchEngine.fromArticles([])).save(directory);
    expect((await readdir(directory)).length).toBe(3);
  });
});
