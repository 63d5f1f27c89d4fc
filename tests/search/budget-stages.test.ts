import { describe, expect, it } from 'vitest';
import { collectFacets } from '../../src/facets/collect.js';
import { resolveFacetRequest } from '../../src/facets/facet-request.js';
import { unionOfDocs } from '../../src/index/doc-lists.js';
import { DocumentStore } from '../../src/index/document-store.js';

// A search's deadline as these stages see it: a check that counts its calls and throws from the `failAt`th.
function deadlineAt(failAt = Number.POSITIVE_INFINITY): { check: () => void; calls: () => number } {
  let calls = 0;
  return {
    check: () => {
      calls++;
      if (calls >= failAt) throw new Error('past the budget');
    },
    calls: () => calls,
  };
}

describe('the search budget within the long stages of a search', () => {
  // Sparse lists (a hundred articles each among 50,000) are merged two by two, five in four
  // merges; dense ones (among 500) are set in a bitmap, one list at a time.
  it.each([
    ['merge of sparse lists', 500, 4],
    ['list set in the bitmap of dense lists', 5, 5],
  ])('is checked after each %s that a search counts, and stops the union', (_, spacing, checks) => {
    const lists = [0, 1, 2, 3, 4].map((offset) => Int32Array.from({ length: 100 }, (_, n) => n * spacing + offset));
    const counted = deadlineAt();
    expect(unionOfDocs(lists, undefined, counted.check)).toHaveLength(500);
    expect(counted.calls()).toBe(checks);
    expect(() => unionOfDocs(lists, undefined, deadlineAt(checks).check)).toThrow('past the budget');
  });

  it('is checked between filtering and each facet counted, and stops the count', () => {
    const store = DocumentStore.fromArticles(
      Array.from({ length: 50 }, (_, n) => ({
        id: `a${n}`,
        title: 'story',
        body: 'text',
        author: `writer ${n % 4}`,
        tags: [`tag ${n % 3}`],
        date: new Date(Date.UTC(2020, n % 12, 1)).toISOString(),
      })),
    );
    const every = Int32Array.from({ length: 50 }, (_, n) => n);
    const plan = {
      ...resolveFacetRequest({ facets: ['author', 'tag', 'source'], filters: { author: ['writer 1'] } }),
      interval: 'month' as const,
    };
    const counted = deadlineAt();
    const { facets } = collectFacets(every, store.facetColumns(), plan, undefined, counted.check);
    expect(facets.author?.values.find((value) => value.value === 'writer 1')?.count).toBe(13);
    // Once after the filters, once before each of the three term facets.
    expect(counted.calls()).toBe(4);
    for (let failAt = 1; failAt <= 4; failAt++) {
      expect(() => collectFacets(every, store.facetColumns(), plan, undefined, deadlineAt(failAt).check)).toThrow('past the budget');
    }
  });
});
