import { InvalidParameterError } from '../errors.js';
import { type FacetRequest, type ResolvedFacetRequest, resolveFacetRequest } from '../facets/facet-request.js';
import { dateBoundInZone } from '../facets/zoned-time.js';
import type { FacetField } from '../index/document-store.js';
import {
  COLLAPSES,
  type Collapse,
  checkBounds,
  SEARCH_PARAMETERS as DECLARED,
  ENGINE_PARAMETER_NAMES,
  FILTER_PARAMETER_NAMES,
  INTERVALS,
  type Interval,
  MODES,
  type Mode,
  oneOf,
  readParameter,
  rejectUnknownParameters,
  SORTS,
  type Sort,
} from '../query/parameters.js';
import { VERSION_WINDOW } from './versions.js';

/** Most hits one search returns. */
export const MAX_LIMIT = DECLARED.limit.type.max;
/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = DECLARED.q.type.maxLength;

/** What a caller asks of a search. Only `q` is required. Facet and filter fields: see FacetRequest. */
export interface SearchRequest extends FacetRequest {
  /** Free text. Empty matches every article. */
  q: string;
  /** Earliest publication date, inclusive: `2020-01-01` (local midnight in `tz`, default UTC) or an ISO date-time. */
  from?: string;
  /** Latest publication date, inclusive: `2020-12-31` includes all of that day (in `tz`, default UTC). */
  to?: string;
  /** Hits per page, 1–100. Default 10. */
  limit?: number;
  /** Hits to skip, 0–10,000. Default 0. */
  offset?: number;
  /** `relevance` (default) or `date` (newest first). */
  sort?: Sort;
  /** Bucket size of the date facet: `hour`, `day`, `week` (ISO, from Monday), `month` (default), `quarter`, `year`, or `auto` (10–60 buckets). */
  interval?: Interval;
  /** Approximate snippet length in characters, 50–1,000. Default 200. */
  snippetLength?: number;
  /** `lenient` (default) reads invalid query syntax as plain words with a warning; `strict` rejects it. */
  mode?: Mode;
  /** Return the parsed query tree and, per hit, the parts of its score. Default false. */
  explain?: boolean;
  /** Search words the archive does not hold as the words within a typo or two of them. Default true. */
  typoTolerance?: boolean;
  /** Mark matched words in snippets and titles. Default true; false returns plain, unescaped text. */
  highlight?: boolean;
  /** Inserted before each matched span. Default `<mark>`. */
  highlightPreTag?: string;
  /** Inserted after each matched span. Default `</mark>`. */
  highlightPostTag?: string;
  /** Passages in a snippet, 1–5. Default 1. */
  fragments?: number;
  /** Recency boost: half-life in days, 1–36,500 (an article that much older counts half). Default: none. */
  recency?: number;
  /**
   * `versions`: each story once, its other versions (updates, corrections, re-sends: articles
   * sharing half their word 3-grams with a hit above) in the hit's `versions`. Default `none`.
   */
  collapse?: Collapse;
}

/** A search request with every default applied and every value checked. */
export interface ResolvedRequest extends ResolvedFacetRequest {
  q: string;
  fromMs: number;
  toMs: number;
  limit: number;
  offset: number;
  sort: Sort;
  interval: Interval;
  snippetLength: number;
  mode: Mode;
  /** As the request asked; undefined leaves it to the index's setting. */
  typoTolerance: boolean | undefined;
  explain: boolean;
  /** Highlight tags, or undefined for `highlight=false`. */
  highlightTags: { pre: string; post: string } | undefined;
  fragments: number;
  /** Half-life of the recency boost in days, or undefined for pure relevance. */
  recency: number | undefined;
  collapse: Collapse;
}

/**
 * Reads search parameters as they arrive from a URL, a JSON body or a command line (text,
 * possibly repeated or missing, or JSON values) into a SearchRequest, or throws an
 * InvalidParameterError that names the parameter and what it accepts. Which parameters
 * exist and how each is written: parameters.ts.
 */
