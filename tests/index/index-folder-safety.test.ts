import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withIndexLock } from '../../src/index/index-lock.js';
import { indexFolderState } from '../../src/index/persistence.js';
import { hasIndex, IndexCorruptError, IndexLockedError, SearchEngine, UnsafeIndexFolderError } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

const ARTICLES = [article({ id: 'a', title: 'Harbour storm', body: 'A storm closed the harbour.' })];
const OTHER = [article({ id: 'b', title: 'Ferry timetable', body: 'Ferries run again.' })];

async function newFolder(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
}

async function savedIndex(): Promise<{ directory: string; version: string }> {
  const directory = await newFolder();
  const version = await (await engineOf(ARTICLES)).save(directory);
  return { directory, version };
}

async function listing(directory: string): Promise<string[]> {
  return (await readdir(directory)).sort();
}

describe('a folder with a damaged CURRENT', () => {
  const damage: Record<string, (directory: string) => Promise<void>> = {
    empty: (directory) => writeFile(join(directory, 'CURRENT'), ''),
    garbage: (directory) => writeFile(join(directory, 'CURRENT'), '\u0000\u0007not a version\n'),
    missing: async (directory) => {
      const { rm } = await import('node:fs/promises');
      await rm(join(directory, 'CURRENT'));
    },
  };
  for (const [kind, spoil] of Object.entries(damage)) {
    it(`(${kind}) is never built over: the save is refused naming CURRENT and the version it holds is kept`, async () => {
      const { directory, version } = await savedIndex();
      await spoil(directory);
      const before = await listing(directory);
      const failure = await (await engineOf(OTHER)).save(directory).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnsafeIndexFolderError);
      expect((failure as Error).message).toMatch(/CURRENT/);
      expect((failure as Error).message).toContain(`echo ${version} >`);
      expect(await listing(directory)).toEqual(before);
      // What npm start and build-index --incremental ask first: they stop here too.
      await expect(hasIndex(directory)).rejects.toThrow(UnsafeIndexFolderError);
      await expect(SearchEngine.update(directory, [])).rejects.toThrow(UnsafeIndexFolderError);
      expect(await listing(directory)).toEqual(before);
    });
  }

  it('(naming a version that is not there) is never built over: the real version is kept', async () => {
    const { directory, version } = await savedIndex();
    // One character lost: still a well-formed name, of no version here.
    await writeFile(join(directory, 'CURRENT'), `${version.slice(0, -1)}\n`);
    const failure = await (await engineOf(OTHER)).save(directory).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnsafeIndexFolderError);
    expect((failure as Error).message).toMatch(/CURRENT names v-\S+, which is not there/);
    expect(await listing(directory)).toContain(version);
  });

  it('serves again once CURRENT names the version, as the error says', async () => {
    const { directory, version } = await savedIndex();
    await writeFile(join(directory, 'CURRENT'), '');
    await writeFile(join(directory, 'CURRENT'), `${version}\n`);
    expect((await SearchEngine.open(directory)).search({ q: 'harbour' }).total).toBe(1);
  });
});

