import { ScoreHeap } from '../index/score-heap.js';
import type { TextMatch } from '../index/text-index.js';
import type { PageFloor } from '../query/max-score.js';
import { DEFAULT_PROXIMITY, mostProximityBonus, type ProximitySettings, proximityScorer } from './proximity.js';
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

// Room for the rounding of the bonus's sums, wherever a bound is compared with a score.
const BENEATH_SLACK = 1 + 1e-9;

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
 *
 * `shown`: how many of the first matches will be read (a page's offset + limit). Those are
 * exactly the full re-rank's; past them the order is BM25's. Reading an article's text for
 * its bonus was most of the re-rank (two fifths of a three-word query over Reuters), and an
 * article whose BM25 score, with the most bonus any article could get, times its title's
 * factor, stays below the `shown` best re-scored so far cannot be among them.
 */
export function rerankBest<Term>(
  matches: readonly TextMatch[],
  context: RerankContext<Term>,
  settings: RerankSettings = DEFAULT_RERANK,
  shown: number = settings.depth,
): TextMatch[] {
  const { wanted, most, mostFactor } = mostRaise(context, settings);
  if (wanted.size < 2 || matches.length === 0) return matches.slice();
  const covering = new Set(context.coverageTerms.filter((term) => wanted.has(term)));
  const coverage = settings.titleCoverage;
  // One array for every article's segments (title copies, body): it is not kept.
  const segments: ArrayLike<Term>[] = new Array(context.titleWeight + 1);
  const proximity = proximityScorer(context.queryTerms, context, settings.proximity, wanted);
  const titleFactor = (doc: number): number => {
    const covers = coverage > 0 && covering.size > 0 && (settings.coverTitleOnly || context.hasBody(doc));
    return covers ? 1 + coverage * titleCoverage(context.titleOf(doc), covering, context.idf) : 1;
  };
  const rescore = (match: TextMatch, factor: number): RerankedMatch => {
    segments.fill(context.titleOf(match.doc), 0, context.titleWeight);
    segments[context.titleWeight] = context.bodyOf(match.doc);
    const bonus = proximity(segments);
    return { doc: match.doc, score: (match.score + bonus) * factor, proximityBonus: bonus, titleFactor: factor };
  };
  const depth = Math.min(settings.depth, matches.length);
  const head: TextMatch[] = [];
  const passedOver: TextMatch[] = [];
  const best = new ScoreHeap(Math.max(0, shown));
  for (let i = 0; i < depth; i++) {
    const match = matches[i] as TextMatch;
    if (shown < depth && best.full && beneath((match.score + most) * mostFactor, best.smallest)) {
      // Sorted by BM25: no later match can enter either.
      for (let j = i; j < depth; j++) passedOver.push(matches[j] as TextMatch);
      break;
    }
    const factor = titleFactor(match.doc);
    if (shown < depth && best.full && beneath((match.score + most) * factor, best.smallest)) {
      passedOver.push(match);
      continue;
    }
    const rescored = rescore(match, factor);
    best.offer(rescored.score);
    head.push(rescored);
  }
  head.sort((a, b) => b.score - a.score);
  return head.concat(passedOver, matches.slice(depth));
}

/**
 * What a top-k search may leave out when only the first `shown` matches will be read: an
 * article whose BM25 score is below `floor(θ)`, θ being the `shown`-th best BM25 score, could not
 * reach the first `shown` after `rerankBest` (re-scoring only raises, and the `shown` best by BM25
 * are re-scored first, so the `shown`-th re-scored score is θ or more). Undefined when every one
 * of the `depth` best is read. With one query word nothing is re-scored: the floor is θ itself.
 * The bound is `rerankBest`'s own (the most bonus, the largest title factor, the same slack), so
 * that the first `shown` matches are the ones a search scoring the `depth` best would show.
 */
export function pageFloor<Term>(
  context: Pick<RerankContext<Term>, 'queryTerms' | 'known' | 'idf' | 'averageLength'>,
  settings: RerankSettings,
  shown: number,
): PageFloor | undefined {
  if (shown >= settings.depth || shown < 1) return undefined;
  const { most, mostFactor } = mostRaise(context, settings);
  return { size: shown, floor: (smallest) => smallest / (mostFactor * BENEATH_SLACK) - most };
}

/**
 * The query terms the re-rank pairs and covers (those some article holds in its text), and the
 * most it can raise a BM25 score: plus `most`, then times `mostFactor`. Nothing with fewer than
 * two such terms: one word has no neighbours, and its title coverage would only prefer short
 * headlines. What `rerankBest` passes articles over by and `pageFloor` cuts the walk at.
 */
function mostRaise<Term>(
  context: Pick<RerankContext<Term>, 'queryTerms' | 'known' | 'idf' | 'averageLength'>,
  settings: RerankSettings,
): { wanted: Set<Term>; most: number; mostFactor: number } {
  const wanted = new Set(context.queryTerms.filter((term) => context.known(term)));
  if (wanted.size < 2) return { wanted, most: 0, mostFactor: 1 };
  const most = mostProximityBonus(context.queryTerms, context, settings.proximity, wanted);
  return { wanted, most, mostFactor: 1 + Math.max(0, settings.titleCoverage) };
}

// Whether a bound on a score is below the smallest of the best kept, with room for the rounding
// of the bonus's sums: such a match can only come after them.
function beneath(bound: number, smallest: number): boolean {
  return bound * BENEATH_SLACK < smallest;
}
