import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { DeferredTerms, STEMMING_THREAD } from '../../src/index/deferred-terms.js';
import { type Article, SearchEngine } from '../../src/index.js';
import { article } from '../helpers.js';

const DEFAULTS = { ...STEMMING_THREAD };
afterEach(() => Object.assign(STEMMING_THREAD, DEFAULTS));

// Words whose terms differ from their forms in every way the analyzer has: stems, stop words,
// numbers (not stemmed), a word past the stemmer's length (not stemmed), accents folded, case
// variants of one form, possessives.
const WORDS = [
  'Running',
  'runs',
  'runner',
  'the',
  'and',
  '1987',
  'ports',
  'PORTS',
  'Café',
  'cafe',
  "minister's",
  'nationalisation',
  'a'.repeat(45),
  'flooded',
  'floods',
  'Łukashenko',
];

const textArbitrary = (most: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: most }).map((words) => words.join(' '));

const corpusArbitrary = fc
  .array(fc.record({ title: textArbitrary(4), body: textArbitrary(25) }), { maxLength: 30 })
  .map((texts) => texts.map(({ title, body }, n) => article({ id: `a${n}`, title, body, date: '2020-05-06' })));

const newFolder = async () => join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');

async function savedFiles(directory: string): Promise<unknown> {
  const version = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
  return (JSON.parse(await readFile(join(directory, version, 'manifest.json'), 'utf8')) as { files: unknown }).files;
}

// The same articles added one at a time to an engine, after its build: each word's term found at once.
async function builtWordByWord(articles: Article[]): Promise<SearchEngine> {
  const engine = await SearchEngine.fromArticles([]);
  for (const one of articles) engine.add(one);
  return engine;
}

describe('a build stems its words on another thread', () => {
  it('saves the files of an index whose words were stemmed as they were read, term ids included', async () => {
    // Every new form goes to the thread, a few at a time, in as many batches as can be.
    Object.assign(STEMMING_THREAD, { afterForms: 0, batch: 2 });
    await fc.assert(
      fc.asyncProperty(corpusArbitrary, async (articles) => {
        const [deferred, direct, bounded] = [await newFolder(), await newFolder(), await newFolder()];
        await (await SearchEngine.fromArticles(articles)).save(deferred);
        await (await builtWordByWord(articles)).save(direct);
        await SearchEngine.build(bounded, articles, { memory: { forwardWords: 7, postingsPerPass: 5, wordsPerRead: 11 } });
        expect(await savedFiles(deferred)).toEqual(await savedFiles(direct));
        expect(await savedFiles(bounded)).toEqual(await savedFiles(direct));
      }),
      { numRuns: 25 },
    );
  });

  it('searches a built index by the same terms as its queries, and takes articles added after the build', async () => {
    Object.assign(STEMMING_THREAD, { afterForms: 0, batch: 1 });
    const engine = await SearchEngine.fromArticles([
      article({ id: 'a', title: 'Runners flooded the café', body: "The minister's ports" }),
      article({ id: 'b', title: 'Nationalisation', body: 'running 1987' }),
    ]);
    engine.add(article({ id: 'c', title: 'Floods', body: 'a runner ran' }));
    const ids = (q: string) => engine.search({ q }).hits.map((hit) => hit.id);
    expect(ids('flood').sort()).toEqual(['a', 'c']);
    expect(ids('cafe')).toEqual(['a']);
    expect(ids('nationalised')).toEqual(['b']);
    expect(ids('1987')).toEqual(['b']);
    expect(ids('"minister ports"')).toEqual(['a']);
  });

  it("gives each form the analyzer's term when the thread ends before answering, and after", async () => {
    Object.assign(STEMMING_THREAD, { afterForms: 0, batch: 1 });
    const analyzer = new Analyzer();
    const deferred = new DeferredTerms(analyzer);
    const forms = ['running', 'floods', 'nationalisation', '1987', 'ports'];
    const provisional = forms.slice(0, 3).map((form) => deferred.idOf(form));
    deferred.close();
    // Forms that come after the thread ended are stemmed here too.
    provisional.push(...forms.slice(3).map((form) => deferred.idOf(form)));
    const terms: string[] = [];
    const table = await deferred.settle((term) => terms.push(term) - 1);
    expect(provisional.map((id) => terms[table[-id - 2] as number])).toEqual(forms.map((form) => analyzer.termOfForm(form)));
    expect(deferred.idOf('running')).toBe(provisional[0]);
  });
});
