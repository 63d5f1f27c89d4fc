import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readHead } from '../../src/ingest/source.js';
import { readAll } from './read.js';

// Not under the shared "gazette-test-" prefix: another run's teardown removes those while this one reads.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gazette-ingest-inputs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let folderCount = 0;
/** A fresh folder for one test, so that each test reads only what it made. */
async function folder(): Promise<string> {
  const path = join(dir, `case-${++folderCount}`);
  await mkdir(path);
  return path;
}

const story = (title: string) => `Published March 4th, 2021 at 9:00 a.m. EST\n\n${title}\n\nA short story about ${title.toLowerCase()}.\n`;

function mkfifoAvailable(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const MKFIFO = mkfifoAvailable();
if (!MKFIFO) console.warn('mkfifo is unavailable: the FIFO tests of ingest are skipped');

const fifos: string[] = [];
function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
  return path;
}
// A reader stuck opening a FIFO (the bug these tests catch) would hold a libuv thread forever:
// opening each FIFO for writing, without blocking, lets such a reader go, so a failing test still ends.
afterEach(() => {
  for (const path of fifos.splice(0)) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody has it open, which is what should happen.
    }
  }
});

describe('symbolic links inside an input folder', () => {
  it('reads an article file and a folder reached through symbolic links', async () => {
    const input = await folder();
    const elsewhere = await folder();
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    await writeFile(join(elsewhere, 'tram.txt'), story('Tram'));
    await mkdir(join(elsewhere, 'more'));
    await writeFile(join(elsewhere, 'more', 'wheat.txt'), story('Wheat'));
    await symlink(join(elsewhere, 'tram.txt'), join(input, 'linked-tram.txt'));
    await symlink(join(elsewhere, 'more'), join(input, 'linked-folder'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Harbour', 'Wheat', 'Tram']);
    expect(articles.map((article) => article.id)).toEqual(['harbour', 'linked-folder--wheat', 'linked-tram']);
    expect(report.rejected).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  it('reports a link back to a parent folder once, as a loop, and reads every file once', async () => {
    const input = await folder();
    await mkdir(join(input, 'sub'));
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    await writeFile(join(input, 'sub', 'tram.txt'), story('Tram'));
    await symlink('..', join(input, 'sub', 'up'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Harbour', 'Tram']);
    expect(report.skipped).toEqual([{ path: join(input, 'sub', 'up'), kind: 'symlink-loop', reason: expect.stringContaining('loop') }]);
    expect(report.rejected).toEqual([]);
  });

  it('reports links that point at each other, and a link to nothing, and reads the rest', async () => {
    const input = await folder();
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    await symlink(join(input, 'b.txt'), join(input, 'a.txt'));
    await symlink(join(input, 'a.txt'), join(input, 'b.txt'));
    await symlink(join(input, 'gone.txt'), join(input, 'dangling.txt'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Harbour']);
    expect(report.skipped).toEqual([
      { path: join(input, 'a.txt'), kind: 'symlink-loop', reason: expect.stringContaining('loop') },
      { path: join(input, 'b.txt'), kind: 'symlink-loop', reason: expect.stringContaining('loop') },
    ]);
    expect(report.rejected).toEqual([
      { path: join(input, 'dangling.txt'), kind: 'not-found', reason: expect.stringContaining('symbolic link to nothing') },
    ]);
  });

  it('reads a folder linked twice once, however many links lead to it', async () => {
    const input = await folder();
    const shared = await folder();
    await writeFile(join(shared, 'tram.txt'), story('Tram'));
    // Each level links twice to the next: following every path would read 2^12 copies.
    let level = input;
    for (let depth = 0; depth < 12; depth++) {
      const next = join(level, 'next');
      await mkdir(next);
      await symlink(next, join(level, 'a'));
      await symlink(next, join(level, 'b'));
      level = next;
    }
    await symlink(shared, join(level, 'shared'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Tram']);
    expect(report.skipped.every((problem) => problem.kind === 'already-read')).toBe(true);
    expect(report.skipped.length).toBe(24);
  });
});

describe.skipIf(!MKFIFO)('FIFOs, sockets and devices', () => {
  it('rejects a FIFO inside an input folder, with its path and reason, without opening it', async () => {
    const input = await folder();
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    const pipe = mkfifo(join(input, 'feed.jsonl'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Harbour']);
    expect(report.rejected).toEqual([{ path: pipe, kind: 'not-a-file', reason: expect.stringContaining('named pipe (FIFO)') }]);
  }, 5_000);

  it('rejects a FIFO given as the input itself, and one reached through a symbolic link, without blocking', async () => {
    const input = await folder();
    const pipe = mkfifo(join(input, 'pipe'));
    const linkFolder = await folder();
    await symlink(pipe, join(linkFolder, 'linked-pipe.jsonl'));
    const { articles, report } = await readAll([pipe, linkFolder]);
    expect(articles).toEqual([]);
    expect(report.rejected).toEqual([
      { path: pipe, kind: 'not-a-file', reason: expect.stringContaining('named pipe (FIFO)') },
      { path: join(linkFolder, 'linked-pipe.jsonl'), kind: 'not-a-file', reason: expect.stringContaining('named pipe (FIFO)') },
    ]);
  }, 5_000);

  it('does not wait on a FIFO put where a listed file was: the first read sees it is not a file', async () => {
    const pipe = mkfifo(join(await folder(), 'swapped.jsonl'));
    const read = await readHead(pipe);
    expect('notAFile' in read && read.notAFile.isFIFO()).toBe(true);
  }, 5_000);

  it('rejects a socket and a device inside an input folder', async () => {
    const input = await folder();
    const socketPath = join(input, 'control.sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const devices = existsSync('/dev/null');
      if (devices) await symlink('/dev/null', join(input, 'null.txt'));
      const { articles, report } = await readAll([input]);
      expect(articles).toEqual([]);
      expect(report.rejected).toEqual([
        { path: socketPath, kind: 'not-a-file', reason: expect.stringContaining('socket') },
        ...(devices ? [{ path: join(input, 'null.txt'), kind: 'not-a-file', reason: expect.stringContaining('device') }] : []),
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 5_000);
});
