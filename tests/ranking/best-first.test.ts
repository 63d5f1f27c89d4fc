import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextMatch } from '../../src/index/text-index.js';
import { bestFirst } from '../../src/ranking/best-first.js';

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
