import { describe, expect, it } from 'vitest';
import { article, engineOf } from '../helpers.js';

const ARTICLES = [
  article({ id: 'a', title: 'Minsk march', body: 'Crowds marched.', author: 'Lukas Weber', tags: ['Belarus', 'protests'] }),
  article({ id: 'b', title: 'Strike', body: 'Workers struck.', author: 'Lukas Weber', tags: ['Belarus'] }),
  article({ id: 'c', title: 'Floods', body: 'Rivers rose.', author: 'Priya Nair', tags: ['monsoon', 'Assam'] }),
];

describe('suggesting labels as a user types', () => {
  it('completes authors and tags from the start of any of their words, the most used first', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('bel')).toEqual([{ field: 'tag', value: 'Belarus', count: 2 }]);
    expect(engine.suggest('web')).toEqual([{ field: 'author', value: 'Lukas Weber', count: 2 }]);
    expect(engine.suggest('lukas w')).toEqual([{ field: 'author', value: 'Lukas Weber', count: 2 }]);
    expect(engine.suggest('monsoon').map((suggestion) => suggestion.value)).toEqual(['monsoon']);
  });

  it('forgives a typo from five letters, not under', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('monson').map((suggestion) => suggestion.value)).toEqual(['monsoon']);
    expect(engine.suggest('asam')).toEqual([]);
  });

  it('forgets an article once it is removed, and suggests nothing for an empty text', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.suggest('priya')).toHaveLength(1);
    engine.remove('c');
    expect(engine.suggest('priya')).toEqual([]);
    expect(engine.suggest('   ')).toEqual([]);
    expect(engine.suggest('be', 0)).toHaveLength(1);
  });
});