export function parseSearchParameters(parameters: Record<string, unknown>): SearchRequest {
  rejectUnknownParameters(parameters, ENGINE_PARAMETER_NAMES);
  const request: Record<string, unknown> = { q: '' };
  const filters: Partial<Record<FacetField, string[]>> = {};
  for (const name of ENGINE_PARAMETER_NAMES) {
    if (parameters[name] === undefined) continue;
    const value = readParameter(name, parameters[name]);
    if ((FILTER_PARAMETER_NAMES as readonly string[]).includes(name)) filters[name as FacetField] = value as string[];
    else request[name] = value;
  }
  if (Object.keys(filters).length > 0) request.filters = filters;
  // Each value was read as its declared type, the type SearchRequest gives it.
  return request as unknown as SearchRequest;
}

/** Applies defaults and checks every value of a request, whoever built it; `maxQueryLength` is the engine's (QuerySize). */
export function resolveRequest(request: SearchRequest, maxQueryLength: number = MAX_QUERY_LENGTH): ResolvedRequest {
  if (typeof request.q !== 'string') throw new InvalidParameterError('q', 'must be a string');
  if (request.q.length > maxQueryLength) {
    throw new InvalidParameterError('q', `is ${request.q.length} characters long; at most ${maxQueryLength} are allowed`);
  }
  const facets = resolveFacetRequest(request);
  const fromMs = request.from === undefined ? Number.NEGATIVE_INFINITY : dateBoundInZone('from', request.from, 'start', facets.timeZone);
  const toMs = request.to === undefined ? Number.POSITIVE_INFINITY : dateBoundInZone('to', request.to, 'end', facets.timeZone);
  if (fromMs > toMs) throw new InvalidParameterError('from', `(${request.from}) is after to (${request.to})`);
  const collapse = oneOf('collapse', request.collapse ?? DECLARED.collapse.default, COLLAPSES);
  const offset = checkBounds('offset', request.offset ?? DECLARED.offset.default);
  const limit = checkBounds('limit', request.limit ?? DECLARED.limit.default);
  if (collapse === 'versions' && offset + limit > VERSION_WINDOW.maxStories) {
    throw new InvalidParameterError(
      'offset',
      `is ${offset} with limit ${limit}; with collapse=versions, offset + limit may be at most ${VERSION_WINDOW.maxStories} (the stories a collapsed search pages through): narrow the search with from, to or a filter`,
    );
  }
  return {
    q: request.q,
    fromMs,
    toMs,
    limit,
    offset,
    sort: oneOf('sort', request.sort ?? DECLARED.sort.default, SORTS),
    interval: oneOf('interval', request.interval ?? DECLARED.interval.default, INTERVALS),
    snippetLength: checkBounds('snippetLength', request.snippetLength ?? DECLARED.snippetLength.default),
    mode: oneOf('mode', request.mode ?? DECLARED.mode.default, MODES),
    typoTolerance: request.typoTolerance,
    explain: request.explain === true,
    highlightTags: request.highlight === false ? undefined : highlightTags(request),
    fragments: checkBounds('fragments', request.fragments ?? DECLARED.fragments.default),
    ...facets,
    recency: request.recency === undefined ? undefined : checkBounds('recency', request.recency),
    collapse,
  };
}

function highlightTags(request: SearchRequest): { pre: string; post: string } {
  const pre = request.highlightPreTag ?? DECLARED.highlightPreTag.default;
  const post = request.highlightPostTag ?? DECLARED.highlightPostTag.default;
  for (const [name, tag] of [
    ['highlightPreTag', pre],
    ['highlightPostTag', post],
  ] as const) {
    const maxLength = DECLARED[name].type.maxLength;
    if (typeof tag !== 'string' || tag.length > maxLength) {
      throw new InvalidParameterError(name, `must be text of at most ${maxLength} characters`);
    }
  }
  return { pre, post };
}
