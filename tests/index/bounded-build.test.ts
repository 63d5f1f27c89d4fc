import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Article,
  type BuildMemory,
  InvalidParameterError,
  SearchEngine,
  type SearchRequest,
  UnsafeIndexFolderError,
} from '../../src/index.js';
import { article } from '../helpers.js';

// A small vocabulary, so that terms repeat within and across articles (counts past one, common
// terms whose postings fill a pass alone) and one word not in ASCII.
const WORDS = ['harbour', 'storm', 'ferry', 'strike', 'council', 'budget', 'flood', 'port', 'minister', 'café', '1987', 'the'];

const articleArbitrary = (n: number) =>
  fc
    .record({
      title: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
      body: fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }),
      tag: fc.option(fc.constantFrom('weather', 'politics'), { nil: undefined }),
    })
    .map(({ title, body, tag }) =>
      article({ id: `a${n}`, title: title.join(' '), body: body.join(' '), tags: tag === undefined ? [] : [tag], date: '2021-03-04' }),
    );

const corpusArbitrary = fc
  .integer({ min: 0, max: 40 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, n) => articleArbitrary(n))));

const memoryArbitrary: fc.Arbitrary<BuildMemory> = fc.record({
  forwardWords: fc.integer({ min: 1, max: 200 }),
  postingsPerPass: fc.integer({ min: 1, max: 60 }),
  wordsPerRead: fc.integer({ min: 1, max: 120 }),
});

const newFolder = async () => join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');

// A saved version's files as its manifest lists them (length and checksum), and its meta.
async function savedFiles(directory: string): Promise<{ files: unknown; meta: unknown }> {
  const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
  const manifest = JSON.parse(await readFile(join(directory, version, 'manifest.json'), 'utf8')) as { files: unknown; meta: unknown };
  return { files: manifest.files, meta: manifest.meta };
}

async function fileOf(directory: string, name: string): Promise<Buffer> {
  const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
  return readFile(join(directory, version, name));
}

const SEARCHES: SearchRequest[] = [
  { q: 'harbour storm', facets: ['tag'], interval: 'month' },
  { q: '"the ferry"' },
  { q: 'caf*', limit: 50 },
  { q: '', sort: 'date', limit: 30 },
];

describe('SearchEngine.build: an index built with bounded memory', () => {
  it('writes the files that fromArticles and save write, whatever part of the index it holds at once', async () => {
    await fc.assert(
      fc.asyncProperty(corpusArbitrary, memoryArbitrary, async (articles: Article[], memory) => {
        const [held, bounded] = [await newFolder(), await newFolder()];
        await (await SearchEngine.fromArticles(articles)).save(held);
        const built = await SearchEngine.build(bounded, articles, { memory });
        expect(built.articles).toBe(articles.length);
        expect(await savedFiles(bounded)).toEqual(await savedFiles(held));
        for (const name of ['postings.bin', 'forward.bin'])
          expect((await fileOf(bounded, name)).equals(await fileOf(held, name))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('opens and answers as the index built in memory, and skips an id already seen', async () => {
    const articles = Array.from({ length: 200 }, (_, n) =>
      article({
        id: `a${n}`,
        title: `${WORDS[n % WORDS.length]} ${WORDS[(n * 5) % WORDS.length]}`,
        body: `The ${WORDS[(n * 7) % WORDS.length]} and the ferry met the ${WORDS[(n * 3) % WORDS.length]}, report ${n}.`,
        tags: n % 4 === 0 ? ['weather'] : [],
        date: `2021-0${1 + (n % 9)}-1${n % 10}`,
      }),
    );
    const directory = await newFolder();
    const memory = { forwardWords: 64, postingsPerPass: 50, wordsPerRead: 100 };
    const built = await SearchEngine.build(directory, [...articles, { ...(articles[3] as Article), title: 'a second a3' }], { memory });
    expect(built.articles).toBe(200);
    const inMemory = await SearchEngine.fromArticles(articles);
    const opened = await SearchEngine.open(directory);
    const strip = (response: ReturnType<SearchEngine['search']>) => ({ ...response, tookMs: 0 });
    for (const request of SEARCHES) expect(strip(opened.search(request))).toEqual(strip(inMemory.search(request)));
    expect(opened.article('a3')?.title).toBe(articles[3]?.title);
    await opened.close();
  });

  it('leaves the index that was there when the articles cannot be read, and refuses a folder that is not an index', async () => {
    const directory = await newFolder();
    await SearchEngine.build(directory, [article({ id: 'kept', title: 'Harbour storm', body: 'The ferry stayed in port.' })]);
    async function* failing(): AsyncGenerator<Article> {
      yield article({ id: 'lost', title: 'Budget', body: 'The council met.' });
      throw new Error('the disk went away');
    }
    await expect(SearchEngine.build(directory, failing())).rejects.toThrow('the disk went away');
    // An object that is not an article (given by an embedder, not read from files) stops the build, naming the field.
    const malformed = { id: 'bad', title: 'Budget', body: 42 } as unknown as Article;
    await expect(SearchEngine.build(directory, [malformed])).rejects.toThrow(InvalidParameterError);
    await expect(SearchEngine.build(directory, [malformed])).rejects.toThrow(/body/);
    const opened = await SearchEngine.open(directory);
    expect(opened.search({ q: 'ferry' }).hits.map((hit) => hit.id)).toEqual(['kept']);
    await opened.close();
    const foreign = await mkdtemp(join(tmpdir(), 'gazette-test-'));
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    await expect(SearchEngine.build(foreign, [article({ id: 'a', title: 'x', body: 'y' })])).rejects.toThrow(UnsafeIndexFolderError);
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
