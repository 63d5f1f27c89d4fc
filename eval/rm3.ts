/**
 * RM3 pseudo-relevance feedback (Lavrenko & Croft's relevance model, interpolated with the
 * query as Abdul-Jaleel et al. 2004 do), with Anserini's defaults (its Rm3Reranker):
 * the 10 best documents of a first search, each a maximum-likelihood language model of
 * its terms weighted by its score; the 10 heaviest terms of their sum, normalised; and
 * the query, normalised, weighted 0.5 against them. Anserini's safeguards on terms are
 * kept: a feedback term has two or more characters, not only digits, and is in at most 10 %
 * of the documents. Per query: no feedback when the first search found fewer documents
 * than it reads (a query that matches little has too little to feed back) or when the
 * query has no terms.
 */

/** RM3's settings. */
export interface Rm3Settings {
  /** Documents of the first search read as relevant (Anserini: fbDocs 10). */
  documents: number;
  /** Expansion terms kept (Anserini: fbTerms 10). */
  terms: number;
  /** Weight of the original query against the relevance model (Anserini: originalQueryWeight 0.5). */
  originalWeight: number;
  /** A term in a larger share of the documents is not used for feedback (Anserini: 0.1). */
  maxDocumentShare: number;
}

/** Anserini's defaults. */
export const ANSERINI_RM3: Rm3Settings = { documents: 10, terms: 10, originalWeight: 0.5, maxDocumentShare: 0.1 };

/** What RM3 needs to know of the collection. */
export interface FeedbackSource {
  /** All the terms of a document, repeats included (title copies too, as they are scored). */
  termsOf(doc: number): readonly string[];
  /** In how many documents a term occurs. */
  documentFrequency(term: string): number;
  /** How many documents there are. */
  documentCount: number;
}

/**
 * The expanded query's term weights, or the query's own (as counts) when a safeguard
 * applies. `ranked`: the first search's matches, best first, with positive scores.
 */
export function rm3Weights(
  queryTerms: readonly string[],
  ranked: readonly { doc: number; score: number }[],
  source: FeedbackSource,
  settings: Rm3Settings = ANSERINI_RM3,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of queryTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
  if (counts.size === 0 || ranked.length < settings.documents) return counts;
  const model = relevanceModel(ranked.slice(0, settings.documents), source, settings);
  if (model.size === 0) return counts;
  const expanded = new Map<string, number>();
  for (const [term, count] of counts) expanded.set(term, (settings.originalWeight * count) / queryTerms.length);
  for (const [term, weight] of model) expanded.set(term, (expanded.get(term) ?? 0) + (1 - settings.originalWeight) * weight);
  // Scaled so that the original terms keep their weight as counts: scores stay comparable to an unexpanded query's.
  const scale = queryTerms.length / settings.originalWeight;
  for (const [term, weight] of expanded) expanded.set(term, weight * scale);
  return expanded;
}

// The sum over the feedback documents of P(term | document) × the document's score, its heaviest terms, normalised to sum 1.
function relevanceModel(
  feedback: readonly { doc: number; score: number }[],
  source: FeedbackSource,
  settings: Rm3Settings,
): Map<string, number> {
  const model = new Map<string, number>();
  const eligible = new Map<string, boolean>();
  const isEligible = (term: string) => {
    let known = eligible.get(term);
    if (known === undefined) {
      known = term.length >= 2 && !/^\d+$/.test(term) && source.documentFrequency(term) <= settings.maxDocumentShare * source.documentCount;
      eligible.set(term, known);
    }
    return known;
  };
  for (const { doc, score } of feedback) {
    // The document's model over its eligible terms, as Anserini normalises its document vectors.
    const terms = source.termsOf(doc).filter(isEligible);
    for (const term of terms) model.set(term, (model.get(term) ?? 0) + score / terms.length);
  }
  const kept = [...model].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, settings.terms);
  const total = kept.reduce((sum, [, weight]) => sum + weight, 0);
  return new Map(total > 0 ? kept.map(([term, weight]) => [term, weight / total]) : []);
}
