import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.js';
import { IndexWriteError, SearchEngine } from '../../src/index.js';

// A small file system of its own (tmpfs) is the only way to fill a disk or make it
// read-only without touching the machine's; mounting one needs root.
let mountPoint: string;
let mounted = false;
let skipReason = '';
beforeAll(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'gazette-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    skipReason = `cannot mount a 1 MB tmpfs here (${(error as Error).message.split('\n')[0]}): needs root`;
    console.warn(`disk-faults: skipped, ${skipReason}`);
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

const small = [
  { id: 'a1', title: 'Harbour reopens', body: 'The harbour reopened after the storm.', tags: [] },
  { id: 'a2', title: 'Bridge closed', body: 'The old bridge closed for repairs.', tags: [] },
];

// About 1.5 MB of article text: more than the 1 MB disk holds.
function tooLargeForTheDisk() {
  const random = seededRandom(7);
  const vocabulary = Array.from({ length: 5000 }, () => Math.floor(random() * 1e9).toString(36));
  const word = () => vocabulary[Math.floor(random() * vocabulary.length)] as string;
  return Array.from({ length: 700 }, (_, i) => ({
    id: `big-${i}`,
    title: `Story ${i}`,
    body: Array.from({ length: 300 }, word).join(' '),
    tags: [],
  }));
}

async function versionsIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.startsWith('v-')).sort();
}

describe('index writes that the disk refuses', () => {
  it('a full disk fails the save with ENOSPC, frees what it wrote, and the previous index still serves', async (context) => {
    if (!mounted) context.skip(skipReason);
    const directory = join(mountPoint, 'full');
    const live = await SearchEngine.fromArticles(small);
    const liveVersion = await live.save(directory);

    const big = await SearchEngine.fromArticles(tooLargeForTheDisk());
    const failure = await big.save(directory).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IndexWriteError);
    expect((failure as IndexWriteError).reason).toBe('ENOSPC');
    expect((failure as Error).message).toMatch(/no space left.*previous index is unchanged/);

    expect(await versionsIn(directory)).toEqual([liveVersion]);
    const reopened = await SearchEngine.open(directory);
    expect(reopened.search({ q: 'harbour' }).hits.map((hit) => hit.id)).toEqual(['a1']);
    // It reads articles from its files as searches need them: closed, so that the disk can be unmounted.
    await reopened.close();
    // The space of the failed write was given back: a small index fits again.
    await expect(live.save(directory)).resolves.toMatch(/^v-/);
  }, 60_000);

  it('a read-only folder fails the save with EROFS and the previous index still opens', async (context) => {
    if (!mounted) context.skip(skipReason);
    const directory = join(mountPoint, 'read-only');
    const engine = await SearchEngine.fromArticles(small);
    const liveVersion = await engine.save(directory);
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      const failure = await engine.save(directory).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(IndexWriteError);
      expect((failure as IndexWriteError).reason).toBe('EROFS');
      expect((failure as Error).message).toMatch(/read-only/);
      const reopened = await SearchEngine.open(directory);
      expect(reopened.search({ q: 'bridge' }).hits.map((hit) => hit.id)).toEqual(['a2']);
      await reopened.close();
      expect(await versionsIn(directory)).toEqual([liveVersion]);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
  });
});
