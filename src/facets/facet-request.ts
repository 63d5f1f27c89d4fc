import { InvalidParameterError } from '../errors.js';
import { FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';
import { SEARCH_PARAMETERS as DECLARED } from '../query/parameters.js';
import { canonicalTimeZone, dateBoundInZone } from './zoned-time.js';

/** What `facets=` may name: the term fields, and `date` (always counted, accepted for clarity). */
export type FacetName = FacetField | 'date';

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

/** Applies defaults and checks the facet and filter parts of a request, whoever built it. */
export function resolveFacetRequest(request: FacetRequest): ResolvedFacetRequest {
  const timeZone = request.tz === undefined ? DECLARED.tz.default : canonicalTimeZone(String(request.tz), 'tz');
  const { min, max } = DECLARED.facetSize.type;
  const facetSize = request.facetSize ?? DECLARED.facetSize.default;
  if (!Number.isInteger(facetSize) || facetSize < min || facetSize > max) {
    throw new InvalidParameterError('facetSize', `must be a whole number from ${min} to ${max}, got ${facetSize}`);
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
  const allowed = DECLARED.facets.type.values;
  const fields: FacetField[] = [];
  for (const name of names) {
    if (name === '' || name === 'date') continue;
    if (!(FACET_FIELD_NAMES as readonly string[]).includes(name)) {
      throw new InvalidParameterError('facets', `"${name}" is not a facet; use any of ${allowed.join(', ')}`);
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
    const { maxItems, maxItemLength } = DECLARED[field as FacetField].type;
    if (values.length > maxItems) throw new InvalidParameterError(field, `is given ${values.length} times; at most ${maxItems}`);
    const kept = [...new Set(values.map((value: string) => value.trim()).filter((value: string) => value !== ''))];
    const long = kept.find((value) => value.length > maxItemLength);
    if (long !== undefined) throw new InvalidParameterError(field, `a value is ${long.length} characters long; at most ${maxItemLength}`);
    if (kept.length > 0) resolved[field as FacetField] = kept;
  }
  return resolved;
}
