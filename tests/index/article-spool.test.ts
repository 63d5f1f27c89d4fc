import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SPOOL } from '../../src/index/document-store.js';
import { type Article, SearchEngine, type SearchRequest } from '../../src/index.js';
import { article } from '../helpers.js';

const DEFAULT_HELD = SPOOL.heldCharacters;
afterEach(() => {
  SPOOL.heldCharacters = DEFAULT_HELD;
});

const WORDS = ['harbour', 'storm', 'ferry', 'strike', 'council', 'budget', 'flood', 'port', 'minister', 'café'];
function articles(count: number): Article[] {
  return Array.from({ length: count }, (_, n) =>
    article({
      id: `a${n}`,
      title: `${WORDS[n % WORDS.length]} ${WORDS[(n * 3) % WORDS.length]}`,
      body: `The ${WORDS[(n * 7) % WORDS.length]} and the ${WORDS[(n * 5) % WORDS.length]} met again, report ${n}.`,
      tags: n % 4 === 0 ? ['weather'] : [],
      date: `2021-0${1 + (n % 9)}-1${n % 10}`,
    }),
  );
}

const SEARCHES: SearchRequest[] = [
  { q: 'harbour storm', facets: ['tag', 'source'], interval: 'month' },
  { q: '"the ferry"' },
  { q: 'caf*', limit: 50 },
  { q: '', sort: 'date', limit: 30, offset: 10 },
];

const spoolFolders = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('gazette-articles-'));

describe('a build holds a bounded amount of article text', () => {
  it('writes articles out past the limit, and answers, saves and reopens exactly as a build that held them all', async () => {
    const all = articles(300);
    const held = await SearchEngine.fromArticles(all);
    SPOOL.heldCharacters = 500;
    const spooled = await SearchEngine.fromArticles(all);
    const strip = (response: ReturnType<SearchEngine['search']>) => ({ ...response, tookMs: 0 });
    for (const request of SEARCHES) expect(strip(spooled.search(request))).toEqual(strip(held.search(request)));
    expect(spooled.article('a42')).toEqual(held.article('a42'));

    const [heldDir, spooledDir] = await Promise.all([0, 1].map(async () => join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index')));
    await held.save(heldDir as string);
    await spooled.save(spooledDir as string);
    const file = async (directory: string) =>
      readFile(join(directory, (await readFile(join(directory, 'CURRENT'), 'utf8')).trim(), 'articles.jsonl'));
    expect((await file(spooledDir as string)).equals(await file(heldDir as string))).toBe(true);
    const reopened = await SearchEngine.open(spooledDir as string);
    for (const request of SEARCHES) expect(strip(reopened.search(request))).toEqual(strip(held.search(request)));
  });

  it('keeps replaced and removed articles right when they were written out already', async () => {
    SPOOL.heldCharacters = 200;
    const all = articles(120);
    const corrected = { ...all[5], title: 'Corrected harbour story' } as Article;
    const spooled = await SearchEngine.fromArticles(all);
    spooled.replace(corrected);
    spooled.remove('a7');
    SPOOL.heldCharacters = DEFAULT_HELD;
    const held = await SearchEngine.fromArticles(all);
    held.replace(corrected);
    held.remove('a7');
    expect(spooled.article('a5')?.title).toBe('Corrected harbour story');
    expect(spooled.article('a7')).toBeUndefined();
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    await spooled.save(directory);
    const reopened = await SearchEngine.open(directory);
    expect(reopened.size).toBe(held.size);
    expect([...reopened.ids()].sort()).toEqual([...held.ids()].sort());
    expect(reopened.search({ q: 'corrected harbour' }).hits[0]?.id).toBe('a5');
  });

  it('writes out what an opened index adds after its saved articles, and saves it as a build that held them all would', async () => {
    const all = articles(300);
    const corrected = { ...all[5], title: 'Corrected harbour story' } as Article;
    const change = (engine: SearchEngine) => {
      engine.replace(corrected);
      engine.remove('a7');
      engine.remove('a150');
    };
    const held = await SearchEngine.fromArticles(all);
    change(held);
    const baseDir = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    await (await SearchEngine.fromArticles(all.slice(0, 100))).save(baseDir);
    SPOOL.heldCharacters = 300;
    const opened = await SearchEngine.open(baseDir);
    for (const each of all.slice(100)) opened.add(each);
    change(opened);
    const strip = (response: ReturnType<SearchEngine['search']>) => ({ ...response, tookMs: 0 });
    for (const request of SEARCHES) expect(strip(opened.search(request))).toEqual(strip(held.search(request)));
    expect(opened.article('a120')).toEqual(held.article('a120'));

    const [heldDir, openedDir] = await Promise.all([0, 1].map(async () => join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index')));
    await held.save(heldDir as string);
    await opened.save(openedDir as string);
    const version = async (directory: string) => join(directory, (await readFile(join(directory, 'CURRENT'), 'utf8')).trim());
    for (const name of ['articles.jsonl', 'article-lines.bin', 'ids.jsonl', 'columns.bin', 'columns.json']) {
      const [a, b] = await Promise.all(
        [heldDir, openedDir].map(async (directory) => readFile(join(await version(directory as string), name))),
      );
      expect(a?.equals(b as Buffer), name).toBe(true);
    }
    const reopened = await SearchEngine.open(openedDir as string);
    for (const request of SEARCHES) expect(strip(reopened.search(request))).toEqual(strip(held.search(request)));
    await Promise.all([opened.close(), reopened.close()]);
  });

  it('leaves no file behind: the spool has no name from the moment it is made', async () => {
    const before = await spoolFolders();
    SPOOL.heldCharacters = 100;
    const engine = await SearchEngine.fromArticles(articles(50));
    expect(engine.search({ q: 'harbour' }).total).toBeGreaterThan(0);
    expect(await spoolFolders()).toEqual(before);
    await engine.close();
  });
});
