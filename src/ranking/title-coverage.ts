/**
 * How much of an article's title the query accounts for: the share of the title's
 * distinct terms, weighted by rarity (IDF), that are query terms. A headline made of
 * the query's words ("Minsk protests", for `minsk protest`) says the article is about
 * the query; a long headline that merely contains them says less. BM25 cannot see this:
 * it scores each query term apart and normalises by the length of the whole article.
 *
 * Measured with `npm run eval -- --ablation` (docs/relevance.md, "Why the defaults are what they
 * are"): scores × (1 + 0.3 × coverage) gained nDCG@10 on Cranfield (+0.004) and LISA
 * (+0.009), was neutral on CACM and ADI; NPL has no titles.
 */
export function titleCoverage<Term>(title: ArrayLike<Term>, queryTerms: ReadonlySet<Term>, idf: (term: Term) => number): number {
  let covered = 0;
  let total = 0;
  for (let i = 0; i < title.length; i++) {
    const term = title[i] as Term;
    if (repeatsEarlier(title, i)) continue;
    const weight = idf(term);
    total += weight;
    if (queryTerms.has(term)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

// This runs for each of the best 100 matches of every query: a look-back over the few
// terms of a title costs less than building a set of them.
function repeatsEarlier<Term>(terms: ArrayLike<Term>, at: number): boolean {
  const term = terms[at];
  for (let i = 0; i < at; i++) if (terms[i] === term) return true;
  return false;
}
