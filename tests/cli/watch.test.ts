import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexLockedError, LiveIndex, SearchEngine } from '../../src/index.js';

const BUILD_INDEX = fileURLToPath(new URL('../../scripts/build-index.ts', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const story = (title: string, body: string) => `${title}\n\nPublished 2024-06-01\n\n${body}\n`;

describe('build-index --watch', () => {
  it('keeps the index in step with a folder, and a server following it sees changes without a reload', { timeout: 60_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'gazette-watch-'));
    const articles = join(root, 'articles');
    const out = join(root, 'index');
    await mkdir(articles);
    await writeFile(join(articles, 'harbour.txt'), story('Harbour strike ends', 'Dock workers return to the harbour.'));
    let output = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', BUILD_INDEX, '--input', articles, '--out', out, '--watch', '--poll-ms', '100'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await eventually(() => output.includes('watching'), 'the watch to start');

    const live = await LiveIndex.open(out, { followIntervalMs: 100 });
    const ids = (q: string) => live.engine.search({ q }).hits.map((hit) => hit.id);
    expect(ids('harbour')).toEqual(['harbour']);
    // The watcher is the index's one writer.
    await expect(SearchEngine.open(out, { write: true })).rejects.toBeInstanceOf(IndexLockedError);

    await writeFile(join(articles, 'ferry.txt'), story('Night ferry cancelled', 'Storms cancel the night ferry.'));
    await eventually(() => ids('ferry').includes('ferry'), 'a new file to be searchable');
    await writeFile(join(articles, 'ferry.txt'), story('Night ferry restored', 'The night ferry sails again.'));
    await eventually(() => ids('restored').includes('ferry'), 'a changed file to be searchable');
    expect(ids('cancelled')).toEqual([]);
    await rm(join(articles, 'harbour.txt'));
    await eventually(() => ids('harbour').length === 0, 'a removed file to go');
    expect(live.stats().reloads).toBe(0);

    // Stories that move to another file (a renamed export) stay.
    await writeFile(
      join(articles, 'desk.jsonl'),
      `${JSON.stringify({ id: 'd1', title: 'Desk one', body: 'x' })}\n${JSON.stringify({ id: 'd2', title: 'Desk two', body: 'y' })}\n`,
    );
    await eventually(() => ids('desk').length === 2, 'the records of a new file');
    const rounds = () => output.split('\n').filter((line) => line.includes('files added')).length;
    const before = rounds();
    await rename(join(articles, 'desk.jsonl'), join(articles, 'desk-renamed.jsonl'));
    await eventually(() => rounds() > before, 'the rename to be seen');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ids('desk').sort()).toEqual(['d1', 'd2']);
    expect(live.engine.article('d1')?.source).toContain('desk-renamed.jsonl');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/1 files added, 0 changed, 0 removed; articles: 1 added/);
    // Stopped, it gave the lock up and left everything committed.
    const reopened = await SearchEngine.open(out, { write: true });
    expect([...reopened.ids()].sort()).toEqual(['d1', 'd2', 'ferry']);
    await reopened.close();
    await live.close();
  });
});
