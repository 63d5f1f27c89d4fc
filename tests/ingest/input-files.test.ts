import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listInputFiles } from '../../src/ingest/input-files.js';
import { emptyReport } from '../../src/ingest/report.js';
import { readHead } from '../../src/ingest/source.js';
import { MKFIFO_AVAILABLE } from '../helpers.js';
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

/** The names listInputFiles gives the files under `input`, with its report. */
async function listNames(input: string) {
  const report = emptyReport();
  const names = (await listInputFiles(input, report)).map((file) => file.name);
  return { names, report };
}

const story = (title: string) => `Published March 4th, 2021 at 9:00 a.m. EST\n\n${title}\n\nA short story about ${title.toLowerCase()}.\n`;

const MKFIFO = MKFIFO_AVAILABLE;
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
    // A dot folder is not read for itself: only the links lead to what it holds.
    const elsewhere = join(input, '.elsewhere');
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    await mkdir(join(elsewhere, 'more'), { recursive: true });
    await writeFile(join(elsewhere, 'tram.txt'), story('Tram'));
    await writeFile(join(elsewhere, 'more', 'wheat.txt'), story('Wheat'));
    await symlink(join(elsewhere, 'tram.txt'), join(input, 'linked-tram.txt'));
    await symlink(join('.elsewhere', 'more'), join(input, 'linked-folder'));
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
    const shared = join(input, '.shared');
    await mkdir(shared);
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

  it('reads a folder once when a link leads to it and another link to a folder that holds it', async () => {
    const input = await folder();
    await mkdir(join(input, '.store', 'sub'), { recursive: true });
    await writeFile(join(input, '.store', 'sub', 'tram.txt'), story('Tram'));
    await writeFile(join(input, '.store', 'wheat.txt'), story('Wheat'));
    // Followed in name order: "a" reads .store/sub, then "b" reaches it again as a real folder of .store.
    await symlink(join('.store', 'sub'), join(input, 'a'));
    await symlink('.store', join(input, 'b'));
    const { names, report } = await listNames(input);
    expect(names).toEqual([join('a', 'tram.txt'), join('b', 'wheat.txt')]);
    expect(report.skipped).toEqual([
      { path: join(input, 'b', 'sub'), kind: 'already-read', reason: expect.stringContaining('already read') },
    ]);
  });

  it('reads a file once when a link leads to it and another link to the folder that holds it', async () => {
    const input = await folder();
    await mkdir(join(input, '.store'));
    await writeFile(join(input, '.store', 'tram.txt'), story('Tram'));
    await symlink(join('.store', 'tram.txt'), join(input, 'a.txt'));
    await symlink('.store', join(input, 'b'));
    const { names, report } = await listNames(input);
    expect(names).toEqual(['a.txt']);
    expect(report.skipped).toEqual([
      { path: join(input, 'b', 'tram.txt'), kind: 'already-read', reason: expect.stringContaining('already read') },
    ]);
  });

  it('follows links inside an input given through a link, comparing real paths', async () => {
    const real = await folder();
    const input = join(dir, `case-${++folderCount}-link`);
    await symlink(real, input);
    await mkdir(join(real, '.store'));
    await writeFile(join(real, '.store', 'tram.txt'), story('Tram'));
    // Absolute, through the input's own link: it resolves inside the input's real folder.
    await symlink(join(input, '.store', 'tram.txt'), join(real, 'tram.txt'));
    const { names, report } = await listNames(input);
    expect(names).toEqual(['tram.txt']);
    expect(report.skipped).toEqual([]);
    expect(report.rejected).toEqual([]);
  });
});

describe('symbolic links that leave the input', () => {
  it('does not follow a link to a parent folder out of the input, and reports it', async () => {
    const root = await folder();
    const input = join(root, 'in');
    await mkdir(input);
    await mkdir(join(root, 'other'));
    await writeFile(join(input, 'a.txt'), story('Harbour'));
    await writeFile(join(root, 'other', 'b.txt'), story('Tram'));
    await symlink('..', join(input, 'up'));
    const { names, report } = await listNames(input);
    expect(names).toEqual(['a.txt']);
    expect(report.skipped).toEqual([
      { path: join(input, 'up'), kind: 'outside-input', reason: expect.stringContaining(`outside the input folder (to ${root})`) },
    ]);
    expect(report.rejected).toEqual([]);
  });

  it('does not read a file outside the input that a link named like an article leads to', async () => {
    const root = await folder();
    const input = join(root, 'in');
    await mkdir(input);
    const secret = join(root, 'secret.txt');
    await writeFile(secret, story('Password'));
    await writeFile(join(input, 'harbour.txt'), story('Harbour'));
    await symlink(secret, join(input, 'x.txt'));
    const { articles, report } = await readAll([input]);
    expect(articles.map((article) => article.title)).toEqual(['Harbour']);
    expect(report.skipped).toEqual([
      { path: join(input, 'x.txt'), kind: 'outside-input', reason: expect.stringContaining(`outside the input folder (to ${secret})`) },
    ]);
    expect(report.rejected).toEqual([]);
  });

  it("treats a sibling folder whose name starts with the input folder's as outside it", async () => {
    const root = await folder();
    const input = join(root, 'in');
    await mkdir(input);
    await mkdir(join(root, 'in-other'));
    await writeFile(join(root, 'in-other', 'tram.txt'), story('Tram'));
    await symlink(join('..', 'in-other'), join(input, 'linked'));
    const { names, report } = await listNames(input);
    expect(names).toEqual([]);
    expect(report.skipped.map((problem) => problem.kind)).toEqual(['outside-input']);
  });

  it('does not follow a link inside a linked folder out of the input', async () => {
    const root = await folder();
    const input = join(root, 'in');
    await mkdir(join(input, '.store'), { recursive: true });
    await writeFile(join(root, 'secret.txt'), story('Password'));
    await writeFile(join(input, '.store', 'tram.txt'), story('Tram'));
    await symlink(join('..', '..', 'secret.txt'), join(input, '.store', 'leak.txt'));
    await symlink('.store', join(input, 'store'));
    const { names, report } = await listNames(input);
    expect(names).toEqual([join('store', 'tram.txt')]);
    expect(report.skipped).toEqual([{ path: join(input, 'store', 'leak.txt'), kind: 'outside-input', reason: expect.any(String) }]);
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
    const linkFolder = await folder();
    await mkdir(join(linkFolder, '.pipes'));
    const pipe = mkfifo(join(linkFolder, '.pipes', 'pipe'));
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

  it('rejects a socket inside an input folder, and does not follow a link to a device outside it', async () => {
    const input = await folder();
    const socketPath = join(input, 'control.sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const devices = existsSync('/dev/null');
      if (devices) await symlink('/dev/null', join(input, 'null.txt'));
      const { articles, report } = await readAll([input]);
      expect(articles).toEqual([]);
      expect(report.rejected).toEqual([{ path: socketPath, kind: 'not-a-file', reason: expect.stringContaining('socket') }]);
      expect(report.skipped).toEqual(devices ? [{ path: join(input, 'null.txt'), kind: 'outside-input', reason: expect.any(String) }] : []);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 5_000);
});
