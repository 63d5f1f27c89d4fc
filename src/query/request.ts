import { InvalidParameterError } from '../errors.js';

export const SORTS = ['relevance', 'date'] as const;
export const INTERVALS = ['day', 'month', 'year'] as const;
export type Sort = (typeof SORTS)[number];
export type Interval = (typeof INTERVALS)[number];

export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;
export const MAX_QUERY_LENGTH = 1_000;
/** Longest recency half-life accepted, in days (a century). */
export const MAX_RECENCY_HALF_LIFE_DAYS = 36_500;
export const SNIPPET_LENGTH_BOUNDS = { min: 50, max: 1_000 } as const;

/** What a caller asks of a search. Only `q` is required. */
export interface SearchRequest {
  /** Free text. Empty matches every article. */
  q: string;
  /** Earliest publication date, inclusive: `2020-01-01` or an ISO date-time. */
  from?: string;
  /** Latest publication date, inclusive: `2020-12-31` includes all of that day (UTC). */
  to?: string;
  /** Hits per page, 1–100. Default 10. */
  limit?: number;
  /** Hits to skip, 0–10,000. Default 0. */
  offset?: number;
  /** `relevance` (default) or `date` (newest first). */
  sort?: Sort;
  /** Bucket size of the date facet: `day`, `month` (default) or `year`. */
  interval?: Interval;
  /** Approximate snippet length in characters, 50–1,000. Default 200. */
  snippetLength?: number;
  /** Recency boost: half-life in days, 1–36,500 (an article that much older counts half). Default: none. */
  recency?: number;
}

/** A search request with every default applied and every value checked. */
export interface ResolvedRequest {
  q: string;
  fromMs: number;
  toMs: number;
  limit: number;
  offset: number;
  sort: Sort;
  interval: Interval;
  snippetLength: number;
  /** Half-life of the recency boost in days, or undefined for pure relevance. */
  recency: number | undefined;
}

const KNOWN_PARAMETERS = new Set(['q', 'from', 'to', 'limit', 'offset', 'sort', 'interval', 'snippetLength', 'recency']);

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
  const request: SearchRequest = { q: singleString(parameters, 'q') ?? '' };
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
  return request;
}

/** Applies defaults and checks every value of a request, whoever built it. */
export function resolveRequest(request: SearchRequest): ResolvedRequest {
  if (typeof request.q !== 'string') throw new InvalidParameterError('q', 'must be a string');
  if (request.q.length > MAX_QUERY_LENGTH) {
    throw new InvalidParameterError('q', `is ${request.q.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`);
  }
  const fromMs = request.from === undefined ? Number.NEGATIVE_INFINITY : dateBound('from', request.from, 'start');
  const toMs = request.to === undefined ? Number.POSITIVE_INFINITY : dateBound('to', request.to, 'end');
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
    recency: request.recency === undefined ? undefined : bounded('recency', request.recency, 1, MAX_RECENCY_HALF_LIFE_DAYS),
  };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

// A date alone stands for the whole day (UTC): `to=2020-09-30` includes all of September 30th.
function dateBound(parameter: string, value: string, edge: 'start' | 'end'): number {
  const day = DATE_ONLY.exec(value);
  if (day !== null) {
    const [, year, month, date] = day.map(Number) as [number, number, number, number];
    const start = Date.UTC(year, month - 1, date);
    if (new Date(start).getUTCDate() !== date || month < 1 || month > 12) {
      throw new InvalidParameterError(parameter, `"${value}" is not a real date`);
    }
    return edge === 'start' ? start : start + 86_400_000 - 1;
  }
  if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw new InvalidParameterError(
    parameter,
    `"${value}" is not a date; use YYYY-MM-DD or an ISO 8601 date-time such as 2020-09-30T18:00:00Z`,
  );
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
