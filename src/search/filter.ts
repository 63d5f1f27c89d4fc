import type { CalendarInterval } from '../facets/calendar-interval.js';
import { collectFacets, type Facets } from '../facets/collect.js';
import { bitmapOf, inBitmap } from '../index/doc-lists.js';
import type { TextMatch } from '../index/text-index.js';
import { SearchDeadline } from '../query/deadline.js';
import type { IndexView } from './index-view.js';
import type { Matched } from './match.js';
import type { ResolvedRequest } from './request.js';

/** The matches that pass the request's field filters, how many there are, and the facets over them. */
export interface Filtered {
  matches: TextMatch[];
  total: number;
  facets: Facets;
}

/**
 * Field filters (author=, tag=, source=) and facet counts, both read from the store's
 * columns. With filters, `matched.matches` holds every match (see matchQuery), but for an
 * empty query, whose matches are filtered as numbers.
 */
export function filterAndFacet(view: IndexView, matched: Matched, request: ResolvedRequest, deadline = SearchDeadline.NONE): Filtered {
  const filters = hasFieldFilters(request);
  // An empty query's matches are filtered as numbers in increasing order (the columns read where they lie).
  const inPageOrder = filters ? matched.inPageOrder : undefined;
  const candidates = filters && inPageOrder === undefined ? docsOf(matched.matches) : matched.all();
  deadline.check();
  const bucketColumn = (interval: CalendarInterval, zone: string) => view.dateBuckets(interval, zone);
  const everyArticle = view.isEveryArticle(candidates);
  const count = (check?: () => void) =>
    collectFacets(
      candidates,
      view.store.facetColumns(),
      request,
      bucketColumn,
      check,
      everyArticle ? (field) => view.liveValueCounts(field) : undefined,
    );
  if (!filters && everyArticle) {
    // Read from the counts kept over every live article; when they cannot serve (see
    // facetsOfEveryArticle), counted to the end whatever the deadline, as the count is kept for
    // every later search: stopped halfway, it would be begun again, and stopped, every time.
    return {
      matches: matched.matches,
      total: candidates.length,
      facets: view.facetsOfEveryArticle(request, facetsAsked(request), () => count().facets),
    };
  }
  const { passes, facets } = count(() => deadline.check());
  if (passes === undefined) return { matches: matched.matches, total: candidates.length, facets };
  if (inPageOrder !== undefined) return { ...firstPassing(candidates, passes, inPageOrder, matched.matches.length, view), facets };
  const matches = matched.matches.filter((_, i) => passes[i] === 1);
  return { matches, total: matches.length, facets };
}

// The first `wanted` articles of the page order that pass (by position in `candidates`), and how many pass.
function firstPassing(
  candidates: Int32Array,
  passes: Uint8Array,
  inPageOrder: Int32Array,
  wanted: number,
  view: IndexView,
): { matches: TextMatch[]; total: number } {
  let total = 0;
  for (let i = 0; i < passes.length; i++) total += passes[i] as number;
  const matches: TextMatch[] = [];
  if (total === 0) return { matches, total };
  const passing = bitmapOf(candidates, view.store.nextNumber, passes);
  // No further than the last that passes: an author of few articles is not looked for in every article.
  const found = Math.min(wanted, total);
  for (let i = 0; i < inPageOrder.length && matches.length < found; i++) {
    const doc = inPageOrder[i] as number;
    if (inBitmap(passing, doc)) matches.push({ doc, score: 0 });
  }
  return { matches, total };
}

// How a request asks for facets: what the facets of every article are kept by.
function facetsAsked(request: ResolvedRequest): string {
  const { interval, timeZone, facets, facetSize, facetFromMs, facetToMs } = request;
  return JSON.stringify([interval, timeZone, facets, facetSize, facetFromMs ?? null, facetToMs ?? null]);
}

/** Whether the request filters by author, tag or source. */
export function hasFieldFilters(request: ResolvedRequest): boolean {
  return Object.values(request.filters).some((values) => values !== undefined);
}

// A plain loop: Int32Array.from with a mapping function goes through the iterator protocol, 10× slower.
function docsOf(matches: readonly TextMatch[]): Int32Array {
  const docs = new Int32Array(matches.length);
  for (let index = 0; index < matches.length; index++) docs[index] = (matches[index] as TextMatch).doc;
  return docs;
}
