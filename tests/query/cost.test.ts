import { describe, expect, it } from 'vitest';
import { worstKnownQueries } from '../../bench/costly-queries.js';
import { mayBeCostly } from '../../src/query/cost.js';

describe('mayBeCostly', () => {
  it('finds every one of the costliest known queries costly', () => {
    for (const [name, q] of Object.entries(worstKnownQueries())) expect(mayBeCostly(q), name).toBe(true);
  });

  it('finds a few plain words, an empty query and none cheap', () => {
    for (const q of ['oil prices', 'cocoa exports brazil', 'grain shipments soviet union', '', undefined])
      expect(mayBeCostly(q)).toBe(false);
  });

  it('finds prefixes, fuzzy words, phrases and long queries costly', () => {
    for (const q of ['petro*', 'opec~', '"oil prices"', Array(13).fill('oil').join(' '), 'x'.repeat(201)])
      expect(mayBeCostly(q)).toBe(true);
  });
});
