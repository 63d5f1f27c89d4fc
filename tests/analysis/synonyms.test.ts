import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndexCommand } from '../../src/cli/build-index.js';
import { DEFAULT_ANALYZER, parseSynonyms, SearchEngine, SynonymsFileError } from '../../src/index.js';
import { article } from '../helpers.js';

const ARTICLES = [
  article({ id: 'kiev', title: 'Talks in Kiev', body: 'Ministers met in Kiev.' }),
  article({ id: 'kyiv', title: 'Kyiv reopens', body: 'The metro of Kyiv reopened.' }),
  article({ id: 'ukraine', title: 'Ukraine harvest', body: 'Ukraine brought in its grain.' }),
];

describe('synonyms', () => {
  it('read a file of groups and one-way rules, with comments', () => {
    expect(parseSynonyms('# spellings\nkyiv, kiev\n\nukraine => kyiv , kiev # the capital\n')).toEqual([
      { from: ['kyiv', 'kiev'], to: ['kyiv', 'kiev'] },
      { from: ['ukraine'], to: ['kyiv', 'kiev'] },
    ]);
  });

  it('refuse a line they cannot read, naming it', () => {
    expect(() => parseSynonyms('kyiv, kiev\nkyiv', 'spellings.txt')).toThrow(SynonymsFileError);
    expect(() => parseSynonyms('kyiv, kiev\nkyiv', 'spellings.txt')).toThrow(/spellings\.txt:2: a group needs two words or more/);
    expect(() => parseSynonyms('new york, nyc')).toThrow(/"new york" is not one word/);
    expect(() => parseSynonyms('a => b => c')).toThrow(/:1: has "=>" more than once/);
    expect(() => parseSynonyms('kyiv,, kiev')).toThrow(/empty entry/);
  });

  it('search a word as each of its equals, and a one-way word as the words it leads to', async () => {
    const engine = await SearchEngine.fromArticles(ARTICLES, {
      ...DEFAULT_ANALYZER,
      synonyms: parseSynonyms('kyiv, kiev\nukraine => kyiv, kiev'),
    });
    expect(
      engine
        .search({ q: 'kyiv' })
        .hits.map((hit) => hit.id)
        .sort(),
    ).toEqual(['kiev', 'kyiv']);
    expect(
      engine
        .search({ q: 'kiev' })
        .hits.map((hit) => hit.id)
        .sort(),
    ).toEqual(['kiev', 'kyiv']);
    expect(
      engine
        .search({ q: 'ukraine' })
        .hits.map((hit) => hit.id)
        .sort(),
    ).toEqual(['kiev', 'kyiv', 'ukraine']);
    // One way: the capital does not lead to the country.
    expect(engine.search({ q: 'kiev' }).hits.map((hit) => hit.id)).not.toContain('ukraine');
    expect(engine.search({ q: 'kiev' }).hits.find((hit) => hit.id === 'kyiv')?.titleHighlighted).toBe('<mark>Kyiv</mark> reopens');
  });

  it('are recorded in the index by build-index --synonyms, and refused with --incremental', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'gazette-test-'));
    const input = join(folder, 'wire.jsonl');
    await writeFile(input, `${ARTICLES.map((one) => JSON.stringify(one)).join('\n')}\n`);
    await writeFile(join(folder, 'synonyms.txt'), 'kyiv, kiev\n');
    const out = join(folder, 'index');
    const quiet = ['--quiet', '--input', input, '--out', out];
    expect(await buildIndexCommand([...quiet, '--synonyms', join(folder, 'synonyms.txt')])).toBe(0);
    const reopened = await SearchEngine.open(out);
    expect(reopened.info().analyzer.synonyms).toEqual([{ from: ['kyiv', 'kiev'], to: ['kyiv', 'kiev'] }]);
    expect(reopened.search({ q: 'kiev' }).total).toBe(2);
    await expect(buildIndexCommand([...quiet, '--incremental', '--synonyms', join(folder, 'synonyms.txt')])).rejects.toThrow(
      /build without --incremental/,
    );
  });
});

describe('synonym rules', () => {
  it('belong to the word written, not to every word of the same stem', async () => {
    const engine = await SearchEngine.fromArticles(
      [
        article({ id: 'college', title: 'College fees', body: 'The college raised its fees.' }),
        article({ id: 'universe', title: 'Universe', body: 'The universe is old.' }),
      ],
      { ...DEFAULT_ANALYZER, synonyms: parseSynonyms('university, college') },
    );
    // Porter stems university and universe alike: the stem finds the universe, the rule the college.
    expect(engine.search({ q: 'university' }).hits.map((hit) => hit.id)).toContain('college');
    expect(engine.search({ q: 'universe' }).hits.map((hit) => hit.id)).toEqual(['universe']);
  });
});
