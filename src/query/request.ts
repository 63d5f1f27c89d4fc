import { InvalidParameterError } from '../errors.js';
import {
  FACET_PARAMETERS,
  type FacetRequest,
  parseFacetParameters,
  type ResolvedFacetRequest,
  resolveFacetRequest,
} from '../facets/facet-request.js';
import { dateBoundInZone } from '../facets/zoned-time.js';

export const SORTS = ['relevance', 'date'] as const;
// The first three lead the list because error messages have always named them first.
export const INTERVALS = ['day', 'month', 'year', 'hour', 'week', 'quarter', 'auto'] as const;
export type Sort = (typeof SORTS)[number];
export type Interval = (typeof INTERVALS)[number];

export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;
export const MAX_QUERY_LENGTH = 1_000;
/** Longest recency half-life accepted, in days (a century). */
export const MAX_RECENCY_HALF_LIFE_DAYS = 36_500;
export const SNIPPET_LENGTH_BOUNDS = { min: 50, max: 1_000 } as const;
export const MODES = ['lenient', 'strict'] as const;
export type Mode = (typeof MODES)[number];
export const FRAGMENTS_BOUNDS = { min: 1, max: 5 } as const;
export const MAX_HIGHLIGHT_TAG_LENGTH = 100;

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
  /** Mark matched words in snippets and titles. Default true; false returns plain (still escaped) text. */
  highlight?: boolean;
  /** Inserted before each matched span. Default `<mark>`. */
  highlightPreTag?: string;
  /** Inserted after each matched span. Default `</mark>`. */
  highlightPostTag?: string;
  /** Passages in a snippet, 1–5. Default 1. */
  fragments?: number;
  /** Recency boost: half-life in days, 1–36,500 (an article that much older counts half). Default: none. */
  recency?: number;
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
  explain: boolean;
  /** Highlight tags, or undefined for `highlight=false`. */
  highlightTags: { pre: string; post: string } | undefined;
  fragments: number;
  /** Half-life of the recency boost in days, or undefined for pure relevance. */
  recency: number | undefined;
}

const KNOWN_PARAMETERS = new Set([
  'q',
  'from',
  'to',
  'limit',
  'offset',
  'sort',
  'interval',
  'snippetLength',
  'mode',
  'explain',
  'highlight',
  'highlightPreTag',
  'highlightPostTag',
  'fragments',
  'recency',
]);
for (const name of FACET_PARAMETERS) KNOWN_PARAMETERS.add(name);

/**
 * Reads search parameters as they arrive from a URL or a command line (strings,
 * possibly repeated or missing) into a SearchRequest, or throws an
 * InvalidParameterError that names the parameter and what it accepts.
 */
export function parseSearchParameters(parameters: Record<string, unknown>): SearchRequest {
  for (const name of Object.keys(parameters)) {
    if (!KNOWN_PARAMETERS.has(name)) {
      throw new InvalidParameterError(name, `unknown parameter; known parameters are ${[...KNOWN_PARAMETERS].join(', ')}`);
    }
  }
  const request: SearchRequest = { q: singleString(parameters, 'q') ?? '', ...parseFacetParameters(parameters) };
  const from = singleString(parameters, 'from');
  if (from !== undefined) request.from = from;
  const to = singleString(parameters, 'to');
  if (to !== undefined) request.to = to;
  const limit = integerParameter(parameters, 'limit');
  if (limit !== undefined) request.limit = limit;
  const offset = integerParameter(parameters, 'offset');
  if (offset !== undefined) request.offset = offset;
  const snippetLength = integerParameter(parameters, 'snippetLength');
  if (snippetLength !== undefined) request.snippetLength = snippetLength;
  const recency = integerParameter(parameters, 'recency');
  if (recency !== undefined) request.recency = recency;
  const sort = singleString(parameters, 'sort');
  if (sort !== undefined) request.sort = oneOf('sort', sort, SORTS);
  const interval = singleString(parameters, 'interval');
  if (interval !== undefined) request.interval = oneOf('interval', interval, INTERVALS);
  readQueryLanguageParameters(parameters, request);
  return request;
}

