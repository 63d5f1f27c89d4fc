import type { TextMatch } from '../index/text-index.js';
import { DEFAULT_PROXIMITY, type ProximitySettings, proximityScorer } from './proximity.js';
import { titleCoverage } from './title-coverage.js';

/** What re-ranks the best BM25 matches, and how many of them. */
export interface RerankSettings {
  /** How many of the best BM25 matches are re-scored: deeper matches keep their order. */
  depth: number;
  proximity: ProximitySettings;
  /** Scores are multiplied by 1 + this × the title's coverage by the query (0: off). */
  titleCoverage: number;
  /**
   * Whether an article without a body gets the title-coverage factor too. No: its title
   * is the whole article, whose length BM25 already weighed; covering it again cost CACM
   * (half its records are titles only) 0.011 nDCG@10.
   */
  coverTitleOnly: boolean;
}

/** Gazette's re-rank, each value measured (docs/relevance.md, "Why the defaults are what they are"). */
export const DEFAULT_RERANK: RerankSettings = {
  depth: 100,
  proximity: DEFAULT_PROXIMITY,
  titleCoverage: 0.3,
  coverTitleOnly: false,
};

/** What the re-rank needs to know about the collection and the query. */
export interface RerankContext<Term = string> {
  /** The query's index terms (or their ids), in query order: what the proximity bonus pairs. */
  queryTerms: readonly Term[];
  /** The query terms that title coverage counts: those not meant for another field than the title. */
  coverageTerms: readonly Term[];
  /** Whether any article holds the term in its title or body: other words neither pair nor cover. */
  known(term: Term): boolean;
  /** An article's title as index terms, as indexed. Called only for the `depth` best matches. */
  titleOf(doc: number): ArrayLike<Term>;
  /** An article's body as index terms, as indexed. */
  bodyOf(doc: number): ArrayLike<Term>;
  /** Whether an article has a body. */
  hasBody(doc: number): boolean;
  /** How many times the title counts (BM25F): the proximity bonus sees the text as it was scored. */
  titleWeight: number;
  /** Inverse document frequency of any index term. */
  idf(term: Term): number;
  /** Average number of index terms per article, over title copies and body. */
  averageLength: number;
}

/** A re-scored match, with what the re-rank did to its BM25 score (what `explain` shows). */
export interface RerankedMatch extends TextMatch {
  /** Added to the BM25 score for query words standing together. */
  proximityBonus: number;
  /** Then multiplied by this, for the title's coverage by the query. */
  titleFactor: number;
}

/**
 * Re-scores the `depth` best matches of a query of two words or more: BM25, plus the
 * proximity bonus of query words standing together, times the title-coverage factor;
 * then sorts them again. Deeper matches keep their BM25 order after them: both only
 * raise scores, so the list stays sorted, and the cost stays bounded whatever the
 * number of matches.
 */
export function rerankBest<Term>(
  matches: readonly TextMatch[],
  context: RerankContext<Term>,
  settings: RerankSettings = DEFAULT_RERANK,
): TextMatch[] {
  const wanted = new Set(context.queryTerms.filter((term) => context.known(term)));
  // One word has no neighbours, and its title coverage would only prefer short headlines.
  if (wanted.size < 2 || matches.length === 0) return matches.slice();
  const covering = new Set(context.coverageTerms.filter((term) => wanted.has(term)));
  const coverage = settings.titleCoverage;
  // One array for every article's segments (title copies, body): it is not kept.
  const segments: ArrayLike<Term>[] = new Array(context.titleWeight + 1);
  const proximity = proximityScorer(context.queryTerms, context, settings.proximity, wanted);
  const rescore = (match: TextMatch): RerankedMatch => {
    const title = context.titleOf(match.doc);
    segments.fill(title, 0, context.titleWeight);
    segments[context.titleWeight] = context.bodyOf(match.doc);
    const bonus = proximity(segments);
    const covers = coverage > 0 && covering.size > 0 && (settings.coverTitleOnly || context.hasBody(match.doc));
    const factor = covers ? 1 + coverage * titleCoverage(title, covering, context.idf) : 1;
    return { doc: match.doc, score: (match.score + bonus) * factor, proximityBonus: bonus, titleFactor: factor };
  };
  const head: TextMatch[] = matches.slice(0, settings.depth).map(rescore);
  head.sort((a, b) => b.score - a.score);
  return head.concat(matches.slice(settings.depth));
}
