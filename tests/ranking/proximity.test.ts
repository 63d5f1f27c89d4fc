import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIMITY, proximityBonus } from '../../src/ranking/proximity.js';
import { article, engineOf } from '../helpers.js';

const flat = { idf: () => 1, averageLength: 10 };
const withWindow = { ...DEFAULT_PROXIMITY, unorderedWeight: 0.1, window: 8 };

describe('proximity bonus', () => {
  it('is larger when consecutive query terms stand together than when they are apart', () => {
    const together = proximityBonus(['heat', 'transfer'], [['slab', 'heat', 'transfer', 'wall', 'wing', 'flow']], flat, withWindow);
    const apart = proximityBonus(['heat', 'transfer'], [['heat', 'slab', 'wall', 'wing', 'flow', 'transfer']], flat, withWindow);
    const farApart = proximityBonus(['heat', 'transfer'], [['heat', ...Array<string>(20).fill('x'), 'transfer']], flat, withWindow);
    expect(together).toBeGreaterThan(apart);
    expect(apart).toBeGreaterThan(0);
    expect(farApart).toBe(0);
  });

  it('by default rewards only query words that stand next to each other, in query order', () => {
    expect(proximityBonus(['heat', 'transfer'], [['slab', 'heat', 'transfer']], flat)).toBeGreaterThan(0);
    expect(proximityBonus(['heat', 'transfer'], [['heat', 'slab', 'transfer']], flat)).toBe(0);
    expect(proximityBonus(['heat', 'transfer'], [['transfer', 'heat']], flat)).toBe(0);
  });

  it('with all pairs, also rewards query words that are not neighbours in the query', () => {
    const segments = [['heat', 'flow', 'x', 'x', 'transfer']];
    const allPairs = { ...DEFAULT_PROXIMITY, pairs: 'all' as const };
    expect(proximityBonus(['heat', 'transfer', 'flow'], segments, flat)).toBe(0);
    expect(proximityBonus(['heat', 'transfer', 'flow'], segments, flat, allPairs)).toBeGreaterThan(0);
  });

  it('counts a phrase only in query order', () => {
    const inOrder = proximityBonus(['heat', 'transfer'], [['heat', 'transfer']], flat, withWindow);
    const reversed = proximityBonus(['heat', 'transfer'], [['transfer', 'heat']], flat, withWindow);
    expect(inOrder).toBeGreaterThan(reversed);
  });

  it('pairs only the wanted words (the re-rank leaves out words no article holds)', () => {
    expect(proximityBonus(['heat', 'transfer'], [['heat', 'transfer']], flat, DEFAULT_PROXIMITY, new Set(['heat']))).toBe(0);
    expect(proximityBonus(['heat', 'transfer'], [['heat', 'transfer']], flat, withWindow, new Set(['heat']))).toBe(0);
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
});

describe('proximity bonus without a window', () => {
  // A window of 1 counts no pair of distinct terms, so this path scores adjacent pairs alone,
  // from the positions of every query term: what the default's single pass must equal.
  const fromPositions = { ...DEFAULT_PROXIMITY, unorderedWeight: 1, window: 1 };
  const term = fc.constantFrom('a', 'b', 'c', 'd');

  it('scores exactly as counting pairs from positions does, title copies included', () => {
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 5 }),
        fc.array(term, { maxLength: 8 }),
        fc.array(term, { maxLength: 40 }),
        fc.nat(3),
        fc.constantFrom<'consecutive' | 'all'>('consecutive', 'all'),
        (query, title, body, copies, pairs) => {
          const segments = [...Array<string[]>(copies).fill(title), body];
          const context = { idf: (t: string) => t.charCodeAt(0) / 40, averageLength: 12 };
          const expected = proximityBonus(query, segments, context, { ...fromPositions, pairs });
          expect(proximityBonus(query, segments, context, { ...DEFAULT_PROXIMITY, pairs })).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
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

  it('counts a word repeated in the query more, as the evaluation chose (k3 = 0 lost on every collection)', async () => {
    const engine = await engineOf([
      article({ id: 'floods', title: 'Council news', body: `Flooding closed the valley. ${filler}` }),
      article({ id: 'roads', title: 'Council news', body: `Roadworks closed the valley. ${filler}` }),
    ]);
    const ids = (q: string) => engine.search({ q }).hits.map((hit) => hit.id);
    expect(ids('roadworks flooding flooding')).toEqual(['floods', 'roads']);
    expect(ids('flooding roadworks roadworks')).toEqual(['roads', 'floods']);
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