// Parameters of the query language and of snippets.
function readQueryLanguageParameters(parameters: Record<string, unknown>, request: SearchRequest): void {
  const mode = singleString(parameters, 'mode');
  if (mode !== undefined) request.mode = oneOf('mode', mode, MODES);
  const explain = booleanParameter(parameters, 'explain');
  if (explain !== undefined) request.explain = explain;
  const highlight = booleanParameter(parameters, 'highlight');
  if (highlight !== undefined) request.highlight = highlight;
  const pre = singleString(parameters, 'highlightPreTag');
  if (pre !== undefined) request.highlightPreTag = pre;
  const post = singleString(parameters, 'highlightPostTag');
  if (post !== undefined) request.highlightPostTag = post;
  const fragments = integerParameter(parameters, 'fragments');
  if (fragments !== undefined) request.fragments = fragments;
}

/** Applies defaults and checks every value of a request, whoever built it. */
export function resolveRequest(request: SearchRequest): ResolvedRequest {
  if (typeof request.q !== 'string') throw new InvalidParameterError('q', 'must be a string');
  if (request.q.length > MAX_QUERY_LENGTH) {
    throw new InvalidParameterError('q', `is ${request.q.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`);
  }
  const facets = resolveFacetRequest(request);
  const fromMs = request.from === undefined ? Number.NEGATIVE_INFINITY : dateBoundInZone('from', request.from, 'start', facets.timeZone);
  const toMs = request.to === undefined ? Number.POSITIVE_INFINITY : dateBoundInZone('to', request.to, 'end', facets.timeZone);
  if (fromMs > toMs) throw new InvalidParameterError('from', `(${request.from}) is after to (${request.to})`);
  return {
    q: request.q,
    fromMs,
    toMs,
    limit: bounded('limit', request.limit ?? 10, 1, MAX_LIMIT),
    offset: bounded('offset', request.offset ?? 0, 0, MAX_OFFSET),
    sort: oneOf('sort', request.sort ?? 'relevance', SORTS),
    interval: oneOf('interval', request.interval ?? 'month', INTERVALS),
    snippetLength: bounded('snippetLength', request.snippetLength ?? 200, SNIPPET_LENGTH_BOUNDS.min, SNIPPET_LENGTH_BOUNDS.max),
    mode: oneOf('mode', request.mode ?? 'lenient', MODES),
    explain: request.explain === true,
    highlightTags: request.highlight === false ? undefined : highlightTags(request),
    fragments: bounded('fragments', request.fragments ?? 1, FRAGMENTS_BOUNDS.min, FRAGMENTS_BOUNDS.max),
    ...facets,
    recency: request.recency === undefined ? undefined : bounded('recency', request.recency, 1, MAX_RECENCY_HALF_LIFE_DAYS),
  };
}

function highlightTags(request: SearchRequest): { pre: string; post: string } {
  const pre = request.highlightPreTag ?? '<mark>';
  const post = request.highlightPostTag ?? '</mark>';
  for (const [name, tag] of [
    ['highlightPreTag', pre],
    ['highlightPostTag', post],
  ] as const) {
    if (typeof tag !== 'string' || tag.length > MAX_HIGHLIGHT_TAG_LENGTH) {
      throw new InvalidParameterError(name, `must be text of at most ${MAX_HIGHLIGHT_TAG_LENGTH} characters`);
    }
  }
  return { pre, post };
}

function singleString(parameters: Record<string, unknown>, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidParameterError(name, Array.isArray(value) ? 'is given more than once; give it once' : 'must be a single text value');
  }
  return value;
}

function integerParameter(parameters: Record<string, unknown>, name: string): number | undefined {
  const text = singleString(parameters, name);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(text.trim())) throw new InvalidParameterError(name, `"${text}" is not a whole number`);
  return Number(text);
}

function booleanParameter(parameters: Record<string, unknown>, name: string): boolean | undefined {
  const text = singleString(parameters, name);
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new InvalidParameterError(name, `"${text}" is not allowed; use true or false`);
}

function bounded(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(name, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidParameterError(name, `"${value}" is not allowed; use one of ${allowed.join(', ')}`);
  }
  return value as T;
}
