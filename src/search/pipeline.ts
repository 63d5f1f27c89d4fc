import type { TextMatch } from '../index/text-index.js';
import { SearchDeadline } from '../query/deadline.js';
import { DEFAULT_QUERY_SIZE, parseQuery } from '../query/parse.js';
import type { ParsedQuery } from '../query/tree.js';
import { filterAndFacet, hasFieldFilters } from './filter.js';
import { PageOfHits } from './hits.js';
import type { IndexView } from './index-view.js';
import { type Matched, matchQuery } from './match.js';
import { type ResolvedRequest, resolveRequest, type SearchRequest } from './request.js';
import type { RankedHit, SearchHit, SearchResponse } from './response.js';
import { collapseVersions, VERSION_WINDOW, versionWindow } from './versions.js';

/**
 * One search, stage after stage, each taking what the one before gave: the request resolved
 * (defaults, bounds) and its query parsed into a tree; the tree run over the index and the
 * best matches re-ranked (match.ts); field filters and facets over every match (filter.ts);
 * a page of hits with highlighted snippets and explanations (hits.ts). Past `budgetMs`
 * it stops with SearchTimeoutError; a query larger than `size` is refused.
 */
export function search(view: IndexView, request: SearchRequest, budgetMs: number, size = DEFAULT_QUERY_SIZE): SearchResponse {
  const started = performance.now();
  const deadline = new SearchDeadline(budgetMs);
  const resolved = resolveRequest(request, size.maxLength);
  const parsed = parseQuery(resolved.q, view.analyzer, resolved.mode, size);
  const { matched, total, facets, shown, versions } = matchPage(view, resolved, parsed, deadline, true);
  if (facets === undefined) throw new Error('a search counts its facets');
  const page = new PageOfHits(view, parsed.root, matched.execution, resolved);
  const response: SearchResponse = {
    query: resolved.q,
    total,
    offset: resolved.offset,
    limit: resolved.limit,
    hits: shown.map((match) => withVersions(view, page.hit(match), versions.get(match.doc))),
    facets,
    tookMs: 0,
  };
  const warnings = [...parsed.warnings, ...(matched.execution?.warnings ?? [])];
  if (warnings.length > 0) response.warnings = warnings;
  const suggestion = didYouMean(view, resolved.q, matched.execution?.corrections ?? []);
  if (suggestion !== undefined) response.didYouMean = suggestion;
  if (resolved.explain) {
    const expansions = [...(matched.execution?.expansions ?? [])].map(([leaf, terms]) => ({ word: leaf.text, searchedAs: terms }));
    response.explain = { tree: parsed.root, ...dates(parsed), expansions };
  }
  response.tookMs = Math.round((performance.now() - started) * 100) / 100;
  return response;
}

/** The ranking stages alone: the ids and scores of a page of the best matches, filtered as `search` filters them. */
export function rank(view: IndexView, request: SearchRequest, budgetMs: number, size = DEFAULT_QUERY_SIZE): RankedHit[] {
  const resolved = resolveRequest(request, size.maxLength);
  const parsed = parseQuery(resolved.q, view.analyzer, resolved.mode, size);
  return matchPage(view, resolved, parsed, new SearchDeadline(budgetMs), false).shown.map((match) => ({
    id: view.store.idOf(match.doc),
    score: Math.round(match.score * 1000) / 1000,
  }));
}

// The matches (filtered, and counted with their facets for a search) and the page of them, best
// first. Collapsed, each story once (its other versions by article number), the window of matches
// looked through widening until its stories fill the page or the matches run out.
function matchPage(view: IndexView, request: ResolvedRequest, parsed: ParsedQuery, deadline: SearchDeadline, search: boolean): Paged {
  const end = request.offset + request.limit;
  const collapsed = request.collapse === 'versions';
  let window = collapsed ? versionWindow(end) : 0;
  for (;;) {
    // `rank` counts nothing, but field filters must see every match.
    const matched = matchQuery(view, request, parsed, deadline, search || hasFieldFilters(request), window);
    const { matches, total, facets } =
      search || hasFieldFilters(request) ? filterAndFacet(view, matched, request, deadline) : { ...matched, total: 0, facets: undefined };
    deadline.check();
    if (!collapsed) return { matched, total, facets, shown: matches.slice(request.offset, end), versions: new Map() };
    const { kept, versions } = collapseVersions(matches.slice(0, window), view.forward, end, deadline);
    // Fewer matches than the window asked for: there are no more.
    if (kept.length >= end || matches.length < window || window >= VERSION_WINDOW.most) {
      return { matched, total, facets, shown: kept.slice(request.offset, end), versions };
    }
    window = Math.min(VERSION_WINDOW.most, 4 * window);
  }
}

interface Paged {
  matched: Matched;
  total: number;
  facets: SearchResponse['facets'] | undefined;
  shown: readonly TextMatch[];
  versions: ReadonlyMap<number, number[]>;
}

function withVersions(view: IndexView, hit: SearchHit, versions: readonly number[] | undefined): SearchHit {
  if (versions !== undefined) hit.versions = versions.map((doc) => view.store.idOf(doc));
  return hit;
}

// The query with each corrected word replaced, in place, by the word as the archive writes it.
function didYouMean(view: IndexView, q: string, corrections: readonly { text: string; term: string }[]): string | undefined {
  let corrected = q;
  for (const { text, term } of corrections) {
    const word = view.text.surfaceForm(term, text) ?? term;
    const at = wordAt(corrected, text);
    if (at >= 0) corrected = corrected.slice(0, at) + word + corrected.slice(at + text.length);
  }
  return corrected === q ? undefined : corrected;
}

// Where `word` stands in `text` as a plain word of the query, one that can be corrected: whole
// (not inside another word), not in quotes, not after a field name (`title:`) or a minus; or -1.
function wordAt(text: string, word: string): number {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text.slice(0, at);
    if (/[\p{L}\p{N}]$/u.test(before) || /^[\p{L}\p{N}]/u.test(text.slice(at + word.length))) continue;
    if (/[:-]$/.test(before) || (before.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    return at;
  }
  return -1;
}

function dates(parsed: ParsedQuery): { after?: string; before?: string } {
  return {
    ...(parsed.after === undefined ? {} : { after: parsed.after }),
    ...(parsed.before === undefined ? {} : { before: parsed.before }),
  };
}
