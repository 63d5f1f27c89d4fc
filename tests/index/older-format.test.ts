import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';

// An index of eight of the sample articles written by the Gazette of index format 9 (one
// weighted frequency a posting, distinct-term counts in their own file).
const FORMAT_9 = fileURLToPath(new URL('../fixtures/format-9-index/', import.meta.url));
const ARTICLES = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));
const SOURCES = [
  '2019-02-27-kestrel-bay-budget-bus-fares.txt',
  '2019-04-10-first-black-hole-image.txt',
  '2019-05-23-india-election-results-bjp.txt',
  '2019-08-09-kerala-floods-wayanad-landslide.txt',
  '2019-10-04-rbi-cuts-repo-rate.txt',
  '2019-12-13-uk-election-conservative-majority.txt',
  '2020-03-11-who-declares-pandemic.txt',
  '2020-05-13-kestrel-bay-transit-ridership-pandemic.txt',
];
const QUERIES = ['election', 'bus fares budget', 'pandemic', '"black hole"', 'rate cut', 'flood landslide kerala', 'kestrel bay'];

const pages = (engine: SearchEngine) =>
  QUERIES.map((q) => {
    const { total, hits } = engine.search({ q, limit: 10 });
    return { q, total, hits: hits.map((hit) => [hit.id, hit.score]) };
  });

async function formatOf(directory: string): Promise<number> {
  const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
  return (JSON.parse(await readFile(join(directory, version, 'manifest.json'), 'utf8')) as { formatVersion: number }).formatVersion;
}

describe('an index written before title and body were counted apart (format 9)', () => {
  it('opens and ranks as a fresh index of the same articles, and is saved in format 10', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'gazette-format-9-'));
    await cp(FORMAT_9, copy, { recursive: true });
    expect(await formatOf(copy)).toBe(9);
    const opened = await SearchEngine.open(copy);
    const { engine: fresh } = await SearchEngine.fromFiles(SOURCES.map((name) => join(ARTICLES, name)));
    expect(pages(opened)).toEqual(pages(fresh));
    expect(pages(opened).every((page) => page.total > 0)).toBe(true);

    const saved = await mkdtemp(join(tmpdir(), 'gazette-format-10-'));
    await opened.save(saved);
    expect(await formatOf(saved)).toBe(10);
    expect(pages(await SearchEngine.open(saved))).toEqual(pages(fresh));
  });
});
