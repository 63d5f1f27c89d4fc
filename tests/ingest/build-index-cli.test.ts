import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { buildIndexCommand, progressLine } from '../../src/cli/build-index.js';
import { emptyReport, SearchEngine } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';

const DIR = join(FIXTURES, 'ingest');
let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'gazette-ingest-cli-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

async function build(argv: string[]) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  const printed: string[] = [];
  const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0);
  try {
    return { code: await buildIndexCommand(argv), output: lines.join('\n'), progress: printed.join('') };
  } finally {
    log.mockRestore();
    errors.mockRestore();
  }
}

describe('build-index over every format', () => {
  it('indexes each format end to end, so that each is found by a search', async () => {
    const index = join(out, 'all');
    const { code, output } = await build([
      '-i',
      DIR,
      '-o',
      index,
      '-q',
      '--map',
      'title=hed,body=story,date=meta.published_at',
      '--map',
      'author=byline.name',
    ]);
    expect(code).toBe(0);
    expect(output).toMatch(/by reason: .*duplicate-url 1/);
    const engine = await SearchEngine.open(index);
    const firstHit = (q: string) => engine.search({ q, limit: 1 }).hits[0]?.id;
    expect(firstHit('night buses eastern suburbs')).toBe('cms-101'); // JSON, mapped
    expect(firstHit('ferries islands')).toBe('f1'); // NDJSON
    expect(firstHit('cranes port')).toBe('c1'); // CSV
    expect(firstHit('cycle lanes ring road')).toBe('t2'); // TSV
    expect(firstHit('embankment debris')).toBe('flood-update'); // Markdown
    expect(firstHit('arches footbridge')).toBe('bridge-page'); // HTML
    expect(firstHit('choir')).toBe('time-only'); // HTML with <time>
    expect(firstHit('traders night market')).toBe('evening-market'); // story
    expect(engine.search({ q: 'INJECTED trackPageView stealCookies' }).total).toBe(0);
  });

  it('says, once the articles are read, that it is writing the index (minutes at ten million), and nothing with --quiet', async () => {
    const inputs = ['-i', join(FIXTURES, 'wire.jsonl')];
    const loud = await build([...inputs, '-o', join(out, 'loud')]);
    expect(loud.code).toBe(0);
    expect(loud.progress).toMatch(/^read \d+ articles; writing the index…$/m);
    expect((await build([...inputs, '-o', join(out, 'quiet'), '-q'])).progress).toBe('');
  });

  it('writes every problem and the counts per reason to --report, and --strict fails a run with a rejection', async () => {
    const reportPath = join(out, 'report.json');
    const inputs = ['-i', join(FIXTURES, 'wire.jsonl'), '-i', join(DIR, 'feed.ndjson')];
    const lenient = await build([...inputs, '-o', join(out, 'strict'), '-q', '--report', reportPath]);
    expect(lenient.code).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8'));
    expect(report.counts).toMatchObject({
      'invalid-json': 1,
      'not-an-object': 1,
      'duplicate-id': 1,
      'duplicate-url': 1,
      'duplicate-content': 1,
    });
    expect(report.rejected).toContainEqual({
      path: join(FIXTURES, 'wire.jsonl'),
      line: 4,
      kind: 'invalid-json',
      reason: expect.any(String),
    });
    const strict = await build([...inputs, '-o', join(out, 'strict'), '-q', '--strict']);
    expect(strict.code).toBe(1);
  });

  it('reads files as the format --format names, and refuses an unknown format or a bad --map', async () => {
    const { code, output } = await build(['-i', join(DIR, 'lanes.tsv'), '-o', join(out, 'forced'), '-q', '--format', 'csv']);
    // As CSV the tab-separated header is one unknown column name: the file is refused, with a reason.
    expect(code).toBe(1);
    expect(output).toContain('no header row');
    await expect(build(['-i', DIR, '--format', 'docx'])).rejects.toThrow(UsageError);
    await expect(build(['-i', DIR, '--map', 'headline=title'])).rejects.toThrow(/"headline" is not an article field/);
  });
});

describe('progress', () => {
  it('shows files, articles, bytes, rates and the time left; a bar only on a terminal', () => {
    const report = { ...emptyReport(), files: 3, articles: 1000, bytes: 5 * 1024 * 1024 };
    const plain = progressLine(report, 10 * 1024 * 1024, 2, false);
    expect(plain).toBe('indexing: 50% 3 files, 1,000 articles, 5.0/10.0 MB, 500 articles/s, 2.5 MB/s, ETA 2 s');
    expect(progressLine(report, 10 * 1024 * 1024, 2, true)).toMatch(/^\[#{12}-{12}\] 50% /);
  });
});
