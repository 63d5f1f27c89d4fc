import { describe, expect, it } from 'vitest';
import { containsIds, TermSequences } from '../../src/query/term-sequences.js';

describe('TermSequences', () => {
  it('finds a phrase only adjacent and in order', () => {
    const sequences = new TermSequences();
    const text = sequences.sequence('1:body', () => ['crude', 'oil', 'price', 'rose']);
    expect(containsIds(text, sequences.phraseIds(['oil', 'price']))).toBe(true);
    expect(containsIds(text, sequences.phraseIds(['price', 'oil']))).toBe(false);
    expect(containsIds(text, sequences.phraseIds(['crude', 'price']))).toBe(false);
    expect(containsIds(text, sequences.phraseIds(['oil', 'unseen']))).toBe(false);
  });

  it('analyses a field once, and stops caching at its bound', () => {
    const sequences = new TermSequences(3);
    let analysed = 0;
    const analyse = () => {
      analysed++;
      return ['a', 'b'];
    };
    sequences.sequence('1:body', analyse);
    sequences.sequence('1:body', analyse);
    expect(analysed).toBe(1);
    sequences.sequence('2:body', analyse);
    sequences.sequence('2:body', analyse);
    expect(analysed).toBe(3);
  });
});
