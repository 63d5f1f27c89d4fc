import { describe, expect, it } from 'vitest';
import { collapseNearDuplicates, jaccard, nearDuplicateReport, shingles } from '../../eval/near-duplicates.js';

const story = 'Cominco said its metals division lowered the price of lead metal sold in Canada by half a cent';
const documents = [
  { id: 'first', title: 'Cominco lowers lead price', body: story },
  { id: 'resent', title: 'Cominco cuts lead price in Canada', body: story },
  { id: 'other', title: 'Zinc stocks rise', body: 'Zinc stocks held by refiners rose in February, the bureau said' },
];

describe('near-duplicate stories', () => {
  it('compares stories by the word 3-grams they share', () => {
    expect(shingles('The price of LEAD')).toEqual(new Set(['the price of', 'price of lead']));
    expect(jaccard(shingles('a b c d'), shingles('a b c e'))).toBeCloseTo(1 / 3, 10);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('folds a re-sent story into the hit above it and counts the versions', () => {
    const shinglesOf = (id: string) => {
      const doc = documents.find((d) => d.id === id);
      return shingles(`${doc?.title} ${doc?.body}`);
    };
    const collapsed = collapseNearDuplicates(['first', 'other', 'resent'], shinglesOf);
    expect(collapsed.ids).toEqual(['first', 'other']);
    expect(collapsed.versions).toEqual(new Map([['first', 1]]));
  });

  it('reports the duplicates among the first ten and nDCG@10 with them collapsed', () => {
    const qrels = new Map([
      [
        'lead',
        new Map([
          ['first', 1],
          ['resent', 1],
        ]),
      ],
    ]);
    const report = nearDuplicateReport(new Map([['lead', ['first', 'resent', 'other']]]), qrels, documents);
    expect(report).toMatchObject({ queries: 1, duplicatesInFirstTen: 1, queriesWithDuplicates: 1, ndcg10: 1 });
    // Both versions are judged relevant: folding one away costs nDCG@10 what it finds.
    expect(report.collapsedNdcg10).toBeLessThan(1);
  });
});
