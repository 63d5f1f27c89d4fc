import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocScores } from '../../src/index/scores.js';
import { SearchDeadline } from '../../src/query/deadline.js';
import { phraseBestFirst } from '../../src/query/phrase-best-first.js';

// What the walk must keep, whatever order it checks the candidates in: every candidate holding the
// phrase (and allowed) whose score reaches the final threshold, the larger of the k-th best such
// score and the page floor of the page-size-th best (each when that many hold it).
function expected(
  docs: number[],
  scores: number[],
  held: Set<number>,
  k: number,
  page: { size: number; floor: (smallest: number) => number } | undefined,
): { docs: number[]; scores: number[] } {
  const holding = docs.map((doc, at) => ({ doc, score: scores[at] as number })).filter(({ doc }) => held.has(doc));
  const best = holding.map(({ score }) => score).sort((a, b) => b - a);
  let threshold = best.length >= k ? (best[k - 1] as number) : Number.NEGATIVE_INFINITY;
  if (page !== undefined && page.size < k && best.length >= page.size)
    threshold = Math.max(threshold, page.floor(best[page.size - 1] as number));
  const kept = holding.filter(({ score }) => score >= threshold);
  return { docs: kept.map(({ doc }) => doc), scores: kept.map(({ score }) => score) };
}

// Scores bunched at a few values with gaps between (ties, and score ranges no candidate falls in).
const score = fc.oneof(fc.constantFrom(1, 2, 2.5, 7, 7, 30), fc.double({ min: 0.5, max: 40, noNaN: true }));

describe('a lone phrase walked best first', () => {
  it('keeps every article holding the phrase that reaches the final threshold, as checking all of them would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score, holds: fc.boolean(), allowed: fc.boolean() }), { maxLength: 400, size: 'max' }),
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.record({ size: fc.integer({ min: 1, max: 30 }), divisor: fc.constantFrom(1, 1.5, 4) }), { nil: undefined }),
        fc.boolean(),
        (candidates, k, pageSpec, filtered) => {
          const docs = candidates.map((_, at) => 3 * at + 1);
          const scores = candidates.map((candidate) => candidate.score);
          const held = new Set(docs.filter((_, at) => candidates[at]?.holds === true && (!filtered || candidates[at]?.allowed === true)));
          const page =
            pageSpec === undefined ? undefined : { size: pageSpec.size, floor: (smallest: number) => smallest / pageSpec.divisor };
          const allowed = filtered ? (doc: number) => candidates[(doc - 1) / 3]?.allowed === true : undefined;
          const result = phraseBestFirst(
            new DocScores(Int32Array.from(docs), Float64Array.from(scores)),
            (doc) => candidates[(doc - 1) / 3]?.holds === true,
            k,
            allowed,
            page,
            SearchDeadline.NONE,
          );
          expect({ docs: Array.from(result.docs), scores: Array.from(result.scores) }).toEqual(expected(docs, scores, held, k, page));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps nothing from no candidates or from candidates none of which holds the phrase, and a lone one that does', () => {
    const none = phraseBestFirst(
      new DocScores(new Int32Array(0), new Float64Array(0)),
      () => true,
      10,
      undefined,
      undefined,
      SearchDeadline.NONE,
    );
    expect(none.docs.length).toBe(0);
    const candidates = new DocScores(Int32Array.of(2, 5, 9), Float64Array.of(1, 3, 2));
    expect(phraseBestFirst(candidates, () => false, 10, undefined, undefined, SearchDeadline.NONE).docs.length).toBe(0);
    const lone = phraseBestFirst(
      candidates,
      (doc) => doc === 9,
      1,
      undefined,
      { size: 1, floor: (smallest) => smallest },
      SearchDeadline.NONE,
    );
    expect({ docs: Array.from(lone.docs), scores: Array.from(lone.scores) }).toEqual({ docs: [9], scores: [2] });
  });
});
