import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('keeps one version after a rebuild into the same folder', async () => {
    const directory = await savedIndex();
    await (await engineOf(ARTICLES.slice(0, 1))).save(directory);
    expect((await readdir(directory)).sort()).toEqual(['CURRENT', (await readFile(join(directory, 'CURRENT'), 'utf8')).trim()].sort());
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
});
