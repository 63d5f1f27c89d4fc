import { describe, expect, it } from 'vitest';
import { InvalidParameterError, MAX_SUGGEST_TEXT_LENGTH, MAX_SUGGESTIONS } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

const ARTICLES = [
  article({ id: 'a', title: 'Protesters march in Minsk', body: '…', tags: ['Minsk'] }),
  article({ id: 'b', title: 'Protest in Minsk grows, protest spreads', body: '…', tags: ['Minsk', 'protests'] }),
  article({ id: 'c', title: 'Oil prices fall', body: '…', tags: ['crude'] }),
  article({ id: 'd', title: 'Oil prices rise again', body: '…', tags: ['crude'] }),
  article({ id: 'e', title: 'Gold price steady', body: '…', tags: ['gold'] }),
  article({ id: 'f', title: 'Private equity buys printer maker', body: '…', tags: [] }),
  article({ id: 'g', title: 'Łukashenko’s rival speaks', body: '…', author: 'Lukas Weber', tags: [] }),
];

describe('completing the words of titles as a user types', () => {
  it('completes the last word with the words of titles as written, lower-cased, not their stems', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('prot')).toEqual([
      { kind: 'word', value: 'protest', count: 1 },
      { kind: 'word', value: 'protesters', count: 1 },
      { kind: 'tag', value: 'protests', count: 1 },
    ]);
  });

  it('counts the titles that hold a word, each title once however often it says it', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('minsk')).toEqual([
      { kind: 'word', value: 'minsk', count: 2 },
      { kind: 'tag', value: 'Minsk', count: 2 },
    ]);
  });

  it('ranks by the articles a completion leads to, words before labels among equals', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('pri')).toEqual([
      { kind: 'word', value: 'prices', count: 2 },
      { kind: 'word', value: 'price', count: 1 },
      { kind: 'word', value: 'printer', count: 1 },
      { kind: 'word', value: 'private', count: 1 },
    ]);
    expect(engine.suggest('pri', 2)).toHaveLength(2);
  });

  it('counts over the titles that hold the words typed before the last one', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('gold pri')).toEqual([{ kind: 'word', value: 'price', count: 1 }]);
    expect(engine.suggest('oil pri')).toEqual([{ kind: 'word', value: 'prices', count: 2 }]);
  });

  it('completes the last word alone, below what fits the whole text, when no title holds the words before it', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('lukas w')).toEqual([{ kind: 'author', value: 'Lukas Weber', count: 1 }]);
    expect(engine.suggest('lukas r').map((suggestion) => suggestion.value)).toEqual(['rise', 'rival']);
  });

  it('leaves out stop words, which a search drops', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('i')).toEqual([]);
    expect(engine.suggest('aga')).toEqual([]);
    expect(engine.suggest('ste')).toEqual([{ kind: 'word', value: 'steady', count: 1 }]);
  });

  it('finds a word whatever its accents, and shows it as titles spell it', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('lukashe')).toEqual([{ kind: 'word', value: 'łukashenko’s', count: 1 }]);
    expect(engine.suggest('Łukashenko')).toEqual([{ kind: 'word', value: 'łukashenko’s', count: 1 }]);
  });

  it('forgives one typo from five letters, ranked below what starts with the text', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('protesy')).toEqual([{ kind: 'word', value: 'protest', count: 1 }]);
    expect(engine.suggest('golf')).toEqual([]);
  });

  it('knows an article added or removed after the first suggestion', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('harv')).toEqual([]);
    engine.add(article({ id: 'h', title: 'Harvest falls short', body: '…' }));
    expect(engine.suggest('harv')).toEqual([{ kind: 'word', value: 'harvest', count: 1 }]);
    engine.remove('h');
    expect(engine.suggest('harv')).toEqual([]);
  });
});

describe('the bounds of a suggestion request', () => {
  it('refuses a text longer than 200 characters, naming q', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('a'.repeat(MAX_SUGGEST_TEXT_LENGTH))).toEqual([]);
    expect(() => engine.suggest('a'.repeat(MAX_SUGGEST_TEXT_LENGTH + 1))).toThrow(
      expect.objectContaining({ constructor: InvalidParameterError, parameter: 'q' }),
    );
  });

  it('refuses a limit that is not a whole number from 1 to 50, naming limit', async () => {
    const engine = await engineOf(ARTICLES);
    for (const limit of [0, MAX_SUGGESTIONS + 1, 1.5, Number.NaN]) {
      expect(() => engine.suggest('pri', limit)).toThrow(expect.objectContaining({ parameter: 'limit' }));
    }
    expect(engine.suggest('p', MAX_SUGGESTIONS).length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  });

  it('suggests nothing for a text of no words', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('')).toEqual([]);
    expect(engine.suggest(' ?! ')).toEqual([]);
  });
});
