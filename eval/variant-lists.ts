/**
 * The variants `npm run eval -- --ablation` measures: the path from the walking skeleton to
 * Gazette's defaults, one alternative per rejected choice, and (with --combinations) the
 * combinations tried against the previous defaults. docs/relevance.md, "Why the defaults are what they are".
 */
import type { ProximitySettings } from '../src/ranking/proximity.js';
import { ANSERINI_RM3 } from './rm3.js';
import { DEFAULT_VARIANT, type RankingVariant, SKELETON_VARIANT } from './variants.js';

/** The path from the skeleton to the defaults, one change at a time, then alternatives that were measured and not adopted. */
export function ablationVariants(): RankingVariant[] {
  const bm25f: RankingVariant = { ...SKELETON_VARIANT, name: '+ BM25F: title ×2 and body in one field', fields: 'bm25f' };
  const noCoordination: RankingVariant = { ...bm25f, name: '+ no coordination factor', coordination: false };
  const plainBm25: RankingVariant = { ...noCoordination, name: '+ plain BM25 (δ = 0), b = 0.75', delta: 0, b: 0.75 };
  const title3: RankingVariant = { ...plainBm25, name: '+ title ×3', titleWeight: 3 };
  const proximity: RankingVariant = {
    ...title3,
    name: '+ proximity bonus: phrase 0.3, window of 8 0.1',
    proximity: true,
    proximitySettings: { unorderedWeight: 0.1, window: 8 },
  };
  const adjacent: RankingVariant = { ...proximity, name: '+ proximity for adjacent words only', proximitySettings: {} };
  const titleCoverage: RankingVariant = { ...adjacent, name: '+ title coverage 0.3', titleCoverage: 0.3 };
  const perField: RankingVariant = {
    ...titleCoverage,
    name: '+ BM25F per field: the title not length-normalised, the body by all its terms, b = 0.6 (= Gazette defaults)',
    titleB: 0,
    length: 'tokens',
    b: 0.6,
  };
  return [SKELETON_VARIANT, bm25f, noCoordination, plainBm25, title3, proximity, adjacent, titleCoverage, perField, ...alternatives()];
}

