import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentStore, FACET_FIELD_NAMES } from '../../src/index/document-store.js';
import { HeldFile } from '../../src/index/held-file.js';
import { FORMAT_VERSION } from '../../src/index/persistence.js';
import { ArticleFile } from '../../src/index/saved-articles.js';
import { decodeColumns, type SavedTermColumn } from '../../src/index/store-files.js';
import { type Article, IndexCorruptError, IndexNotFoundError, SearchEngine, type SearchRequest } from '../../src/index.js';
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

// Articles with every field filters and facets read, and one undated.
const FACETED = [
  article({
    id: 'p1',
    title: 'Port strike',
    body: 'Dockers strike at the port.',
    author: 'Ann Lee',
    tags: ['labour', 'ports'],
    date: '2021-03-01',
  }),
  article({
    id: 'p2',
    title: 'Strike ends',
    body: 'The port strike ended.',
    author: 'ann  lee',
    tags: ['Labour'],
    url: 'https://www.wire.example/p2',
  }),
  article({
    id: 'p3',
    title: 'Harbour fees',
    body: 'Fees rise at the port.',
    tags: ['ports'],
    date: '2021-04-02',
    source: '/data/wire.jsonl:3',
  }),
  article({ id: 'p4', title: 'Ferry strike', body: 'Ferry crews strike too.', author: 'Bo Ek', date: '2021-04-20T10:00:00Z' }),
];
const FACETED_SEARCHES: SearchRequest[] = [
  { q: 'strike', facets: ['author', 'tag', 'source'], interval: 'month' },
  { q: '', facets: ['author', 'tag', 'source'], sort: 'date' },
  { q: 'port', filters: { tag: ['labour'] }, facets: ['author'] },
  { q: 'strike', from: '2021-04-01', filters: { author: ['bo ek'] } },
  { q: '"port strike"' },
  { q: 'stri*' },
];

function answers(engine: SearchEngine): unknown[] {
  return FACETED_SEARCHES.map((request) => ({ ...engine.search(request), tookMs: 0 }));
}

async function reopened(engine: SearchEngine): Promise<SearchEngine> {
  const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
  await engine.save(directory);
  return SearchEngine.open(directory);
}

describe('the document store on disk', () => {
  it('answers searches, filters and facets after save and open as before', async () => {
    const original = await engineOf(FACETED);
    const opened = await reopened(original);
    expect(answers(opened)).toEqual(answers(original));
    expect([...opened.ids()]).toEqual(FACETED.map((item) => item.id));
    expect(opened.article('p3')).toEqual(FACETED[2]);
  });

  it('saves an opened index that was changed as a full build of the same articles', async () => {
    const opened = await reopened(await engineOf(FACETED));
    opened.remove('p1');
    opened.add(article({ id: 'p5', title: 'New strike', body: 'Another strike.', author: 'Cy Ng', tags: ['labour'], date: '2021-05-01' }));
    const moved: Article = { ...(FACETED[2] as Article), source: '/data/other.jsonl:1' };
    opened.replaceRecord(moved);
    const again = await reopened(opened);
    const fresh = await engineOf([FACETED[1] as Article, moved, FACETED[3] as Article, opened.article('p5') as Article]);
    const withoutScores = (engine: SearchEngine) =>
      answers(engine).map((response) => {
        const { hits, ...rest } = response as { hits: { id: string }[] };
        return { ...rest, hits: hits.map((hit) => hit.id) };
      });
    expect(withoutScores(again)).toEqual(withoutScores(fresh));
    expect(again.size).toBe(4);
    expect(again.search({ q: '', facets: ['source'] }).facets.source).toEqual(fresh.search({ q: '', facets: ['source'] }).facets.source);
  });

  it('saves again an opened index whose articles were never read', async () => {
    const first = await reopened(await engineOf(FACETED));
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    await first.save(directory);
    const text = await readFile(join(await liveVersion(directory), 'articles.jsonl'), 'utf8');
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual(FACETED);
  });

  it('refuses articles, line index and columns that do not fit together', async () => {
    const saved = DocumentStore.fromArticles(FACETED).serialize();
    const path = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'articles.jsonl');
    await writeFile(path, saved.articles instanceof HeldFile ? saved.articles.readAll() : saved.articles);
    const columns = () => decodeColumns(saved.columns, saved.columnsBin, FACET_FIELD_NAMES);
    const opened = (lines: Buffer, count = 4) =>
      DocumentStore.open(new ArticleFile(HeldFile.open(path), lines, count), saved.ids, columns());
    expect([...opened(saved.lines).liveIds()]).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(() => opened(saved.lines.subarray(0, 20), 4)).toThrow(/line index has 20 bytes, not those of 4 articles/);
    expect(() => opened(Buffer.alloc(5 * 8 + 4 * 4), 4)).toThrow(/does not span the articles file/);
    expect(() => decodeColumns(saved.columns, saved.columnsBin.subarray(0, 16), FACET_FIELD_NAMES)).toThrow(/columns\.bin is shorter/);
    const fewer = JSON.stringify({ ...JSON.parse(saved.columns), count: 3 });
    expect(() =>
      DocumentStore.open(
        new ArticleFile(HeldFile.open(path), saved.lines, 4),
        saved.ids,
        decodeColumns(fewer, saved.columnsBin, FACET_FIELD_NAMES),
      ),
    ).toThrow();
    const wrongValue = { ...columns() };
    const tag = wrongValue.terms.tag as SavedTermColumn;
    wrongValue.terms = { ...wrongValue.terms, tag: { ...tag, valueIds: Uint32Array.from(tag.valueIds, () => 99) } };
    expect(() => DocumentStore.open(new ArticleFile(HeldFile.open(path), saved.lines, 4), saved.ids, wrongValue)).toThrow(
      /names a value it does not have/,
    );
  });

  it('reads the indexes of format 8, whose articles and columns were JSON held whole', () => {
    const articles = Buffer.from(`${FACETED.map((one) => JSON.stringify(one)).join('\n')}\nnull\n`);
    const ids = [...FACETED.map((one) => one.id), null];
    const timestamps = [...FACETED.map((one) => (one.date === undefined ? null : Date.parse(one.date))), null];
    const empty = { values: [], starts: [0, 0, 0, 0, 0, 0], valueIds: [] };
    const columns = JSON.stringify({ ids, timestamps, terms: { author: empty, tag: empty, source: empty } });
    const store = DocumentStore.fromSerialized({ articles, columns });
    expect(store.size).toBe(4);
    expect(store.get(2).title).toBe('Harbour fees');
    expect(store.isLive(4)).toBe(false);
    expect(() => DocumentStore.fromSerialized({ articles: articles.subarray(0, articles.indexOf(0x0a) + 1), columns })).toThrow(
      /articles file has 1 lines, the columns 5 articles/,
    );
  });
});

