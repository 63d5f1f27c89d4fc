import { describe, expect, it } from 'vitest';
import { proximityBonus, rerankByProximity } from '../../src/ranking/proximity.js';
import { article, engineOf } from '../helpers.js';

const flat = { idf: () => 1, averageLength: 10 };

describe('proximity bonus', () => {
  it('is larger when consecutive query terms stand together than when they are apart', () => {
    const together = proximityBonus(['heat', 'transfer'], [['slab', 'heat', 'transfer', 'wall', 'wing', 'flow']], flat);
    const apart = proximityBonus(['heat', 'transfer'], [['heat', 'slab', 'wall', 'wing', 'flow', 'transfer']], flat);
    const farApart = proximityBonus(['heat', 'transfer'], [['heat', ...Array<string>(20).fill('x'), 'transfer']], flat);
    expect(together).toBeGreaterThan(apart);
    expect(apart).toBeGreaterThan(0);
    expect(farApart).toBe(0);
  });

  it('counts a phrase only in query order', () => {
    const inOrder = proximityBonus(['heat', 'transfer'], [['heat', 'transfer']], flat);
    const reversed = proximityBonus(['heat', 'transfer'], [['transfer', 'heat']], flat);
    expect(inOrder).toBeGreaterThan(reversed);
  });

  it('is zero for a one-word query, and a pair never spans two segments', () => {
    expect(proximityBonus(['heat'], [['heat', 'heat']], flat)).toBe(0);
    expect(
      proximityBonus(
        ['heat', 'transfer'],
        [
          ['wall', 'heat'],
          ['transfer', 'wall'],
        ],
        flat,
      ),
    ).toBe(0);
  });

  it('re-sorts only the best matches and keeps the rest after them', () => {
    const matches = [
      { doc: 1, score: 3 },
      { doc: 2, score: 2.9 },
      { doc: 3, score: 1 },
    ];
    const segments = new Map([
      [1, [['heat', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'transfer']]],
      [2, [['heat', 'transfer']]],
      [3, [['heat', 'transfer']]],
    ]);
    const context = { ...flat, queryTerms: ['heat', 'transfer'], segmentsOf: (doc: number) => segments.get(doc) ?? [] };
    const reranked = rerankByProximity(matches, context, {
      orderedWeight: 1,
      unorderedWeight: 0,
      window: 8,
      k1: 1.2,
      b: 0.75,
      depth: 2,
      pairs: 'consecutive',
    });
    expect(reranked.map((m) => m.doc)).toEqual([2, 1, 3]);
  });
});

describe('ranking through the engine', () => {
  const filler = 'The committee met on Tuesday and the report was published in the evening after a long debate.';

  it('ranks a proximity match above a scattered one', async () => {
    const engine = await engineOf([
      article({ id: 'scattered', title: 'Budget review', body: `Heat was the topic. ${filler} Transfer of funds followed.` }),
      article({ id: 'together', title: 'Budget review', body: `Heat transfer was the topic. ${filler} Funds followed.` }),
    ]);
    const { hits } = engine.search({ q: 'heat transfer' });
    expect(hits.map((hit) => hit.id)).toEqual(['together', 'scattered']);
  });

  it('ranks a title match above a body mention', async () => {
    const engine = await engineOf([
      article({ id: 'body', title: 'Council news', body: `Flooding closed two roads. ${filler}` }),
      article({ id: 'title', title: 'Flooding news', body: `Water closed two roads. ${filler}` }),
    ]);
    const { hits } = engine.search({ q: 'flooding' });
    expect(hits.map((hit) => hit.id)).toEqual(['title', 'body']);
  });

  it('keeps the proximity ranking after the index is saved and opened again', async () => {
    const { SearchEngine } = await import('../../src/index.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const engine = await engineOf([
      article({ id: 'scattered', title: 'Budget review', body: `Heat was the topic. ${filler} Transfer of funds followed.` }),
      article({ id: 'together', title: 'Budget review', body: `Heat transfer was the topic. ${filler} Funds followed.` }),
    ]);
    const directory = join(mkdtempSync(join(tmpdir(), 'gazette-ranking-')), 'index');
    await engine.save(directory);
    const reopened = await SearchEngine.open(directory);
    const before = engine.search({ q: 'heat transfer' }).hits.map((hit) => [hit.id, hit.score]);
    expect(reopened.search({ q: 'heat transfer' }).hits.map((hit) => [hit.id, hit.score])).toEqual(before);
  });
});
