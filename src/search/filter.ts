import { collectFacets, type Facets } from '../facets/collect.js';
import type { TextMatch } from '../index/text-index.js';
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
export function filterAndFacet(view: IndexView, matched: Matched, request: ResolvedRequest): Filtered {
  if (matched.inPageOrder !== undefined && hasFieldFilters(request)) return filterInPageOrder(view, matched, matched.inPageOrder, request);
  const candidates = hasFieldFilters(request) ? docsOf(matched.matches) : matched.all();
  const count = () => collectFacets(candidates, view.store.facetColumns(), request, (interval, zone) => view.dateBuckets(interval, zone));
  if (view.isEveryArticle(candidates)) {
    return {
      matches: matched.matches,
      total: candidates.length,
      facets: view.facetsOfEveryArticle(facetsAsked(request), () => count().facets),
    };
  }
  const { passes, facets } = count();
  if (passes === undefined) return { matches: matched.matches, total: candidates.length, facets };
  const matches = matched.matches.filter((_, i) => passes[i] === 1);
  return { matches, total: matches.length, facets };
}

// An empty query's: every match filtered in increasing order (the columns read where they lie),
// then the page order walked for the first that pass, as many as `matched.matches` holds.
function filterInPageOrder(view: IndexView, matched: Matched, inPageOrder: Int32Array, request: ResolvedRequest): Filtered {
  const candidates = matched.all();
  const { passes, facets } = collectFacets(candidates, view.store.facetColumns(), request, (interval, zone) =>
    view.dateBuckets(interval, zone),
  );
  const passing = new Uint32Array((view.store.nextNumber + 31) >>> 5);
  let total = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (passes?.[i] !== 1) continue;
    const doc = candidates[i] as number;
    passing[doc >>> 5] = (passing[doc >>> 5] as number) | (1 << (doc & 31));
    total++;
  }
  const wanted = matched.matches.length;
  const matches: TextMatch[] = [];
  for (let i = 0; i < inPageOrder.length && matches.length < wanted; i++) {
    const doc = inPageOrder[i] as number;
    if (((passing[doc >>> 5] as number) & (1 << (doc & 31))) !== 0) matches.push({ doc, score: 0 });
  }
  return { matches, total, facets };
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
