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

  it("normalises the body's length, not the title's: a long headline holding the word scores as a short one", () => {
    const body = 'the mine reopened on monday after the strike';
    const index = indexOf([
      article({ id: 'short', title: 'Lead', body }),
      article({ id: 'long', title: 'Lead output from the northern mines recovers slowly', body }),
      article({ id: 'other', title: 'Zinc', body: 'zinc output fell' }),
    ]);
    const scores = new Map(index.search('lead', everything).map((match) => [match.doc, match.score]));
    expect(scores.get(1)).toBeCloseTo(scores.get(0) ?? 0, 12);
  });

  it('ranks a story that says the word in its title and body above a headline without a body', () => {
    const filler = 'traders said the market was quiet in early dealings with volumes thin ahead of the holiday';
    const index = indexOf([
      article({ id: 'headline', title: 'Lead prices steady', body: '' }),
      article({ id: 'story', title: 'Lead output rises', body: `${filler}. lead stocks fell and lead prices rose` }),
      ...Array.from({ length: 6 }, (_, i) => article({ id: `f${i}`, title: 'Markets', body: filler })),
    ]);
    expect(index.search('lead', everything).map((match) => match.doc)).toEqual([1, 0]);
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
