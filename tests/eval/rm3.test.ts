import { describe, expect, it } from 'vitest';
import { ANSERINI_RM3, type FeedbackSource, rm3Weights } from '../../eval/rm3.js';
import { ledeOf } from '../../eval/variants.js';

// 100 documents: 0-9 about wing flutter (with "1987" and "x"), the rest about something else entirely.
const documents = Array.from({ length: 100 }, (_, doc) =>
  doc < 10 ? ['wing', 'flutter', 'aileron', 'x', '1987', doc < 5 ? 'buffet' : 'panel'] : ['harbour', 'storm', 'ship', `word${doc}`],
);
const source: FeedbackSource = {
  termsOf: (doc) => documents[doc] ?? [],
  documentFrequency: (term) => documents.filter((terms) => terms.includes(term)).length,
  documentCount: documents.length,
};
const ranked = Array.from({ length: 10 }, (_, doc) => ({ doc, score: 10 - doc }));

describe('RM3 pseudo-relevance feedback', () => {
  it('adds the feedback documents’ terms to the query, which keeps half the weight', () => {
    const weights = rm3Weights(['wing', 'flutter'], ranked, source);
    // The query's own terms keep their counts; the model's terms share as much weight again.
    const added = [...weights].filter(([term]) => !['wing', 'flutter'].includes(term));
    expect(added.map(([term]) => term).sort()).toEqual(['aileron', 'buffet', 'panel']);
    const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
    expect(total).toBeCloseTo(2 / ANSERINI_RM3.originalWeight, 10);
    // buffet is in the best five documents, panel in the next five: the better documents weigh more.
    expect(weights.get('buffet') ?? 0).toBeGreaterThan(weights.get('panel') ?? 0);
  });

  it('never feeds back one-letter terms, numbers, or terms in more than a tenth of the documents', () => {
    const common = { ...source, documentFrequency: (term: string) => (term === 'aileron' ? 11 : source.documentFrequency(term)) };
    const weights = rm3Weights(['wing'], ranked, common);
    for (const term of ['x', '1987', 'aileron']) expect(weights.has(term), term).toBe(false);
  });

  it('leaves a query alone that found fewer documents than it reads', () => {
    expect(rm3Weights(['wing', 'wing'], ranked.slice(0, 9), source)).toEqual(new Map([['wing', 2]]));
  });
});

describe('the lede of an article', () => {
  it('is its first paragraph, or its first sentence when it has one paragraph', () => {
    expect(ledeOf('Storm shuts port.\n\nShips wait outside.')).toBe('Storm shuts port.');
    expect(ledeOf('Flutter of thin wings was measured. A second test followed.')).toBe('Flutter of thin wings was measured.');
    expect(ledeOf('no full stop at all')).toBe('no full stop at all');
  });
});
