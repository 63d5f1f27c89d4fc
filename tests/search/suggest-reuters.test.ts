import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { SHARED, SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('as-you-type completion over Reuters-21578', () => {
  let engine: SearchEngine;
  beforeAll(async () => {
    ({ engine } = await SearchEngine.fromFiles([join(SHARED, 'corpora/reuters21578/reuters21578.jsonl')]));
  }, 120_000);

  it('completes a commodity with the title word and the topic tag, the word from the titles', () => {
    const suggestions = engine.suggest('coco');
    expect(suggestions).toContainEqual({ kind: 'word', value: 'cocoa', count: expect.any(Number) });
    expect(suggestions).toContainEqual({ kind: 'tag', value: 'cocoa', count: expect.any(Number) });
  });

  it('narrows the last word by the words before it: after "oil", prices', () => {
    const [first] = engine.suggest('oil pri');
    expect(first).toMatchObject({ kind: 'word', value: 'prices' });
    expect(first?.count).toBeLessThan(engine.suggest('pri').find((suggestion) => suggestion.value === 'prices')?.count ?? 0);
  });

  it('forgives a typo in a long word', () => {
    expect(engine.suggest('goverment')[0]).toMatchObject({ kind: 'word', value: 'government' });
  });

  it('answers a one-letter prefix from thousands of words with the most used', () => {
    const suggestions = engine.suggest('s', 50);
    expect(suggestions).toHaveLength(50);
    const counts = suggestions.map((suggestion) => suggestion.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
