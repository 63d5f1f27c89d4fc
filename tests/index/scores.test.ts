import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addShared, bestOfSum, DocScores, DocScoresBuilder, memberships, subtract, union, unionAll } from '../../src/index/scores.js';

// A list of scored articles as the index gives them: increasing article numbers.
const scoresArbitrary = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 1000 })), { selector: ([doc]) => doc, maxLength: 40 })
  .map((pairs) => {
    const builder = new DocScoresBuilder(1);
    for (const [doc, score] of pairs.sort((a, b) => a[0] - b[0])) builder.push(doc, score / 10);
    return builder.build();
  });

const asMap = (scores: DocScores) => new Map(scores);

describe('scored article lists', () => {
  it('combine as maps keyed by article would, and stay in article order', () => {
    fc.assert(
      fc.property(scoresArbitrary, scoresArbitrary, (a, b) => {
        const ma = asMap(a);
        const mb = asMap(b);
        const sum = new Map(ma);
        for (const [doc, score] of mb) sum.set(doc, (sum.get(doc) ?? 0) + score);
        const max = new Map(ma);
        for (const [doc, score] of mb) max.set(doc, Math.max(max.get(doc) ?? 0, score));
        const sorted = (map: Map<number, number>) => [...map].sort((x, y) => x[0] - y[0]);
        expect([...union(a, b, 'sum')]).toEqual(sorted(sum));
        expect([...union(a, b, 'max')]).toEqual(sorted(max));
        expect([...subtract(a, b)]).toEqual(sorted(new Map([...ma].filter(([doc]) => !mb.has(doc)))));
        expect([...addShared(a, b)]).toEqual([...a].map(([doc, score]) => [doc, mb.has(doc) ? score + (mb.get(doc) as number) : score]));
        expect(Array.from(memberships(a, [a, b]))).toEqual([...a].map(([doc]) => 1 + (mb.has(doc) ? 1 : 0)));
        for (const doc of [0, 17, 60]) {
          expect(a.get(doc)).toBe(ma.get(doc));
          expect(a.has(doc)).toBe(ma.has(doc));
        }
      }),
    );
  });

  it('unite many lists as uniting them one by one would, to the last bit, dense or sparse, one union after another', () => {
    // Scores with long fractions, so that adding them in another order would show.
    const listArbitrary = (most: number) =>
      fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: most }), fc.double({ min: 0.001, max: 50, noNaN: true })), {
        selector: ([doc]) => doc,
        maxLength: 80,
      });
    // Also few articles far apart, so that the lists are merged (sparse) and share most articles.
    const sparseList = fc.uniqueArray(
      fc.tuple(
        fc.integer({ min: 0, max: 20 }).map((at) => 1000 * at),
        fc.double({ min: 0.001, max: 50, noNaN: true }),
      ),
      { selector: ([doc]) => doc, maxLength: 21 },
    );
    const listsArbitrary = fc.oneof(
      fc.integer({ min: 5, max: 5000 }).chain((most) => fc.array(listArbitrary(most), { maxLength: 6 })),
      fc.array(sparseList, { maxLength: 6 }),
    );
    fc.assert(
      fc.property(listsArbitrary, listsArbitrary, (first, second) => {
        for (const pairsOfLists of [first, second]) {
          const lists = pairsOfLists.map((pairs) => {
            const builder = new DocScoresBuilder(1);
            for (const [doc, score] of [...pairs].sort((a, b) => a[0] - b[0])) builder.push(doc, score);
            return builder.build();
          });
          for (const combine of ['sum', 'max'] as const) {
            const oneByOne = lists.reduce((result, list) => union(result, list, combine), DocScores.EMPTY);
            expect([...unionAll(lists, combine)]).toEqual([...oneByOne]);
          }
        }
      }),
    );
  });

  it('keeps of a union the sums reaching the count-th largest, every tie too, as choosing from all of it would', () => {
    // Few distinct scores, so that many sums tie at the cut; lists long enough to be added into an array.
    const listArbitrary = (most: number) =>
      fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: most }), fc.integer({ min: 1, max: 6 })), {
        selector: ([doc]) => doc,
        minLength: Math.ceil(most / 8),
        maxLength: Math.ceil(most / 2),
      });
    const caseArbitrary = fc.record({
      lists: fc.integer({ min: 10, max: 3000 }).chain((most) => fc.array(listArbitrary(most), { maxLength: 5 })),
      count: fc.integer({ min: 1, max: 120 }),
    });
    let chosen = 0;
    fc.assert(
      fc.property(caseArbitrary, ({ lists: pairsOfLists, count }) => {
        const lists = pairsOfLists.map((pairs) => {
          const builder = new DocScoresBuilder(1);
          for (const [doc, score] of [...pairs].sort((a, b) => a[0] - b[0])) builder.push(doc, score / 3);
          return builder.build();
        });
        const all = lists.reduce((result, list) => union(result, list, 'sum'), DocScores.EMPTY);
        const cut = all.size <= count ? Number.NEGATIVE_INFINITY : ([...all.scores].sort((a, b) => b - a)[count - 1] as number);
        const best = [...all].filter(([, score]) => score >= cut);
        const kept = [...bestOfSum(lists, count)];
        // Each kept article with its sum, to the bit; every one of the best kept; more only when the lists were merged (all of them).
        for (const [doc, score] of kept) expect(all.get(doc)).toBe(score);
        expect(kept.filter(([, score]) => score >= cut)).toEqual(best);
        if (kept.length !== all.size) {
          expect(kept).toEqual(best);
          chosen++;
        }
        // The arrays it added into are left clean for the next union.
        expect([...unionAll(lists, 'sum')]).toEqual([...all]);
      }),
    );
    expect(chosen).toBeGreaterThan(10);
  });

  it('keeps every sum reaching the count-th largest when the sampled floor is set too high', () => {
    // Every tenth article (those the floor is sampled from) of the first 300 scores high, the others
    // alike: fewer than `count` reach the sampled floor, and all that tie at the cut are kept.
    const high = new DocScoresBuilder(1);
    const low = new DocScoresBuilder(1);
    for (let doc = 0; doc < 5120; doc++) {
      high.push(doc, doc < 300 && doc % 10 === 0 ? 1000 : 1);
      low.push(doc, 0.5);
    }
    const kept = bestOfSum([high.build(), low.build()], 100);
    expect(kept.size).toBe(5120);
    expect(kept.get(10)).toBe(1000.5);
    expect(kept.get(11)).toBe(1.5);
  });

  it('keeps only the articles a filter passes', () => {
    const builder = new DocScoresBuilder();
    for (const doc of [1, 2, 5, 8]) builder.push(doc, doc * 2);
    expect([...builder.build().filter((doc) => doc % 2 === 0)]).toEqual([
      [2, 4],
      [8, 16],
    ]);
    expect(DocScores.EMPTY.size).toBe(0);
  });
});