describe('index on disk', () => {
  it('answers the same searches after save and open', async () => {
    const directory = await savedIndex();
    const reopened = await SearchEngine.open(directory);
    const original = await engineOf(ARTICLES);
    const strip = (response: ReturnType<SearchEngine['search']>) => ({ ...response, tookMs: 0 });
    expect(strip(reopened.search({ q: 'storm' }))).toEqual(strip(original.search({ q: 'storm' })));
    expect(reopened.info()).toMatchObject({ articles: 2, analyzer: { stemmer: 'porter' } });
  });

  it('keeps ids with newlines, quotes, markup and emoji through ids.jsonl, and finds each by its id after reopening', async () => {
    const odd = ['line\nbreak', 'quote "x" \\ back', '<script>alert(1)</script>', 'ünïcödé 😀', ' '.repeat(3), 'x'.repeat(5_000)];
    const engine = await engineOf(odd.map((id, n) => article({ id, title: `Story ${n}`, body: `harbour story ${n}` })));
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    await engine.save(directory);
    const reopened = await SearchEngine.open(directory);
    expect([...reopened.ids()]).toEqual(odd);
    for (const [n, id] of odd.entries()) expect(reopened.article(id)?.title).toBe(`Story ${n}`);
    expect(
      reopened
        .search({ q: 'harbour', limit: 10 })
        .hits.map((hit) => hit.id)
        .sort(),
    ).toEqual([...odd].sort());
  });

  it('keeps showing articles from a version that cleanup removed while it was open', async () => {
    const directory = await savedIndex();
    const first = await SearchEngine.open(directory);
    const firstVersion = await liveVersion(directory);
    // Two rebuilds later the first version's folder is gone; its articles file is held open.
    await (await engineOf(ARTICLES.slice(0, 1))).save(directory);
    await (await engineOf(ARTICLES.slice(0, 1))).save(directory);
    await expect(readdir(firstVersion)).rejects.toThrow(/ENOENT/);
    expect(first.search({ q: 'ferry' }).hits.map((hit) => [hit.id, hit.title])).toEqual([['b', 'Ferry timetable']]);
    await first.close();
    expect(() => first.search({ q: 'ferry' })).toThrow(/the index was closed/);
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
    const file = join(await liveVersion(directory), 'vocabulary.txt');
    const content = await readFile(file, 'utf8');
    await writeFile(file, content.replace('harbour', 'harbrou'));
    await expect(SearchEngine.open(directory)).rejects.toThrow(IndexCorruptError);
    await expect(SearchEngine.open(directory)).rejects.toThrow(/vocabulary\.txt: does not match its checksum/);
  });

  it('names the articles file when a search reaches an article whose bytes were altered, and shows the others', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'articles.jsonl');
    const content = await readFile(file, 'utf8');
    await writeFile(file, content.replace('Harbour', 'Harbrou'));
    // Opening reads no article (a million of them are a gigabyte): each line is checked when it is read.
    const engine = await SearchEngine.open(directory);
    expect(engine.search({ q: 'ferry' }).hits.map((hit) => hit.id)).toEqual(['b']);
    expect(() => engine.search({ q: 'harbour' })).toThrow(IndexCorruptError);
    expect(() => engine.search({ q: 'harbour' })).toThrow(/articles\.jsonl: the line of article 0 does not match its checksum.*rebuild/);
  });

  it('names the truncated file', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'articles.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 100));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/articles\.jsonl: has 100 bytes.*truncated/);
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
    await rm(join(await liveVersion(directory), 'articles.jsonl'));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/articles\.jsonl: listed in the manifest but missing; rebuild/);
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
    await expect(SearchEngine.open(directory)).rejects.toThrow(/format 1, older than this Gazette reads \(\d+\); rebuild/);
  });

  it('names the postings file when it was truncated', async () => {
    const directory = await savedIndex();
    const file = join(await liveVersion(directory), 'postings.bin');
    await writeFile(file, (await readFile(file)).subarray(0, 8));
    await expect(SearchEngine.open(directory)).rejects.toThrow(/postings\.bin: has 8 bytes.*truncated/);
  });
});
