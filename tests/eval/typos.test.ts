import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.js';
import {
  changedWords,
  MIN_TYPO_LENGTH,
  QWERTY_NEIGHBOURS,
  TYPO_KINDS,
  type TypoKind,
  typoQueries,
  typoText,
  typoWord,
} from '../../eval/typos.js';

const QUERIES = [
  { id: '1', text: 'flutter of thin wings at supersonic speed' },
  { id: '2', text: 'Heat conduction in composite slabs (layered, 3-ply)?' },
  { id: '3', text: 'LAMINAR BOUNDARY LAYERS ON A FLAT PLATE' },
  { id: '4', text: 'buckling of cylindrical shells under axial load' },
  { id: '5', text: 'jet noise and the exhaust speed of an engine' },
];

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// two neighbouring letters each cost 1.
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

function words(text: string): string[] {
  return text.match(/\p{L}+/gu) ?? [];
}

describe('typo generator', () => {
  it('gives the same typos for the same seed, and others for another seed', () => {
    expect(typoQueries(QUERIES, { seed: 7 })).toEqual(typoQueries(QUERIES, { seed: 7 }));
    expect(typoQueries(QUERIES, { seed: 7 })).not.toEqual(typoQueries(QUERIES, { seed: 8 }));
  });

  it("draws a query's typos from the seed and its id, whatever the other queries", () => {
    const alone = typoQueries([QUERIES[3] as (typeof QUERIES)[number]], { seed: 7 });
    expect(typoQueries(QUERIES, { seed: 7 })[3]).toEqual(alone[0]);
  });

  it('makes exactly one edit of the four kinds in a word, never to its first letter', () => {
    const seen = new Set<TypoKind>();
    const random = seededRandom(1);
    for (const word of ['flutter', 'supersonic', 'slabs', 'BOUNDARY', 'aaaaa', 'Conduction', 'parallelism']) {
      for (let n = 0; n < 200; n++) {
        const { word: typod, kind } = typoWord(word, random);
        seen.add(kind);
        expect(editDistance(word, typod), `${word} -> ${typod}`).toBe(1);
        expect(typod[0]).toBe(word[0]);
        const lengthChange = { transposition: 0, omission: -1, doubling: 1, 'neighbouring key': 0 }[kind];
        expect(typod.length - word.length, `${word} -> ${typod} (${kind})`).toBe(lengthChange);
      }
    }
    expect([...seen].sort()).toEqual([...TYPO_KINDS].sort());
  });

  it('replaces a letter by a key next to it, keeping its case', () => {
    const random = seededRandom(2);
    for (let n = 0; n < 300; n++) {
      for (const word of ['supersonic', 'SUPERSONIC']) {
        const { word: typod, kind } = typoWord(word, random);
        if (kind !== 'neighbouring key') continue;
        const i = [...typod].findIndex((letter, at) => letter !== word[at]);
        const wrong = typod[i] as string;
        expect(QWERTY_NEIGHBOURS.get((word[i] as string).toLowerCase())).toContain(wrong.toLowerCase());
        expect(wrong === wrong.toUpperCase()).toBe(word === 'SUPERSONIC');
      }
    }
  });

  it('knows each key as a neighbour of its neighbours', () => {
    expect(QWERTY_NEIGHBOURS.size).toBe(26);
    expect(QWERTY_NEIGHBOURS.get('s')).toEqual(expect.arrayContaining(['a', 'd', 'w', 'e', 'z', 'x']));
    for (const [key, around] of QWERTY_NEIGHBOURS) for (const other of around) expect(QWERTY_NEIGHBOURS.get(other)).toContain(key);
  });

  it('touches only words of 5+ letters, and nothing between the words', () => {
    for (let seed = 0; seed < 100; seed++) {
      for (const query of QUERIES) {
        const typod = typoText(query.text, seededRandom(seed), 1);
        expect(typod.split(/\p{L}+/u)).toEqual(query.text.split(/\p{L}+/u));
        const before = words(query.text);
        const after = words(typod);
        expect(after).toHaveLength(before.length);
        before.forEach((word, i) => {
          if (word.length < MIN_TYPO_LENGTH) expect(after[i]).toBe(word);
          else expect(editDistance(word, after[i] as string)).toBe(1);
        });
      }
    }
  });

  it('gives each query at least one typo, exactly one at rate 0', () => {
    for (let seed = 0; seed < 100; seed++) {
      for (const query of QUERIES) {
        expect(changedWords(query.text, typoText(query.text, seededRandom(seed), 0.5))).toBeGreaterThanOrEqual(1);
        expect(changedWords(query.text, typoText(query.text, seededRandom(seed), 0))).toBe(1);
      }
    }
  });

  it('types about the share of words the rate asks for', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `word${'abcdefghij'[i % 10]}`).join(' ');
    const changed = changedWords(text, typoText(text, seededRandom(3), 0.5));
    expect(changed).toBeGreaterThan(450);
    expect(changed).toBeLessThan(550);
  });

  it('leaves a query without words of 5+ letters as it is', () => {
    expect(typoText('jet din at low rpm, 3-ply', seededRandom(4))).toBe('jet din at low rpm, 3-ply');
  });

  it('refuses a rate outside 0 to 1', () => {
    expect(() => typoQueries(QUERIES, { rate: 1.5 })).toThrow(RangeError);
  });
});
