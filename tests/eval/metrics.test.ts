import { describe, expect, it } from 'vitest';
import { averagePrecision, meanScores, ndcgAt, precisionAt, recallAt } from '../../eval/metrics.js';

// Hand-computed case: three relevant documents with gains 3, 2, 1, one judged non-relevant.
// Ranking: judged-non-relevant, gain 3, unjudged, gain 1 (the gain-2 document is never found).
const judgements = new Map([
  ['a', 3],
  ['b', 2],
  ['n', 0],
  ['d', 1],
]);
const ranking = ['n', 'a', 'x', 'd'];

describe('metrics, as trec_eval computes them', () => {
  it('nDCG@10 uses linear gains and a log2(rank + 1) discount over the ideal of all judged documents', () => {
    // DCG = 3/log2(3) + 1/log2(5) = 1.892789 + 0.430677 = 2.323466
    // IDCG = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
    expect(ndcgAt(10, ranking, judgements)).toBeCloseTo(0.487931, 5);
  });

  it('nDCG@k ignores documents past the cut-off', () => {
    // Only 'n' and 'a' are inside @2: DCG = 1.892789; IDCG@2 = 3 + 1.261860
    expect(ndcgAt(2, ranking, judgements)).toBeCloseTo(0.444119, 5);
  });

  it('average precision divides by every relevant document, found or not', () => {
    // precisions at the relevant ranks 2 and 4: 1/2 and 2/4; three relevant documents
    expect(averagePrecision(ranking, judgements)).toBeCloseTo(1 / 3, 10);
  });

  it('recall and precision at k count documents with a gain of at least 1', () => {
    expect(recallAt(100, ranking, judgements)).toBeCloseTo(2 / 3, 10);
    expect(recallAt(2, ranking, judgements)).toBeCloseTo(1 / 3, 10);
    expect(precisionAt(10, ranking, judgements)).toBe(0.2);
  });

  it('a document retrieved twice counts once, at its first rank', () => {
    expect(precisionAt(10, ['a', 'a', 'a'], judgements)).toBe(0.1);
    expect(averagePrecision(['a', 'a', 'd'], judgements)).toBeCloseTo((1 / 1 + 2 / 2) / 3, 10);
  });

  it('a perfect ranking scores 1', () => {
    expect(ndcgAt(10, ['a', 'b', 'd'], judgements)).toBeCloseTo(1, 10);
    expect(averagePrecision(['a', 'b', 'd'], judgements)).toBeCloseTo(1, 10);
  });

  it('averages over judged queries only, counting a judged query with no results as 0', () => {
    const qrels = new Map([
      ['q1', judgements],
      ['q2', new Map([['z', 1]])],
      ['q3', new Map([['a', 0]])], // nothing relevant: not a judged query
    ]);
    const runs = new Map([
      ['q1', ranking],
      ['q3', ['a']],
    ]);
    const mean = meanScores(runs, qrels);
    expect(mean.map).toBeCloseTo(1 / 3 / 2, 10);
    expect(mean.ndcg10).toBeCloseTo(0.487931 / 2, 5);
    expect(mean.p10).toBeCloseTo(0.1, 10);
  });
});