// One change to the defaults each; none was adopted (docs/relevance.md, "Why the defaults are what they are").
function alternatives(): RankingVariant[] {
  const alternative = (name: string, change: Partial<RankingVariant>): RankingVariant => ({ ...DEFAULT_VARIANT, ...change, name });
  const proximity = (name: string, settings: Partial<ProximitySettings>) =>
    alternative(`alt: proximity ${name}`, { proximitySettings: settings });
  const feedback = (name: string, change: Partial<RankingVariant>) => alternative(`alt: feedback ${name}`, { feedback: 0.2, ...change });
  const blend = (name: string, stemmer: RankingVariant['stemmer'], weight: number, change: Partial<RankingVariant> = {}) =>
    alternative(`alt: ${name}`, { blend: [{ stemmer, weight }], ...change });
  return [
    // BM25 parameters and fields
    alternative('alt: k1 = 0.9', { k1: 0.9 }),
    alternative('alt: k1 = 1.6', { k1: 1.6 }),
    alternative('alt: b = 0.5', { b: 0.5 }),
    alternative('alt: b = 0.75', { b: 0.75 }),
    alternative('alt: title ×1', { titleWeight: 1 }),
    alternative('alt: title ×5', { titleWeight: 5 }),
    alternative('alt: title b = 0.3 (the title length-normalised too)', { titleB: 0.3 }),
    alternative('alt: title b = 0.75', { titleB: 0.75 }),
    alternative('alt: one length over title copies and body (no per-field normalisation)', { titleB: undefined }),
    alternative("alt: length = distinct terms (MiniSearch's), not all terms", { length: 'distinct' }),
    alternative('alt: the previous defaults: one length, distinct terms, b = 0.75', { titleB: undefined, length: 'distinct', b: 0.75 }),
    // Weighting models
    alternative('alt: BM25L (δ = 0.5)', { model: 'bm25l' }),
    alternative('alt: DFR InL2', { model: 'dfr-inl2' }),
    // Query terms
    alternative('alt: repeated query words count once (k3 = 0)', { k3: 0 }),
    alternative('alt: repeated query words saturate (k3 = 8)', { k3: 8 }),
    alternative('alt: query words weighted by IDF^0.5', { queryIdfExponent: 0.5 }),
    alternative('alt: query words weighted by IDF', { queryIdfExponent: 1 }),
    alternative('alt: soft coordination, (words matched)^0.1', { coverageExponent: 0.1 }),
    alternative('alt: soft coordination, (words matched)^0.3', { coverageExponent: 0.3 }),
    alternative('alt: soft coordination, (IDF matched)^0.1', { coverageExponent: 0.1, coverageByIdf: true }),
    alternative('alt: soft coordination, (IDF matched)^0.3', { coverageExponent: 0.3, coverageByIdf: true }),
    alternative('alt: AND (every word required)', { requireAll: true }),
    // Analysis
    alternative('alt: Lancaster stemmer', { stemmer: 'lancaster' }),
    alternative('alt: Porter2 stemmer', { stemmer: 'porter2' }),
    alternative('alt: no stemming', { stemmer: 'none' }),
    alternative('alt: no stop words', { stopWords: false }),
    blend('exact-form bonus 0.2 (unstemmed words scored again)', 'none', 0.2),
    blend('exact-form bonus 0.5', 'none', 0.5),
    blend('Lancaster blend 0.6 (Porter + 0.6 × Lancaster)', 'lancaster', 0.6),
    blend('Lancaster blend 1.5', 'lancaster', 1.5),
    blend('Lancaster-of-Porter blend 1.5 (query-time classes)', 'porter-lancaster', 1.5),
    // Proximity
    proximity('window of 5, 0.1', { unorderedWeight: 0.1, window: 5 }),
    proximity('window of 12, 0.1', { unorderedWeight: 0.1, window: 12 }),
    proximity('window of 8, 0.3', { unorderedWeight: 0.3, window: 8 }),
    proximity('phrase 0.15, window 0.07 (SDM-like)', { orderedWeight: 0.15, unorderedWeight: 0.07 }),
    proximity('phrase 0.2', { orderedWeight: 0.2 }),
    proximity('phrase 0.4', { orderedWeight: 0.4 }),
    proximity('phrase 0.5', { orderedWeight: 0.5 }),
    proximity('over all pairs of query words', { pairs: 'all' }),
    alternative('alt: re-rank the best 200', { rerankDepth: 200 }),
    // Title coverage
    ...[0.2, 0.25, 0.4, 0.5].map((weight) => alternative(`alt: title coverage ${weight}`, { titleCoverage: weight })),
    alternative('alt: title coverage 0.3, articles without a body too', { coverTitleOnly: true }),
    // Pseudo-relevance feedback (RM3-like)
    feedback('0.2, 10 documents, 20 terms', {}),
    feedback('0.1, 10 terms', { feedback: 0.1, feedbackTerms: 10 }),
    feedback('0.2, 10 terms, queries of ≥ 6 words', { feedbackTerms: 10, feedbackMinTerms: 6 }),
    feedback('0.2, 10 terms by weight × IDF, queries of ≥ 8 words', { feedbackTerms: 10, feedbackIdf: true, feedbackMinTerms: 8 }),
    feedback('0.2, 5 documents, 10 terms by weight × IDF', { feedbackDocs: 5, feedbackTerms: 10, feedbackIdf: true }),
  ];
}

/**
 * The general methods of issue 22, each at its standard settings and a neighbour, one change to
 * the defaults each, judged by the protocol (eval/protocol.ts): `npm run eval -- --ablation --methods`.
 */
export function methodVariants(): RankingVariant[] {
  const method = (name: string, change: Partial<RankingVariant>): RankingVariant => ({ ...DEFAULT_VARIANT, ...change, name });
  return [
    method('RM3: 10 documents, 10 terms, query weight 0.5 (Anserini)', { rm3: ANSERINI_RM3 }),
    method('RM3: 10 documents, 20 terms, query weight 0.5', { rm3: { ...ANSERINI_RM3, terms: 20 } }),
    method('RM3: 10 documents, 10 terms, query weight 0.7', { rm3: { ...ANSERINI_RM3, originalWeight: 0.7 } }),
    method('no proximity bonus', { proximity: false }),
    method('sequential dependence: adjacent 0.3 + window of 8 0.1', { proximitySettings: { unorderedWeight: 0.1, window: 8 } }),
    method('sequential dependence, SDM-like weights: adjacent 0.15 + window of 8 0.07', {
      proximitySettings: { orderedWeight: 0.15, unorderedWeight: 0.07, window: 8 },
    }),
    method('proximity over every pair of query words', { proximitySettings: { pairs: 'all' } }),
    method('lede ×1 more (first paragraph, else first sentence)', { ledeWeight: 1 }),
    method('lede ×2 more', { ledeWeight: 2 }),
    method('title ×2', { titleWeight: 2 }),
    method('title ×4', { titleWeight: 4 }),
    method('length prior 0.05', { lengthPrior: 0.05 }),
    method('length prior 0.1', { lengthPrior: 0.1 }),
    method('length prior 0.2', { lengthPrior: 0.2 }),
    method('length prior −0.1 (shorter first)', { lengthPrior: -0.1 }),
  ];
}

