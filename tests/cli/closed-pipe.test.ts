import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('search | head', () => {
  it('ends quietly, with success, when the reader closes the pipe after its first lines', { timeout: 30_000 }, async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-pipe-')), 'index');
    const stories = Array.from({ length: 200 }, (_, n) => ({
      id: `s${n}`,
      title: `Flood report ${n}`,
      body: `The flood reached street ${n} before dawn. ${'Water rose along the river. '.repeat(40)}`,
      tags: [],
    }));
    await (await SearchEngine.fromArticles(stories)).save(directory);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search.ts', '--index', directory, '--limit', '100', 'flood'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // As `head -1` does: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