describe('a folder that holds something else', () => {
  it('is never written into', async () => {
    const directory = await newFolder();
    await mkdir(directory);
    await writeFile(join(directory, 'notes.txt'), 'my notes');
    const failure = await (await engineOf(ARTICLES)).save(directory).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnsafeIndexFolderError);
    expect((failure as Error).message).toMatch(/not part of a Gazette index \(notes\.txt\).*nothing in it was changed/);
    expect(await listing(directory)).toEqual(['notes.txt']);
  });

  it('is never written into, nor its folders that look like versions removed', async () => {
    const directory = await newFolder();
    await mkdir(join(directory, 'v-1.0'), { recursive: true });
    await writeFile(join(directory, 'v-1.0', 'app.tar'), 'an app');
    await expect((await engineOf(ARTICLES)).save(directory)).rejects.toThrow(UnsafeIndexFolderError);
    expect(await listing(directory)).toEqual(['v-1.0']);
  });

  it('is refused by an incremental update before its own LOCK file is touched', async () => {
    const directory = await newFolder();
    await mkdir(directory);
    // A LevelDB folder: a LOCK file of its own, old and not JSON.
    await writeFile(join(directory, 'LOCK'), '');
    await writeFile(join(directory, 'LOG'), 'log');
    await writeFile(join(directory, '000005.ldb'), 'data');
    await utimes(join(directory, 'LOCK'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await expect(SearchEngine.update(directory, [])).rejects.toThrow(UnsafeIndexFolderError);
    expect(await listing(directory)).toEqual(['000005.ldb', 'LOCK', 'LOG']);
  });

  it('is a file: refused, not replaced', async () => {
    const directory = await newFolder();
    await mkdir(join(directory, '..'), { recursive: true });
    await writeFile(directory, 'a file');
    await expect((await engineOf(ARTICLES)).save(directory)).rejects.toThrow(/is a file, not a folder/);
    expect(await readFile(directory, 'utf8')).toBe('a file');
  });

  it('is built into when it holds only what an interrupted first build left', async () => {
    const directory = await newFolder();
    await mkdir(join(directory, 'v-20260101T000000000-1-abcd'), { recursive: true });
    expect(await indexFolderState(directory)).toBe('empty');
    await (await engineOf(ARTICLES)).save(directory);
    expect(await indexFolderState(directory)).toBe('index');
  });
});

describe('one writer at a time', () => {
  it('refuses a second save while the first holds the folder, and the winner is live', async () => {
    const directory = await newFolder();
    const [first, second] = await Promise.allSettled([(await engineOf(ARTICLES)).save(directory), (await engineOf(OTHER)).save(directory)]);
    const outcomes = [first, second].map((outcome) => outcome.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const refused = [first, second].find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(IndexLockedError);
    expect((refused.reason as Error).message).toMatch(/another writer holds this index \(this process is writing it\)/);
    const won = [first, second].find((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<string>;
    expect((await readFile(join(directory, 'CURRENT'), 'utf8')).trim()).toBe(won.value);
    expect((await SearchEngine.open(directory)).size).toBe(1);
  });

  it('takes over the lock of a writer killed with -9', async () => {
    const { directory } = await savedIndex();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const pid = child.pid as number;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await writeFile(
      join(directory, 'LOCK'),
      JSON.stringify({ pid, host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    await (await engineOf(OTHER)).save(directory);
    expect((await SearchEngine.open(directory)).search({ q: 'ferry' }).total).toBe(1);
    expect(await listing(directory)).not.toContain('LOCK');
  });

  it('takes over a lock left empty by a writer that died creating it, once it is old', async () => {
    const { directory } = await savedIndex();
    const lock = join(directory, 'LOCK');
    await writeFile(lock, '');
    await expect((await engineOf(OTHER)).save(directory)).rejects.toThrow(/a writer is taking it right now/);
    const { utimes } = await import('node:fs/promises');
    await utimes(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await (await engineOf(OTHER)).save(directory);
    expect((await SearchEngine.open(directory)).search({ q: 'ferry' }).total).toBe(1);
  });

  it('lets one writer in at a time when processes break the same stale lock at once', { timeout: 60_000 }, async () => {
    const directory = await newFolder();
    await mkdir(directory);
    const log = join(directory, '..', 'lock.log');
    await writeFile(log, '');
    const script = new URL('../lifecycle/fixtures/lock-contender.ts', import.meta.url).pathname;
    const codes = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script, directory, log, '150'], { stdio: 'inherit' });
            child.once('exit', resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0]);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    let inside: string | undefined;
    let overlaps = 0;
    for (const line of lines) {
      const [event, pid] = line.split(' ');
      if (event === 'enter') {
        if (inside !== undefined) overlaps += 1;
        inside = pid;
      } else if (inside === pid) inside = undefined;
    }
    expect(overlaps).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(100);
  });

  it('refuses a second call of this process at once', async () => {
    const directory = await newFolder();
    let release = () => {};
    let started = () => {};
    const inside = new Promise<void>((resolve) => (started = resolve));
    const first = withIndexLock(directory, () => {
      started();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await expect(withIndexLock(directory, async () => {})).rejects.toThrow(/this process is writing it/);
    await inside;
    await expect(withIndexLock(directory, async () => {})).rejects.toThrow(/this process is writing it/);
    release();
    await first;
    await withIndexLock(directory, async () => {});
  });

  it('takes over a lock naming this process when this process does not hold it (a container restarted with the same pid)', async () => {
    const { directory } = await savedIndex();
    await writeFile(join(directory, 'LOCK'), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    await (await engineOf(OTHER)).save(directory);
    expect((await SearchEngine.open(directory)).search({ q: 'ferry' }).total).toBe(1);
  });

  it("keeps another machine's lock while it is touched, and takes it over a minute after its heartbeat stops", async () => {
    const { directory } = await savedIndex();
    const lock = join(directory, 'LOCK');
    await writeFile(lock, JSON.stringify({ pid: 4242, host: 'another-machine', since: '2026-01-01T00:00:00.000Z' }));
    await expect((await engineOf(OTHER)).save(directory)).rejects.toThrow(/process 4242 on another-machine/);
    await utimes(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await (await engineOf(OTHER)).save(directory);
    expect((await SearchEngine.open(directory)).search({ q: 'ferry' }).total).toBe(1);
  });

  it('keeps CURRENT naming a whole version when processes save into one folder at once', { timeout: 60_000 }, async () => {
    const directory = await newFolder();
    const script = new URL('../lifecycle/fixtures/save-times.ts', import.meta.url).pathname;
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        (_, n) =>
          new Promise<{ code: number | null; output: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script, directory, String(n), '6'], {
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let output = '';
            child.stdout.on('data', (chunk) => {
              output += chunk;
            });
            child.stderr.on('data', (chunk) => {
              output += chunk;
            });
            child.once('exit', (code) => resolve({ code, output }));
          }),
      ),
    );
    for (const run of runs) expect(run.code, run.output).toBe(0);
    const saved = runs.reduce((sum, run) => sum + (run.output.match(/^saved/gm)?.length ?? 0), 0);
    const refused = runs.reduce((sum, run) => sum + (run.output.match(/^locked/gm)?.length ?? 0), 0);
    expect(saved + refused).toBe(24);
    expect(saved).toBeGreaterThan(0);
    expect((await SearchEngine.open(directory)).size).toBe(1);
    expect(await listing(directory)).not.toContain('LOCK');
  });
});

it('a manifest changed by one bit is refused, naming it', async () => {
  const { directory, version } = await savedIndex();
  const file = join(directory, version, 'manifest.json');
  const text = await readFile(file, 'utf8');
  // "porter" -> "porteR": the kind of flip that once turned stemming off without a word.
  await writeFile(file, text.replace('"porter"', '"porteR"'));
  await expect(SearchEngine.open(directory)).rejects.toThrow(IndexCorruptError);
  await expect(SearchEngine.open(directory)).rejects.toThrow(/manifest\.json: does not match its own checksum/);
});
