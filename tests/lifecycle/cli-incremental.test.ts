import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildIndexCommand } from '../../src/cli/build-index.js';
import { SearchEngine } from '../../src/index.js';
import { record, removeTemporaryFolders, temporaryFolder, writeJsonLines } from './corpus.js';

afterAll(removeTemporaryFolders);

async function build(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  try {
    return { code: await buildIndexCommand(argv), output: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

describe('build-index --incremental', () => {
  it('builds, then says the index is up to date, then applies only what changed', async () => {
    const folder = await temporaryFolder();
    const wire = join(folder, 'wire.jsonl');
    const out = join(folder, 'index');
    await writeJsonLines(wire, [record('a', 1), record('b', 2), record('c', 3)]);
    const argv = ['--incremental', '--quiet', '--input', wire, '--out', out];
    expect((await build(argv)).output).toMatch(/articles: 3 added, 0 re-indexed, 0 removed, 0 kept/);
    expect(await build(argv)).toMatchObject({ code: 0, output: expect.stringMatching(/is up to date.*nothing written/) });
    await writeJsonLines(wire, [record('a', 1), record('b', 20), record('d', 4)]);
    expect((await build(argv)).output).toMatch(/1 changed.*articles: 1 added, 1 re-indexed, 1 removed, 1 kept/);
    expect([...(await SearchEngine.open(out)).ids()].sort()).toEqual(['a', 'b', 'd']);
  });
});
