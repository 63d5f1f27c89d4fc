import { describe, expect, it } from 'vitest';
import { inIncreasingOrder, unionOfDocs } from '../../src/index/doc-lists.js';

// `count` distinct numbers below `bound` in a shuffled order, the same on every run (xorshift).
function shuffled(count: number, bound: number, seed: number): Int32Array {
  let state = seed | 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const all = Int32Array.from({ length: bound }, (_, n) => n);
  for (let at = bound - 1; at > 0; at--) {
    const other = next() % (at + 1);
    [all[at], all[other]] = [all[other] as number, all[at] as number];
  }
  return all.slice(0, count);
}

describe('lists of article numbers', () => {
  it('puts articles listed in any order into increasing order, each once', () => {
    for (const [count, bound] of [
      [0, 10],
      [1, 1],
      [31, 32],
      [33, 33],
      [500, 100_000],
      [5_000, 6_000],
    ] as const) {
      const docs = shuffled(count, bound, count + bound);
      expect([...inIncreasingOrder(docs, bound)], `${count} of ${bound}`).toEqual([...docs].sort((a, b) => a - b));
    }
  });

  it('merges sorted lists into their union, keeping only what is allowed', () => {
    const lists = [0, 1, 2].map((seed) => inIncreasingOrder(shuffled(300, 1_000, seed + 7), 1_000));
    const union = [...new Set(lists.flatMap((list) => [...list]))].sort((a, b) => a - b);
    expect([...unionOfDocs(lists, undefined)]).toEqual(union);
    expect([...unionOfDocs(lists, (doc) => doc % 3 === 0)]).toEqual(union.filter((doc) => doc % 3 === 0));
  });

  it('gives the same union whether the lists are sparse (merged) or dense (a bitmap), overlapping or empty', () => {
    // [how many lists, articles in each, numbers below]: from one in a thousand to nearly all.
    const shapes: [number, number, number][] = [
      [1, 50, 1_000],
      [2, 10, 100_000],
      [5, 20, 100_000],
      [5, 300, 20_000],
      [3, 2_000, 10_000],
      [4, 9_000, 10_000],
      [6, 1, 33],
      [2, 0, 10],
    ];
    for (const [count, size, bound] of shapes) {
      const lists = Array.from({ length: count }, (_, seed) => inIncreasingOrder(shuffled(size, bound, seed * 31 + size), bound));
      lists.push(new Int32Array(0));
      const union = [...new Set(lists.flatMap((list) => [...list]))].sort((a, b) => a - b);
      expect([...unionOfDocs(lists, undefined)], `${count} × ${size} of ${bound}`).toEqual(union);
      expect([...unionOfDocs(lists, (doc) => doc % 2 === 1)], `${count} × ${size} of ${bound}, odd`).toEqual(
        union.filter((doc) => doc % 2 === 1),
      );
    }
  });
});
