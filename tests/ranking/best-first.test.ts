import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextMatch } from '../../src/index/text-index.js';
import { bestFirst, bestOf } from '../../src/ranking/best-first.js';

const fullyOrdered = (matches: TextMatch[]) => [...matches].sort((a, b) => b.score - a.score || a.doc - b.doc);

describe('bestFirst', () => {
  it('puts exactly the best `count` matches first, in the order a full sort gives, and keeps every match', () => {
    fc.assert(
      fc.property(
        // Few distinct scores, so that ties at the cut are common.
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (scores, count) => {
          const matches = scores.map((score, doc) => ({ doc, score: score / 4 }));
          const ordered = bestFirst([...matches], count);
          expect(ordered.slice(0, count)).toEqual(fullyOrdered(matches).slice(0, count));
          expect(ordered.map((match) => match.doc).sort((a, b) => a - b)).toEqual(matches.map((match) => match.doc));
        },
      ),
    );
  });
});

describe('bestOf', () => {
  it('gives every match scoring at least the count-th best, best first, equal scores in article order', () => {
    fc.assert(
      fc.property(
        // Few distinct scores (ties at the cut), or many; enough matches for the sampled floor.
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 2000, size: 'max' }),
          fc.array(fc.nat(1_000_000), { maxLength: 2000, size: 'max' }),
        ),
        fc.integer({ min: 1, max: 120 }),
        (values, count) => {
          const docs = Int32Array.from(values, (_, index) => 3 * index + 1);
          const scores = Float64Array.from(values, (value) => value / 8);
          const matches = values.map((_, index) => ({ doc: docs[index] as number, score: scores[index] as number }));
          const ordered = fullyOrdered(matches);
          const cut = ordered[Math.min(count, ordered.length) - 1]?.score ?? 0;
          expect(bestOf(docs, scores, count)).toEqual(ordered.filter((match) => match.score >= cut));
        },
      ),
      // Shrinking arrays of thousands took minutes: the first counterexample is reported as found.
      { numRuns: 200, endOnFailure: true },
    );
  });
});
