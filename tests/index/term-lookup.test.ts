import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixRange, termsWithinEdits, typoCandidates } from '../../src/index/term-lookup.js';

// The oracle: the edit-distance table computed for two words alone, apart from the walk it
// checks (optimal string alignment; the distance when at most `max`, else `max + 1`).
function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length] as number, max + 1);
}

// Small alphabets make near terms, shared prefixes and swaps common.
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'é'), maxLength: 9 });
const vocabulary = fc
  .uniqueArray(
    word.filter((term) => term !== ''),
    { maxLength: 300 },
  )
  .map((terms) => terms.sort());

describe('finding terms near a word in a sorted vocabulary', () => {
  it('finds exactly the terms a full scan finds, with the same distances', () => {
    fc.assert(
      fc.property(vocabulary, word, fc.integer({ min: 0, max: 2 }), (sorted, target, max) => {
        const walked = termsWithinEdits(sorted, target, max).map(({ at, distance }) => [sorted[at], distance]);
        const scanned = sorted
          .map((term) => [term, editDistanceWithin(target, term, max)] as const)
          .filter(([, distance]) => distance <= max);
        expect(walked).toEqual(scanned);
      }),
      { numRuns: 400 },
    );
  });

  it('counts a swap of two neighbours as one edit', () => {
    expect(termsWithinEdits(['nuion', 'uinno', 'union', 'unoin'], 'union', 1)).toEqual([
      { at: 0, distance: 1 },
      { at: 2, distance: 0 },
      { at: 3, distance: 1 },
    ]);
  });

  it('does not read the whole vocabulary for a word far from most of it', () => {
    const sorted = Array.from({ length: 20_000 }, (_, n) => `term${n.toString(36)}`).sort();
    let steps = 0;
    termsWithinEdits(sorted, 'xylophone', 2, () => {
      steps += 1;
    });
    // Every term starts with "term", three edits from any start of "xylophone": one branch, cut at its fourth letter.
    expect(steps).toBeLessThan(10);
  });
});

describe('finding terms by prefix in a sorted vocabulary', () => {
  it('gives the range of exactly the terms that start with the prefix', () => {
    fc.assert(
      fc.property(vocabulary, word, (sorted, prefix) => {
        const { from, to } = prefixRange(sorted, prefix);
        expect(sorted.slice(from, to)).toEqual(sorted.filter((term) => term.startsWith(prefix)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('finding the terms a typist may have meant', () => {
  // The rule, written plainly: same first letter, plain edits; another first letter, two edits for it and none after.
  function meant(target: string, term: string, max: number): number | undefined {
    if (target === '' || term === '') return undefined;
    if (term[0] === target[0]) {
      const distance = editDistanceWithin(target, term, max);
      return distance <= max ? distance : undefined;
    }
    if (max < 2) return undefined;
    const rest = target.slice(1);
    const changes = [rest, ...(target.length >= 2 ? [target.charAt(1) + target.charAt(0) + target.slice(2)] : [])];
    const oneEdit = changes.includes(term) || term.slice(1) === target || term.slice(1) === rest;
    return oneEdit ? 2 : undefined;
  }

  it('finds exactly the terms within the distance, an edit of the first letter counting two', () => {
    fc.assert(
      fc.property(vocabulary, word, fc.integer({ min: 0, max: 2 }), (sorted, target, max) => {
        const found = typoCandidates(sorted, target, max).map(({ at, distance }) => [sorted[at], distance]);
        const expected = sorted.flatMap((term) => {
          const distance = meant(target, term, max);
          return distance === undefined ? [] : [[term, distance]];
        });
        expect(found).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('forgives a wrong first letter only with two edits allowed', () => {
    const sorted = ['harbour', 'parbour'];
    expect(typoCandidates(sorted, 'parbour', 1)).toEqual([{ at: 1, distance: 0 }]);
    expect(typoCandidates(sorted, 'parbour', 2)).toEqual([
      { at: 0, distance: 2 },
      { at: 1, distance: 0 },
    ]);
  });
});
