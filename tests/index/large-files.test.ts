import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_FILE, readVersion, WRITE_CHUNK } from '../../src/index/persistence.js';
import { IndexCorruptError, SearchEngine, type SearchRequest, SearchThreads, type SharedIndexFiles } from '../../src/index.js';
import { SAMPLE } from '../http/server-under-test.js';

// At ten million articles the postings pass the 4 GiB one Buffer can view: such a file is read as
// 32-bit words. These tests lower the limit so that the bundled sample's two Int32 streams (the
// postings and the forward index) pass it while every other file it reads whole stays under.
const STREAMS = ['postings.bin', 'forward.bin'];
const HELD = ['articles.jsonl'];
const BUFFER_LIMIT = LARGE_FILE.bytes;
const ONE_WRITE = WRITE_CHUNK.bytes;

let folder: string;
let directory: string;
let version: string;
let limit: number;
let plain: SearchEngine;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gazette-large-'));
  directory = join(folder, 'index');
  const { engine } = await SearchEngine.fromFiles([SAMPLE]);
  await engine.save(directory);
  version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
  const manifest = JSON.parse(await readFile(join(directory, version, 'manifest.json'), 'utf8')) as {
    files: Record<string, { bytes: number }>;
  };
  const sizes = Object.entries(manifest.files);
  limit = Math.max(...sizes.filter(([name]) => !STREAMS.includes(name) && !HELD.includes(name)).map(([, { bytes }]) => bytes));
  for (const name of STREAMS) expect(manifest.files[name]?.bytes, name).toBeGreaterThan(limit);
  plain = await SearchEngine.open(directory);
});

afterEach(() => {
  LARGE_FILE.bytes = BUFFER_LIMIT;
  WRITE_CHUNK.bytes = ONE_WRITE;
});

afterAll(async () => {
  await plain.close();
  await rm(folder, { recursive: true, force: true });
});

const REQUESTS: SearchRequest[] = [
  { q: 'protest minsk' },
  { q: '"water cannon"', explain: true },
  { q: 'flood* -monsoon', facets: ['author', 'tag', 'source'] },
  { q: 'budget', sort: 'date', interval: 'year' },
  { q: 'police', filters: { tag: ['Belarus'] }, limit: 3, offset: 1 },
];

function withoutTime<T extends { tookMs?: number }>(response: T): Omit<T, 'tookMs'> {
  const { tookMs: _tookMs, ...rest } = response;
  return rest;
}

describe('index files past what one Buffer holds', () => {
  it('are read as 32-bit words, checked against their checksums', async () => {
    LARGE_FILE.bytes = limit;
    const { files } = await readVersion(directory, version, () => HELD);
    for (const name of STREAMS) expect(files[name], name).toBeInstanceOf(Int32Array);
    expect(Buffer.isBuffer(files['vocabulary.txt'])).toBe(true);
  });

  it('answer every search as an index read into Buffers does, in this thread and in search threads', async () => {
    LARGE_FILE.bytes = limit;
    const large = await SearchEngine.open(directory);
    const shared = await SearchEngine.open(directory, { sharedMemory: true });
    const threads = new SearchThreads({ threads: 1, searchBudgetMs: 1_000 });
    try {
      const searcher = threads.searcher(await threads.open(shared.sharedFiles() as SharedIndexFiles));
      for (const request of REQUESTS) {
        const expected = withoutTime(plain.search(request));
        expect(expected.total, request.q).toBeGreaterThan(0);
        expect(withoutTime(large.search(request)), request.q).toEqual(expected);
        expect(withoutTime(shared.search(request)), request.q).toEqual(expected);
        expect(withoutTime(await searcher.search(request)), request.q).toEqual(expected);
      }
    } finally {
      await threads.close();
      await Promise.all([large.close(), shared.close()]);
    }
  });

  it('take articles added and removed after opening, and save them again', async () => {
    LARGE_FILE.bytes = limit;
    const large = await SearchEngine.open(directory, { sharedMemory: true });
    const gone = plain.search({ q: 'minsk' }).hits[0]?.id ?? '';
    large.add({ id: 'added-1', title: 'Lighthouse keepers vote', body: 'The lighthouse keepers of the coast voted.', tags: [] });
    large.remove(gone);
    expect(large.search({ q: 'lighthouse' }).hits.map((hit) => hit.id)).toEqual(['added-1']);
    expect(large.search({ q: 'minsk' }).hits.map((hit) => hit.id)).not.toContain(gone);
    const copy = join(folder, 'copy');
    await large.save(copy);
    await large.close();
    LARGE_FILE.bytes = BUFFER_LIMIT;
    const reopened = await SearchEngine.open(copy);
    expect(reopened.search({ q: 'lighthouse' }).total).toBe(1);
    expect(reopened.info().articles).toBe(plain.info().articles);
    await reopened.close();
  });

  it('are checked as any file is: one changed byte is an IndexCorruptError naming the file', async () => {
    const damaged = join(folder, 'damaged');
    await plain.save(damaged);
    const damagedVersion = (await readFile(join(damaged, 'CURRENT'), 'utf8')).trim();
    const postings = join(damaged, damagedVersion, 'postings.bin');
    const bytes = await readFile(postings);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    await writeFile(postings, bytes);
    LARGE_FILE.bytes = limit;
    const error = await SearchEngine.open(damaged).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexCorruptError);
    expect((error as Error).message).toContain(postings);
    expect((error as Error).message).toMatch(/does not match its checksum/);
  });

  it('are refused with the file named when they are not Int32 streams', async () => {
    LARGE_FILE.bytes = 0;
    const error = await SearchEngine.open(directory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexCorruptError);
    expect((error as Error).message).toMatch(/more than this Gazette reads whole/);
    expect((error as Error).message).toContain(join(directory, version));
  });

  it('are written in slices of what one write takes, byte for byte as in one', async () => {
    // fs.write takes at most 2 GiB; ten million articles' postings hold 2.9 GB of article numbers.
    WRITE_CHUNK.bytes = 999;
    const sliced = join(folder, 'sliced');
    await plain.save(sliced);
    const slicedVersion = (await readFile(join(sliced, 'CURRENT'), 'utf8')).trim();
    for (const name of [...STREAMS, 'vocabulary.txt', 'columns.bin']) {
      expect((await readFile(join(sliced, slicedVersion, name))).equals(await readFile(join(directory, version, name))), name).toBe(true);
    }
    WRITE_CHUNK.bytes = ONE_WRITE;
    const reopened = await SearchEngine.open(sliced);
    for (const request of REQUESTS) expect(withoutTime(reopened.search(request)), request.q).toEqual(withoutTime(plain.search(request)));
    await reopened.close();
  });
});
