import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readableLogLine } from '../../src/cli/log-lines.js';
import { emptyReport, readArticles } from '../../src/index.js';
import { fileSelector } from '../../src/ingest/file-selection.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';

// The newcomer's path: `npm start -- --articles <folder>` serves that folder.
const SERVE = fileURLToPath(new URL('../../scripts/serve.ts', import.meta.url));
// Run from the repository, where tsx resolves; the index goes in the test's own folder.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STORIES = fileURLToPath(new URL('../fixtures/stories/', import.meta.url));
const NEW_STORY = 'Night ferry resumes\nPublished 4 May 2021\n\nThe night ferry to the islands sails again after the strike.\n';

async function folderOfStories(): Promise<{ root: string; articles: string }> {
  const root = await mkdtemp(join(tmpdir(), `${TEMPORARY_PREFIX}newcomer-`));
  const articles = join(root, 'my-articles');
  await mkdir(articles);
  await cp(join(STORIES, 'harbour-protest.txt'), join(articles, 'harbour-protest.txt'));
  await writeFile(join(articles, 'README.TXT'), 'About this folder: stories for the ferry company newsletter.\n');
  return { root, articles };
}

function serve(args: string[], root: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', SERVE, '--port', '0', '--index', join(root, 'index'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the server until it is ready; returns its log and its answer to one search. */
async function serveOnce(args: string[], cwd: string, query: string): Promise<{ log: string; total: number }> {
  const child = serve(args, cwd);
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${log}`)), 30_000);
      child.stderr?.on('data', (chunk) => {
        log += String(chunk);
      });
      child.stdout?.on('data', (chunk) => {
        log += String(chunk);
        if (log.includes('; ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${log}`)));
    });
    const port = Number(/"port":(\d+)/.exec(log)?.[1]);
    const answer = (await (await fetch(`http://127.0.0.1:${port}/search?q=${query}`)).json()) as { total: number };
    return { log, total: answer.total };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

function failure(args: string[], root: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const argv = ['--import', 'tsx', SERVE, '--port', '0', '--index', join(root, 'index'), ...args];
    execFile(process.execPath, argv, { cwd: ROOT }, (error, _stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error.code as number), stderr }),
    );
  });
}

describe('npm start -- --articles <folder>', () => {
  it('serves that folder, and re-indexes it when its files changed since the index was built, saying so', async () => {
    const { root, articles } = await folderOfStories();
    const first = await serveOnce(['--articles', articles, '--exclude', 'README*'], root, 'harbour');
    expect(first.total).toBe(1);
    expect(first.log).toMatch(/"msg":"indexed 1 articles from /);
    await writeFile(join(articles, 'night-ferry.txt'), NEW_STORY);
    const second = await serveOnce(['--articles', articles, '--exclude', 'README*'], root, 'ferry');
    expect(second.log).toMatch(/changed since the index was built \(1 files added, 0 changed, 0 removed\): re-indexed/);
    expect(second.total).toBe(1);
    const third = await serveOnce(['--articles', articles, '--exclude', 'README*'], root, 'ferry');
    expect(third.log).toMatch(/the index is up to date with /);
  }, 90_000);

  it('re-reads every file when --exclude changed, so that a file now left out leaves the index', async () => {
    const { root, articles } = await folderOfStories();
    const first = await serveOnce(['--articles', articles], root, 'newsletter');
    expect(first.total).toBe(1);
    const second = await serveOnce(['--articles', articles, '--exclude', 'README*'], root, 'newsletter');
    expect(second.log).toMatch(/the --include\/--exclude patterns changed since the index was built: re-indexed every file/);
    expect(second.total).toBe(0);
    const third = await serveOnce(['--articles', articles, '--exclude', 'README*'], root, 'harbour');
    expect(third.log).toMatch(/the index is up to date with /);
    expect(third.total).toBe(1);
  }, 90_000);

  it.each([
    ['a missing folder', 'no-such-folder', /^error: --articles .*no-such-folder does not exist: give the folder/],
    ['an empty folder', 'empty', /^error: --articles .*empty holds no files: put your articles there/],
  ])('stops on %s with one line, before listening', async (_case, name, message) => {
    const { root } = await folderOfStories();
    await mkdir(join(root, 'empty'));
    const result = await failure(['--articles', join(root, name)], root);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  it('says in one line that the port is in use', async () => {
    const { root, articles } = await folderOfStories();
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      const port = (holder.address() as { port: number }).port;
      const result = await failure(['--articles', articles, '--port', String(port)], root);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `error: port ${port} on 127.0.0.1 is in use by another program: stop it, or choose another with --port`,
      ]);
    } finally {
      holder.close();
    }
  }, 30_000);
});

describe('input patterns', () => {
  it('leaves out what --exclude matches at any depth, case-insensitively, and keeps only what --include matches', () => {
    const select = fileSelector({ include: ['*.txt', 'feeds/**'], exclude: ['README*'] });
    expect(select('harbour.txt')).toBeUndefined();
    expect(select('2020/august/minsk.TXT')).toBeUndefined();
    expect(select('feeds/wire.jsonl')).toBeUndefined();
    expect(select('corpus/README.TXT')).toBe('left out by --exclude README*');
    expect(select('notes.md')).toBe('matches no --include pattern (*.txt, feeds/**)');
  });

  it('reports each file left out as skipped (excluded), so nothing is lost silently', async () => {
    const { articles } = await folderOfStories();
    const report = emptyReport();
    const read = [];
    for await (const article of readArticles([articles], report, { files: { exclude: ['readme.*'] } })) read.push(article.title);
    expect(read).toEqual(['Dock workers protest outside Harbour Board over new shift rules']);
    expect(report.skipped).toEqual([{ path: join(articles, 'README.TXT'), kind: 'excluded', reason: 'left out by --exclude readme.*' }]);
  });
});

describe('logs on a terminal', () => {
  it('reads as a time, a level, the message and its fields; a request as method, URL, status and time', () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(
      readableLogLine(JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', articles: 48, msg: 'serving 48 articles; ready' })),
    ).toBe('03:04:05 INFO  serving 48 articles; ready  articles=48\n');
    const request = { level: 30, time, reqId: 'r1', method: 'GET', url: '/search?q=x', status: 200, ms: 1.2, msg: 'request' };
    expect(readableLogLine(JSON.stringify(request))).toBe('03:04:05 INFO  GET /search?q=x 200 1.2 ms  reqId=r1\n');
    expect(readableLogLine(JSON.stringify({ level: 50, time, msg: 'bad \u001b[2J file' }))).toBe('03:04:05 ERROR bad \\x1b[2J file\n');
  });
});
