import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { DEFAULT_RANKING, TextIndex } from '../../src/index/text-index.js';
import { article } from '../helpers.js';

const analyzer = new Analyzer();
const everything = () => true;

function indexOf(articles: Parameters<TextIndex['add']>[1][], ranking = DEFAULT_RANKING): TextIndex {
  const index = TextIndex.create(analyzer, ranking);
  articles.forEach((a, i) => {
    index.add(i, a);
  });
  return index;
}

describe('BM25F text index', () => {
  it('a word in both title and body does not count twice as much as BM25 per field would', () => {
    // With the title weighted, a document whose title and body both say "storm" still
    // saturates: it beats a body-only mention, but not by the sum of two field scores.
    const index = indexOf([
      article({ id: 'a', title: 'Storm', body: 'storm over the bay' }),
      article({ id: 'b', title: 'Weather', body: 'storm over the bay' }),
      article({ id: 'c', title: 'Harbour', body: 'calm over the bay' }),
    ]);
    const [first, second] = index.search('storm', everything);
    expect(first?.doc).toBe(0);
    expect(second?.doc).toBe(1);
    expect((first?.score ?? 0) / (second?.score ?? 1)).toBeLessThan(2);
  });

  it('scores without MiniSearch coordination: a document matching one rare word can beat one matching two common words', () => {
    const common = Array.from({ length: 8 }, (_, i) => article({ id: `c${i}`, title: 'Report', body: 'city budget' }));
    const index = indexOf([...common, article({ id: 'rare', title: 'Report', body: 'tram' })]);
    const [best] = index.search('city budget tram', everything);
    expect(best?.doc).toBe(8);
  });

  it('refuses a text index written in the older per-field layout, asking for a rebuild', () => {
    const serialized = indexOf([article({ id: 'a', title: 'x', body: 'y' })]).serialize();
    const older = { titleWeight: serialized.titleWeight, forward: serialized.forward };
    expect(() => TextIndex.fromSerialized(older as unknown as Parameters<typeof TextIndex.fromSerialized>[0], analyzer)).toThrow(/rebuild/);
  });

  it('refuses a title weight that is not a whole number', () => {
    expect(() => TextIndex.create(analyzer, { ...DEFAULT_RANKING, titleWeight: 1.5 })).toThrow(RangeError);
  });
});
