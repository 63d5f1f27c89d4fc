import { InvalidParameterError } from '../errors.js';
import { FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';
import { canonicalTimeZone, dateBoundInZone } from './zoned-time.js';

/** What `facets=` may name: the term fields, and `date` (always counted, accepted for clarity). */
export type FacetName = FacetField | 'date';
export const FACET_NAMES: readonly FacetName[] = ['date', ...FACET_FIELD_NAMES];

export const DEFAULT_FACET_SIZE = 10;
export const MAX_FACET_SIZE = 100;
export const MAX_FILTER_VALUES = 100;
export const MAX_FILTER_VALUE_LENGTH = 300;

/** The facet and filter parts of a search request. */
export interface FacetRequest {
  /** IANA time zone of the date buckets and of date-only `from`/`to`/`facetFrom`/`facetTo`: `Asia/Kolkata`. Default `UTC`. */
  tz?: string;
  /** Term facets to count: `author`, `tag`, `source`. The date histogram is always counted. */
  facets?: readonly FacetName[];
  /** Values per term facet, 1–100. Default 10. */
  facetSize?: number;
  /** The date histogram reaches back at least to this date (it never cuts matches off). */
  facetFrom?: string;
  /** The date histogram reaches forward at least to this date. */
  facetTo?: string;
  /**
   * Only articles with one of these values (compared without case) in each field:
   * values of one field are ORed, fields are ANDed. `{ author: ['A', 'B'], tag: ['floods'] }`.
   */
  filters?: Partial<Record<FacetField, readonly string[]>>;
}

/** A FacetRequest with defaults applied and values checked. */
export interface ResolvedFacetRequest {
  timeZone: string;
  facets: FacetField[];
  facetSize: number;
  facetFromMs: number | undefined;
  facetToMs: number | undefined;
  filters: Partial<Record<FacetField, string[]>>;
}

/** The URL parameters this module reads. */
export const FACET_PARAMETERS: readonly string[] = ['tz', 'facets', 'facetSize', 'facetFrom', 'facetTo', ...FACET_FIELD_NAMES];

/**
 * Reads facet and filter parameters from a URL or command line: `facets` as a
 * comma-separated list (or repeated), `author=`, `tag=`, `source=` repeatable.
 */
export function parseFacetParameters(parameters: Record<string, unknown>): FacetRequest {
  const request: FacetRequest = {};
  const tz = single(parameters, 'tz');
  if (tz !== undefined) request.tz = tz;
  const facets = repeated(parameters, 'facets');
  if (facets !== undefined) request.facets = facets.flatMap((list) => list.split(',')).map((name) => name.trim()) as FacetName[];
  const facetSize = single(parameters, 'facetSize');
  if (facetSize !== undefined) {
    if (!/^\d{1,9}$/.test(facetSize.trim())) throw new InvalidParameterError('facetSize', `"${facetSize}" is not a whole number`);
    request.facetSize = Number(facetSize);
  }
  const facetFrom = single(parameters, 'facetFrom');
  if (facetFrom !== undefined) request.facetFrom = facetFrom;
  const facetTo = single(parameters, 'facetTo');
  if (facetTo !== undefined) request.facetTo = facetTo;
  for (const field of FACET_FIELD_NAMES) {
    const values = repeated(parameters, field);
    if (values !== undefined) request.filters = { ...request.filters, [field]: values };
  }
  return request;
}

/** Applies defaults and checks the facet and filter parts of a request, whoever built it. */
export function resolveFacetRequest(request: FacetRequest): ResolvedFacetRequest {
  const timeZone = request.tz === undefined ? 'UTC' : canonicalTimeZone(String(request.tz), 'tz');
  const facetSize = request.facetSize ?? DEFAULT_FACET_SIZE;
  if (!Number.isInteger(facetSize) || facetSize < 1 || facetSize > MAX_FACET_SIZE) {
    throw new InvalidParameterError('facetSize', `must be a whole number from 1 to ${MAX_FACET_SIZE}, got ${facetSize}`);
  }
  const facetFromMs = request.facetFrom === undefined ? undefined : dateBoundInZone('facetFrom', request.facetFrom, 'start', timeZone);
  const facetToMs = request.facetTo === undefined ? undefined : dateBoundInZone('facetTo', request.facetTo, 'end', timeZone);
  if (facetFromMs !== undefined && facetToMs !== undefined && facetFromMs > facetToMs) {
    throw new InvalidParameterError('facetFrom', `(${request.facetFrom}) is after facetTo (${request.facetTo})`);
  }
  return {
    timeZone,
    facets: facetFields(request.facets ?? []),
    facetSize,
    facetFromMs,
    facetToMs,
    filters: resolveFilters(request.filters ?? {}),
  };
}

function facetFields(names: readonly string[]): FacetField[] {
  const fields: FacetField[] = [];
  for (const name of names) {
    if (name === '' || name === 'date') continue;
    if (!(FACET_FIELD_NAMES as readonly string[]).includes(name)) {
      throw new InvalidParameterError('facets', `"${name}" is not a facet; use any of ${FACET_NAMES.join(', ')}`);
    }
    if (!fields.includes(name as FacetField)) fields.push(name as FacetField);
  }
  return fields;
}

function resolveFilters(filters: Partial<Record<string, readonly string[]>>): Partial<Record<FacetField, string[]>> {
  const resolved: Partial<Record<FacetField, string[]>> = {};
  for (const [field, values] of Object.entries(filters)) {
    if (values === undefined) continue;
    if (!(FACET_FIELD_NAMES as readonly string[]).includes(field)) {
      throw new InvalidParameterError(field, `cannot filter on "${field}"; filter on any of ${FACET_FIELD_NAMES.join(', ')}`);
    }
    if (!Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
      throw new InvalidParameterError(field, 'must be a list of text values');
    }
    if (values.length > MAX_FILTER_VALUES)
      throw new InvalidParameterError(field, `is given ${values.length} times; at most ${MAX_FILTER_VALUES}`);
    const kept = [...new Set(values.map((value: string) => value.trim()).filter((value: string) => value !== ''))];
    const long = kept.find((value) => value.length > MAX_FILTER_VALUE_LENGTH);
    if (long !== undefined)
      throw new InvalidParameterError(field, `a value is ${long.length} characters long; at most ${MAX_FILTER_VALUE_LENGTH}`);
    if (kept.length > 0) resolved[field as FacetField] = kept;
  }
  return resolved;
}

function single(parameters: Record<string, unknown>, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidParameterError(name, Array.isArray(value) ? 'is given more than once; give it once' : 'must be a single text value');
  }
  return value;
}

function repeated(parameters: Record<string, unknown>, name: string): string[] | undefined {
  const value = parameters[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.some((item) => typeof item !== 'string')) throw new InvalidParameterError(name, 'must be text values');
  return values as string[];
}
