import { describe, expect, it } from 'vitest';
import type { Suggestion } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

// Titles hold no word these labels start with: what is suggested here is labels alone.
const ARTICLES = [
  article({ id: 'a', title: 'March', body: 'Crowds marched.', author: 'Lukas Weber', tags: ['Belarus', 'protests'] }),
  article({ id: 'b', title: 'Strike', body: 'Workers struck.', author: 'Lukas Weber', tags: ['Belarus'] }),
  article({ id: 'c', title: 'Floods', body: 'Rivers rose.', author: 'Priya Nair', tags: ['monsoon', 'Assam'] }),
  article({ id: 'd', title: 'Sanctions', body: 'New sanctions.', author: 'Alyaksandr Łukašenka', tags: [] }),
];

const labels = (suggestions: Suggestion[]) => suggestions.filter((suggestion) => suggestion.kind !== 'word');

describe('suggesting labels as a user types', () => {
  it('completes authors and tags from the start of any of their words, the most used first', async () => {
    const engine = await engineOf(ARTICLES);
    expect(labels(engine.suggest('bel'))).toEqual([{ kind: 'tag', value: 'Belarus', count: 2 }]);
    expect(labels(engine.suggest('web'))).toEqual([{ kind: 'author', value: 'Lukas Weber', count: 2 }]);
    expect(labels(engine.suggest('lukas w'))).toEqual([{ kind: 'author', value: 'Lukas Weber', count: 2 }]);
    expect(labels(engine.suggest('monsoon')).map((suggestion) => suggestion.value)).toEqual(['monsoon']);
  });

  it('forgives a typo from five letters, not under', async () => {
    const engine = await engineOf(ARTICLES);
    expect(labels(engine.suggest('monson')).map((suggestion) => suggestion.value)).toEqual(['monsoon']);
    expect(labels(engine.suggest('asam'))).toEqual([]);
  });

  it('matches labels as the query language matches words: case and accents do not matter', async () => {
    const engine = await engineOf(ARTICLES);
    expect(labels(engine.suggest('lukasenka'))).toEqual([{ kind: 'author', value: 'Alyaksandr Łukašenka', count: 1 }]);
    expect(labels(engine.suggest('LUKAS'))).toContainEqual({ kind: 'author', value: 'Lukas Weber', count: 2 });
  });

  it('forgets an article once it is removed, and suggests nothing for an empty text', async () => {
    const engine = await engineOf(ARTICLES);
    expect(labels(engine.suggest('priya'))).toHaveLength(1);
    engine.remove('c');
    expect(labels(engine.suggest('priya'))).toEqual([]);
    expect(engine.suggest('   ')).toEqual([]);
    expect(engine.suggest('be', 1)).toHaveLength(1);
  });
});
