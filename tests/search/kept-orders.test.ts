import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updated } from '../../src/search/kept-orders.js';

// Articles 0..n-1 keyed by a few values (ties are common), ordered by key then number: how the
// newest-first order ranks articles by date.
const keyed = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300, size: 'max' }).map((keys) => {
  const order = (a: number, b: number) => (keys[a] as number) - (keys[b] as number) || a - b;
  return { count: keys.length, order };
});
// What each article is to the list: kept, taken out, added, or none of them.
const roles = fc.array(fc.constantFrom('kept', 'kept', 'gone', 'added', 'none'), { maxLength: 300, size: 'max' });

describe('lists kept in order across writes', () => {
  it('lose the articles removed and gain those added, in the order sorting them anew gives', () => {
    fc.assert(
      fc.property(keyed, roles, fc.boolean(), ({ count, order }, role, few) => {
        const all = Int32Array.from({ length: count }, (_, doc) => doc).sort(order);
        const roleOf = (doc: number) => role[doc] ?? 'kept';
        // A write removes one or two (found by search), a batch many (through a bitmap).
        const gone = all.filter((doc) => roleOf(doc) === 'gone').slice(0, few ? 2 : undefined);
        const list = all.filter((doc) => roleOf(doc) === 'kept' || gone.includes(doc));
        const added = all.filter((doc) => roleOf(doc) === 'added');
        const result = updated(list, [...gone].reverse(), added, order, count);
        expect([...result]).toEqual([...all].filter((doc) => roleOf(doc) === 'kept' || roleOf(doc) === 'added'));
      }),
      { numRuns: 400 },
    );
  });

  it('are the same list when nothing changed', () => {
    const list = Int32Array.from([3, 1, 2]);
    expect(updated(list, [], new Int32Array(0), (a, b) => a - b, 4)).toBe(list);
  });

  it('say so when asked to take out an article they do not hold', () => {
    const increasing = (a: number, b: number) => a - b;
    const odd = Int32Array.from({ length: 200 }, (_, i) => 2 * i + 1);
    expect(() => updated(odd, [4], new Int32Array(0), increasing, 400)).toThrow('article 4 is not in the list');
    expect(() => updated(odd.subarray(0, 9), [4], new Int32Array(0), increasing, 400)).toThrow('not in the list');
  });
});
