import { execFile, execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { buildIndexCommand } from '../../src/cli/build-index.js';
import { searchCommand } from '../../src/cli/search.js';
import { type Article, SearchEngine } from '../../src/index.js';
import { MKFIFO_AVAILABLE } from '../helpers.js';

const BUILD_INDEX = fileURLToPath(new URL('../../scripts/build-index.ts', import.meta.url));

// Not under the shared "gazette-test-" prefix: another run's teardown removes those while this one reads.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gazette-cli-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs a command in this process, collecting what it prints on stdout and on stderr. */
async function run(command: (argv: string[]) => Promise<number>, argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(`${parts.join(' ')}\n`));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0);
  try {
    const code = await command(argv);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}

const MKFIFO = MKFIFO_AVAILABLE;
if (!MKFIFO) console.warn('mkfifo is unavailable: the FIFO test of build-index is skipped');

describe('build-index given a FIFO or a device as --input', () => {
  it.skipIf(!MKFIFO)(
    'stops with a one-line error naming the input, not a stack trace, and does not wait on the FIFO',
    async () => {
      const pipe = join(dir, 'articles.jsonl');
      execFileSync('mkfifo', [pipe]);
      try {
        const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = execFile(
            process.execPath,
            ['--import', 'tsx', BUILD_INDEX, '--input', pipe, '--out', join(dir, 'index'), '--quiet'],
            { timeout: 15_000 },
            (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
          );
        });
        expect(result.stderr).toBe(
          `error: --input ${pipe} is a named pipe (FIFO), not a file or folder of articles; save what it sends to a file and index that\n`,
        );
        expect(result.code).toBe(2);
        expect(existsSync(join(dir, 'index'))).toBe(false);
      } finally {
        // Lets go of a reader stuck opening the FIFO (the bug), so that a failing run still ends.
        try {
          closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // ENXIO: nobody has it open.
        }
      }
    },
    20_000,
  );

  it.skipIf(!existsSync('/dev/null'))('refuses a device the same way', async () => {
    await expect(buildIndexCommand(['--input', '/dev/null', '--out', join(dir, 'null-index'), '--quiet'])).rejects.toThrow(
      new UsageError(
        '--input /dev/null is a character device, not a file or folder of articles; save what it sends to a file and index that',
      ),
    );
  });
});

describe('file names with terminal escape sequences', () => {
  it('are printed escaped by build-index, so that a name cannot clear the screen, retitle the terminal or forge a line', async () => {
    const input = join(dir, 'escapes');
    await mkdir(input);
    const hostileName = 'news\u001b[2J\u001b]0;pwned\u0007\nrejected fake.txt';
    await writeFile(join(input, hostileName), '');
    await writeFile(
      join(input, 'wire.jsonl'),
      `${JSON.stringify({ id: 'w1', title: 'Harbour reopens', body: 'The harbour reopened.', date: 'soon\u001b[31m red' })}\n`,
    );
    const { code, stdout } = await run(buildIndexCommand, ['--input', input, '--out', join(dir, 'escapes-index'), '--quiet']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(stdout).toContain(`rejected ${input}/news\\x1b[2J\\x1b]0;pwned\\x07\\nrejected fake.txt: empty file (0 bytes)`);
    expect(stdout).toContain('unreadable date "soon\\x1b[31m red"');
    expect(stdout.split('\n').filter((line) => line.includes('rejected fake.txt'))).toHaveLength(1);
  });
});

describe('search prints what articles hold escaped', () => {
  it('escapes a hostile file name in the source facet and a hostile id in a hit', async () => {
    const input = join(dir, 'facets');
    await mkdir(input);
    await writeFile(
      join(input, 'wire\u001b]0;pwned\u0007.jsonl'),
      `${JSON.stringify({ id: 'w1\u001b[2J', title: 'Harbour reopens', body: 'The harbour reopened.' })}\n`,
    );
    const index = join(dir, 'facets-index');
    await run(buildIndexCommand, ['--input', input, '--out', index, '--quiet']);
    const { code, stdout } = await run(searchCommand, ['--index', index, '--facets', 'source', 'harbour']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(stdout).toContain('id w1\\x1b[2J');
    expect(stdout).toContain('wire\\x1b]0;pwned\\x07.jsonl');
  });
});

describe('search --batch with queries the engine refuses', () => {
  let index: string;
  beforeAll(async () => {
    index = join(dir, 'batch-index');
    const articles: Article[] = [
      { id: 'a1', title: 'Storm closes harbour', body: 'A winter storm closed the harbour.', tags: [] },
      { id: 'a2', title: 'Tram fares rise', body: 'Tram fares rise in May.', tags: [] },
    ];
    await (await SearchEngine.fromArticles(articles)).save(index);
  });

  it('reports each refused query on stderr with its qid and reason, runs the rest, and exits 1', async () => {
    const queries = join(dir, 'queries.tsv');
    await writeFile(queries, `q1\tharbour\nq2\t${'harbour '.repeat(2001)}\nq3\ttram\nq\u001b[2J4\t${'x'.repeat(20_001)}\n`);
    const { code, stdout, stderr } = await run(searchCommand, ['--index', index, '--batch', queries, '--trec']);
    expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(/^q1 Q0 a1 1 /), expect.stringMatching(/^q3 Q0 a2 1 /)]);
    const refused = stderr.trim().split('\n');
    expect(refused).toEqual([
      expect.stringMatching(new RegExp(`^${queries}:2: query q2 refused: q: .+`)),
      expect.stringMatching(new RegExp(`^${queries}:4: query q\\\\x1b\\[2J4 refused: q: is 20001 characters long; at most 20000`)),
    ]);
    expect(code).toBe(1);
  });

  it('runs queries longer than the server allows (1,000 characters, 100 terms), as test collections have them', async () => {
    const queries = join(dir, 'long-queries.tsv');
    const long = `${'the winter storm that closed the harbour '.repeat(40)}`;
    await writeFile(queries, `q1\t${long}\nq2\t${'tram fares '.repeat(150)}\n`);
    expect(long.length).toBeGreaterThan(1_000);
    const { code, stdout, stderr } = await run(searchCommand, ['--index', index, '--batch', queries, '--trec']);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(/^q1 Q0 a1 1 /), expect.stringMatching(/^q2 Q0 a2 1 /)]);
    expect(code).toBe(0);
  });
});
