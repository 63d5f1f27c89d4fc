import { dateBoundInZone } from '../facets/zoned-time.js';
import { inIncreasingOrder } from '../index/doc-lists.js';
import type { TextMatch } from '../index/text-index.js';
import type { SearchDeadline } from '../query/deadline.js';
import { type Execution, executeQuery } from '../query/execute.js';
import { executeTopK, type TopKOptions } from '../query/top-k.js';
import { type BoolNode, isEmptyQuery, type LeafNode, type ParsedQuery, positiveLeaves, type QueryField } from '../query/tree.js';
import { bestFirst, bestOf, newestFirst } from '../ranking/best-first.js';
import { applyRecency } from '../ranking/recency.js';
import { DEFAULT_RERANK, pageFloor, type RerankContext, rerankBest } from '../ranking/rerank.js';
import type { IndexView } from './index-view.js';
import type { ResolvedRequest } from './request.js';

// How many of the best matches the re-rank (proximity, title coverage) re-scores.
const RERANK_DEPTH = DEFAULT_RERANK.depth;

/**
 * What a query matched: the matches that may be shown, best first (every match when
 * filters, recency or a date sort reorder them), every matching article, and how the
 * query ran (undefined for an empty query).
 */
export interface Matched {
  matches: TextMatch[];
  /** Every matching article, in increasing order: counted when first asked (a page of the best needs none). */
  all(): Int32Array;
  /**
   * An empty query's matches in the order pages show them (newest first), every one: its
   * `matches` are only the first of them, however it is filtered, since made into objects
   * every article took seconds at ten million.
   */
  inPageOrder?: Int32Array;
  execution: Execution | undefined;
}

/**
 * The first stages of a search: the query run over the index within the request's dates,
 * the best matches re-ranked (proximity, title coverage) and, when asked, lifted by recency
 * or ordered by date. An empty query matches every article, newest first. `counted`: the
 * caller will count every match (a search's total and facets; not `rank`).
 */
export function matchQuery(
  view: IndexView,
  request: ResolvedRequest,
  parsed: ParsedQuery,
  deadline: SearchDeadline,
  counted = true,
  // How many of the best matches to give at least (a collapsed page looks through more than it shows).
  window = 0,
): Matched {
  const dates = dateRange(request, parsed);
  const inDateRange = dates === undefined ? undefined : inRange(view, dates);
  // Field filters, recency and sorting by date reorder every match: then all become
  // objects, best first (equal scores in index order, so that pages are stable); but an
  // empty query's, already in order, are filtered as numbers (filter.ts).
  // Otherwise only the best that a page and the proximity re-rank need.
  const filtered = Object.values(request.filters).some((values) => values !== undefined);
  const reordered = filtered || request.recency !== undefined || request.sort === 'date';
  const needed = Math.max(RERANK_DEPTH, request.offset + request.limit, window);
  if (isEmptyQuery(parsed.root)) {
    const all = dates === undefined ? view.articlesNewestFirst() : view.articlesNewestFirstBetween(dates.fromMs, dates.toMs);
    const shown = Math.min(all.length, needed);
    const matches: TextMatch[] = new Array(shown);
    for (let index = 0; index < shown; index++) matches[index] = { doc: all[index] as number, score: 0 };
    // Counted in increasing order: the columns read where they lie (newest first reads them at random).
    const counted = () => (dates === undefined ? view.everyArticle() : inIncreasingOrder(all, view.store.nextNumber));
    return { matches, all: counted, inPageOrder: all, execution: undefined };
  }
  const typoTolerance = request.typoTolerance ?? view.analyzer.settings.typoTolerance !== false;
  if (!reordered && request.sort === 'relevance' && pruning.enabled) {
    const context = rerankContext(view, parsed.root);
    const shown = shownOf(request, window);
    // A page of 10 needs the best 100 only down to where an article could still reach it after the re-rank.
    const page = pageFloor(context, DEFAULT_RERANK, shown);
    const best = executeTopK(
      parsed.root,
      view.text,
      {
        k: needed,
        typoTolerance,
        counted,
        ...(inDateRange ? { accept: inDateRange } : {}),
        ...(page ? { page } : {}),
        ...(dates === undefined ? {} : datedBetween(view, dates)),
      },
      deadline,
    );
    if (best !== undefined) {
      deadline.check();
      const matches = rerankBest(bestOf(best.scores.docs, best.scores.scores, needed), context, DEFAULT_RERANK, shown);
      return { matches, all: best.allMatches, execution: best };
    }
  }
  const execution = executeQuery(parsed.root, view.text, deadline, { typoTolerance });
  deadline.check();
  const { docs, scores } = inDateRange === undefined ? execution.scores : execution.scores.filter(inDateRange);
  let matches = reordered
    ? bestFirst(matchesOf(docs, scores), filtered || request.recency !== undefined ? docs.length : needed)
    : bestOf(docs, scores, needed);
  if (request.sort === 'relevance') matches = rerank(view, parsed.root, matches, reordered ? RERANK_DEPTH : shownOf(request, window));
  if (request.sort === 'relevance' && request.recency !== undefined) {
    matches = applyRecency(matches, (doc) => view.store.timestamp(doc), request.recency);
  }
  if (request.sort === 'date') matches = newestFirst(matches, filtered ? matches.length : needed, (doc) => view.store.timestamp(doc));
  return { matches, all: () => docs, execution };
}

