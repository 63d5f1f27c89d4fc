import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../src/index/persistence.js';
import { IndexCorruptError, IndexNotFoundError, SearchEngine } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

const ARTICLES = [
  article({ id: 'a', title: 'Harbour storm', body: 'A storm closed the harbour.', date: '2021-12-31T23:30:00.000Z' }),
  article({ id: 'b', title: 'Ferry timetable', body: 'Ferries run again after the storm.', tags: ['transport'] }),
];

async function savedIndex(): Promise<string> {
  const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
  await (await engineOf(ARTICLES)).save(directory);
  return directory;
}

async function liveVersion(directory: string): Promise<string> {
  return join(directory, (await readFile(join(directory, 'CURRENT'), 'utf8')).trim());
}

describe('index on disk', () => {
  it('answers the same searches after save and open', async () => {
    const directory = await savedIndex();
    const reopened = await SearchEngine.open(directory);
    const original = await engineOf(ARTICLES);
    const strip = (response: ReturnType<SearchEngine['search']>) => ({ ...response, tookMs: 0 });
    expect(strip(reopened.search({ q: 'storm' }))).toEqual(strip(original.search({ q: 'storm' })));
    expect(reopened.info()).toMatchObject({ articles: 2, analyzer: { stemmer: 'porter' } });
  });

  it('keeps the live version and the one it replaced after rebuilds into the same folder', async () => {
    const directory = await savedIndex();
    const second = await (await engineOf(ARTICLES)).save(directory);
    const third = await (await engineOf(ARTICLES.slice(0, 1))).save(directory);
    expect((await readdir(directory)).sort()).toEqual(['CURRENT', second, third].sort());
    expect((await SearchEngine.open(directory)).size).toBe(1);
  });

  it('says there is no index, and how to build one, for an empty folder', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gazette-test-'));
    await expect(SearchEngine.open(directory)).rejects.toThrow(IndexNotFoundError);
    await expect(SearchEngine.open(directory)).rejects.toThrow(/npm run build-index/);
  });

  it('names the damaged file when a data file was altered', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'articles.json');
    const content = await readFile(file, 'utf8');
    await writeFile(file, content.replace('Harbour', 'Harbrou'));
    await expect(SearchEngine.open(directory)).rejects.toThrow(IndexCorruptError);
    await expect(SearchEngine.open(directory)).rejects.toThrow(/articles\.json: does not match its checksum/);
  });

  it('names the truncated file', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'text-index.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 100));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/text-index\.json: has 100 bytes.*truncated/);
  });

  it('refuses an index from a future format version', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/format 99, newer than this Gazette reads/);
  });

  it('names the file whose bytes were flipped, even when its length is unchanged', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'text-index.json');
    const bytes = await readFile(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    await expect(SearchEngine.open(directory)).rejects.toThrow(/text-index\.json: does not match its checksum.*rebuild/);
  });

  it('names a data file that was deleted', async () => {
    const directory = await savedIndex();
    await rm(join(await liveVersion(directory), 'articles.json'));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/articles\.json: listed in the manifest but missing; rebuild/);
  });

  it('names the manifest when it is not JSON', async () => {
    const directory = await savedIndex();
    await writeFile(join(await liveVersion(directory), 'manifest.json'), '{"format": "gazette-ind');
    await expect(SearchEngine.open(directory)).rejects.toThrow(/manifest\.json: cannot be read/);
  });

  it('says so when CURRENT names a version that is not there', async () => {
    const directory = await savedIndex();
    await writeFile(join(directory, 'CURRENT'), 'v-20200101T000000-1-abcd\n');
    await expect(SearchEngine.open(directory)).rejects.toThrow(IndexCorruptError);
  });

  it('records the analyzer, article count and source files in the manifest', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    const input = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'wire.jsonl');
    await writeFile(input, `${JSON.stringify({ id: 'x', title: 'Tram strike', body: 'Trams stopped.' })}\n`);
    const { engine } = await SearchEngine.fromFiles([input]);
    await engine.save(directory);
    const manifest = JSON.parse(await readFile(join(await liveVersion(directory), 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      formatVersion: FORMAT_VERSION,
      meta: {
        gazetteVersion: expect.any(String),
        analyzer: { stemmer: 'porter' },
        articleCount: 1,
        sources: {
          inputs: [input],
          files: [{ path: input, bytes: expect.any(Number), mtimeMs: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
        },
      },
    });
  });

  it('refuses an index in an older format, saying to rebuild', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, formatVersion: 1 }));
    await expect(SearchEngine.open(directory)).rejects.toThrow(
      new RegExp(`format 1, older than this Gazette reads \\(${FORMAT_VERSION}\\); rebuild`),
    );
  });

  it('names the postings file when it was truncated', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'postings.bin');
    await writeFile(file, (await readFile(file)).subarray(0, 8));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/postings\.bin: has 8 bytes.*truncated/);
  });
});