/**
 * Combinations measured while looking for a change that wins on every collection, against
 * the previous defaults (proximity with a 0.1 bonus for words within 8 terms): docs/relevance.md,
 * second table. Listed by `npm run eval -- --ablation --combinations`.
 */
export function combinationVariants(): RankingVariant[] {
  const previous: RankingVariant = {
    ...DEFAULT_VARIANT,
    titleB: undefined,
    length: 'distinct',
    b: 0.75,
    titleCoverage: 0,
    proximitySettings: { unorderedWeight: 0.1, window: 8 },
  };
  const combination = (name: string, change: Partial<RankingVariant>, window = 8): RankingVariant => ({
    ...previous,
    ...change,
    proximitySettings: { unorderedWeight: 0.1, window },
    name: `combination: ${name}`,
  });
  const lancaster = (weight: number) => ({ blend: [{ stemmer: 'lancaster' as const, weight }] });
  const idfFeedback = (feedback: number, feedbackDocs: number, feedbackTerms: number, feedbackMinTerms = 0) => ({
    feedback,
    feedbackDocs,
    feedbackTerms,
    feedbackMinTerms,
    feedbackIdf: true,
  });
  return [
    combination('window of 5, b = 0.6', { b: 0.6 }, 5),
    combination('window of 5, b = 0.6, exact-form bonus 0.2', { b: 0.6, blend: [{ stemmer: 'none', weight: 0.2 }] }, 5),
    combination('window of 5, title b = 0.3 per field', { titleB: 0.3 }, 5),
    combination('window of 5, b = 0.6, title ×4', { b: 0.6, titleWeight: 4 }, 5),
    combination('window of 5, b = 0.6, title b = 0.3 per field', { b: 0.6, titleB: 0.3 }, 5),
    combination('DFR InL2, window of 5', { model: 'dfr-inl2' }, 5),
    combination('exact-form bonus 0.1', { blend: [{ stemmer: 'none', weight: 0.1 }] }),
    combination('length = all terms, b = 0.5', { length: 'tokens', b: 0.5 }),
    combination('length = all terms, b = 0.6, title b = 0.3 per field', { length: 'tokens', b: 0.6, titleB: 0.3 }),
    combination('feedback 0.2, 5 docs, 10 terms by weight × IDF', idfFeedback(0.2, 5, 10)),
    combination('feedback 0.3, 10 docs, 10 terms by weight × IDF', idfFeedback(0.3, 10, 10)),
    combination('feedback 0.2, 10 docs, 20 terms by weight × IDF', idfFeedback(0.2, 10, 20)),
    combination('feedback 0.2, 10 terms by weight × IDF, ≥ 8 words', idfFeedback(0.2, 10, 10, 8)),
    combination('feedback 0.1, 5 docs, 5 terms by weight × IDF', idfFeedback(0.1, 5, 5)),
    ...[1, 1.5].flatMap((weight) => [
      combination(`Lancaster blend ${weight}`, lancaster(weight)),
      combination(`Lancaster blend ${weight}, window of 5`, lancaster(weight), 5),
      combination(`Lancaster blend ${weight}, b = 0.6`, { ...lancaster(weight), b: 0.6 }),
      combination(`Lancaster blend ${weight}, title ×4`, { ...lancaster(weight), titleWeight: 4 }),
      combination(`Lancaster blend ${weight}, k1 = 1.6`, { ...lancaster(weight), k1: 1.6 }),
      combination(`Lancaster blend ${weight}, window of 12`, lancaster(weight), 12),
    ]),
    combination('window of 5, title ×4', { titleWeight: 4 }, 5),
    combination('window of 5, b = 0.7', { b: 0.7 }, 5),
    combination('window of 5, title ×4, b = 0.7', { b: 0.7, titleWeight: 4 }, 5),
    combination('window of 4', {}, 4),
    combination('window of 6', {}, 6),
  ];
}
