import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedInOrder, without } from '../../src/search/kept-orders.js';

// Articles 0..n-1 keyed by a few values (ties are common), ordered by key then number: how the
// newest-first order ranks articles by date.
const keyed = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300, size: 'max' }).map((keys) => {
  const order = (a: number, b: number) => (keys[a] as number) - (keys[b] as number) || a - b;
  return { count: keys.length, order };
});

describe('lists kept in order across writes', () => {
  it('lose the articles removed, whether a few (found by search) or many (through a bitmap)', () => {
    fc.assert(
      fc.property(keyed, fc.array(fc.boolean(), { maxLength: 300, size: 'max' }), fc.boolean(), ({ count, order }, picks, many) => {
        const list = Int32Array.from({ length: count }, (_, doc) => doc).sort(order);
        // A few (two at most: a write's), or every picked one.
        const picked = [...list].filter((doc) => picks[doc] ?? false);
        const gone = many ? picked : picked.slice(0, 2);
        const kept = without(list, gone, order, count);
        expect([...kept]).toEqual([...list].filter((doc) => !gone.includes(doc)));
      }),
      { numRuns: 300 },
    );
  });

  it('merge two lists into the order sorting both would give, whatever their lengths', () => {
    fc.assert(
      fc.property(keyed, fc.array(fc.boolean(), { maxLength: 300, size: 'max' }), ({ count, order }, sides) => {
        const all = Int32Array.from({ length: count }, (_, doc) => doc).sort(order);
        const a = all.filter((doc) => sides[doc] ?? false);
        const b = all.filter((doc) => !(sides[doc] ?? false));
        expect([...mergedInOrder(a, b, order)]).toEqual([...all]);
        expect([...mergedInOrder(b, a, order)]).toEqual([...all]);
      }),
      { numRuns: 300 },
    );
  });

  it('say so when asked to take out an article they do not hold', () => {
    const odd = Int32Array.from({ length: 200 }, (_, i) => 2 * i + 1);
    expect(() => without(odd, [4], (a, b) => a - b, 400)).toThrow('article 4 is not in the list');
  });
});