/**
 * Whether a page of the best matches is found by a top-k search that skips the articles that
 * cannot reach it (query/top-k.ts) rather than by scoring every match: the same pages either
 * way. Off only to measure the difference (bench/pruning.ts) or to compare them in tests.
 */
export const pruning = { enabled: true };

// Dates in the query (after:, before:) narrow the from/to parameters: both apply. Undefined when no date limits.
function dateRange(request: ResolvedRequest, parsed: ParsedQuery): { fromMs: number; toMs: number } | undefined {
  const fromMs =
    parsed.after === undefined ? request.fromMs : Math.max(request.fromMs, dateBoundInZone('q', parsed.after, 'start', request.timeZone));
  const toMs =
    parsed.before === undefined ? request.toMs : Math.min(request.toMs, dateBoundInZone('q', parsed.before, 'end', request.timeZone));
  if (fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY) return undefined;
  return { fromMs, toMs };
}

function inRange(view: IndexView, { fromMs, toMs }: { fromMs: number; toMs: number }): (doc: number) => boolean {
  return (doc) => {
    const timestamp = view.store.timestamp(doc);
    return timestamp >= fromMs && timestamp <= toMs;
  };
}

/**
 * How many articles a date range holds, and they in increasing order, when the newest-first
 * order is at hand (the server warms it; an empty query brings it up to date after writes), for
 * a top-k walk to go from one to the next. Not made here: that sort takes 0.24 s at a million
 * articles, and a text search should not pay for it. At a million, the bench's date-filtered
 * queries (60 days, warmed) 1.2 -> 0.83 ms bare, 2.3 -> 1.3-1.45 ms as full requests (mean).
 */
function datedBetween(view: IndexView, { fromMs, toMs }: { fromMs: number; toMs: number }): Pick<TopKOptions, 'accepted'> {
  if (!view.hasNewestFirstOrder()) return {};
  const inRange = view.articlesNewestFirstBetween(fromMs, toMs);
  return { accepted: { count: inRange.length, inOrder: () => inIncreasingOrder(inRange, view.store.nextNumber) } };
}

// How many of the first matches a page reads as they come: its own, unless a collapsed page
// looks further (field filters, recency and date sorts reorder them: the caller says so).
function shownOf(request: ResolvedRequest, window: number): number {
  return window > 0 ? Math.max(RERANK_DEPTH, window) : request.offset + request.limit;
}

function rerank(view: IndexView, root: BoolNode, matches: TextMatch[], shown: number): TextMatch[] {
  return rerankBest(matches, rerankContext(view, root), DEFAULT_RERANK, shown);
}

// Terms as the forward index's ids: comparing numbers over the best 100 articles'
// text is what makes the re-rank cheap.
function rerankContext(view: IndexView, root: BoolNode): RerankContext<number> {
  const { forward, textIndex } = view;
  const ids = (terms: string[]) => terms.map((term) => forward.idOfTerm(term));
  return {
    queryTerms: ids(wordsFor(root, ['title', 'body'])),
    coverageTerms: ids(wordsFor(root, ['title'])),
    known: (id) => textIndex.holdsInText(id),
    titleOf: (doc) => forward.title(doc),
    bodyOf: (doc) => forward.body(doc),
    hasBody: (doc) => forward.bodyLength(doc) > 0,
    titleWeight: textIndex.ranking.titleWeight,
    idf: (id) => textIndex.idfOfId(id),
    averageLength: textIndex.averageTextLength,
  };
}

// The query's positive words in order (phrases contribute theirs) that are meant for the
// given fields; no field named counts for every field. The re-rank reads titles and
// bodies: proximity pairs the words meant for either, title coverage those for the title.
function wordsFor(root: BoolNode, fields: readonly QueryField[]): string[] {
  return positiveLeaves(root)
    .filter((leaf) => leaf.field === undefined || fields.includes(leaf.field))
    .flatMap(leafTerms);
}

function leafTerms(leaf: LeafNode): string[] {
  return leaf.kind === 'term' ? [leaf.term] : leaf.kind === 'phrase' ? leaf.terms : [];
}

function matchesOf(docs: Int32Array, scores: Float64Array): TextMatch[] {
  const matches: TextMatch[] = new Array(docs.length);
  for (let index = 0; index < docs.length; index++) matches[index] = { doc: docs[index] as number, score: scores[index] as number };
  return matches;
}
