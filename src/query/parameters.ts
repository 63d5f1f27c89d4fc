import { InvalidParameterError } from '../errors.js';
import { FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';

/**
 * Every search parameter, declared once: its name, type, bounds, default, whether it may be
 * repeated, and one line of description. Each face is derived from this table: the library's
 * request parsing and resolution (search/request.ts, facets/facet-request.ts), the HTTP
 * validation and /openapi.json (server/), the command line's flags (cli/search.ts); the README
 * table is held to it by tests/search/parameters.test.ts.
 *
 * It sits in query/, the lowest layer that reads it (facets/ reads its bounds, search/request.ts
 * the rest), so that imports only go down (tests/architecture.test.ts).
 *
 * Usage:
 *
 *     SEARCH_PARAMETERS.limit.type.max // 100
 *     readParameter('explain', '1')    // true
 */

/** How a parameter's value is written and what it may be. */
export type ParameterType =
  | { readonly kind: 'string'; readonly maxLength?: number }
  /** `YYYY-MM-DD` (the whole day in `tz`) or an ISO 8601 date-time. */
  | { readonly kind: 'date' }
  /** See WHOLE_NUMBER_RULE. Without `max`, as large as the rule lets it be. */
  | { readonly kind: 'wholeNumber'; readonly min: number; readonly max?: number }
  /** See BOOLEAN_RULE. */
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /**
   * Several text values: repeated (`tag=a&tag=b`), a JSON array, and with `commaSeparated`
   * also `facets=author,tag`. `values`, when given, are the only ones allowed.
   */
  | {
      readonly kind: 'list';
      readonly commaSeparated: boolean;
      readonly values?: readonly string[];
      readonly maxItems?: number;
      readonly maxItemLength?: number;
    };

/** One search parameter. */
export interface SearchParameter {
  readonly type: ParameterType;
  /** What applies when the parameter is absent; none when absent means "no such restriction". */
  readonly default?: string | number | boolean;
  /** May be given more than once (each value adds to a list). */
  readonly repeatable: boolean;
  /** One line, for every face: OpenAPI, `--help`, the README. */
  readonly description: string;
  /**
   * `engine`: part of the library's SearchRequest. `http`: read by the HTTP server alone
   * (paging by page number, choosing hit fields), before it calls the engine.
   */
  readonly reader: 'engine' | 'http';
}

/** How every face reads a whole number. */
export const WHOLE_NUMBER_RULE = 'a whole number is written in digits, at most 15 of them, optionally after a minus sign';
/** How every face reads a boolean. */
export const BOOLEAN_RULE = 'a boolean is true, false, 1 or 0';

const WHOLE_NUMBER_TEXT = /^-?\d{1,15}$/;
const LARGEST_WHOLE_NUMBER = 999_999_999_999_999;

/**
 * The fields of a search hit other than `id`, which a client may choose with `fields`. They are
 * SearchHit's (search/response.ts, above this module): tests/search/parameters.test.ts holds
 * them to the response schema, which the compiler holds to SearchHit.
 */
export const HIT_FIELDS = [
  'title',
  'titleHighlighted',
  'date',
  'author',
  'url',
  'tags',
  'source',
  'score',
  'snippet',
  'matches',
  'explanation',
  'versions',
] as const;

const FILTER = { kind: 'list', commaSeparated: false, maxItems: 100, maxItemLength: 300 } as const;

/** The table. Its order is the order of every listing (OpenAPI, `--help`, the README). */
export const SEARCH_PARAMETERS = {
  q: {
    type: { kind: 'string', maxLength: 1_000 },
    default: '',
    repeatable: false,
    reader: 'engine',
    description: 'Free text in the query syntax; words are stemmed, case and accents do not matter; empty matches every article.',
  },
  mode: {
    type: { kind: 'enum', values: ['lenient', 'strict'] },
    default: 'lenient',
    repeatable: false,
    reader: 'engine',
    description: '`lenient` reads invalid query syntax as plain words, with a warning; `strict` refuses it, naming the position.',
  },
  from: {
    type: { kind: 'date' },
    repeatable: false,
    reader: 'engine',
    description: 'Earliest publication date, inclusive: YYYY-MM-DD (the whole day in `tz`) or an ISO 8601 date-time.',
  },
  to: {
    type: { kind: 'date' },
    repeatable: false,
    reader: 'engine',
    description: 'Latest publication date, inclusive: YYYY-MM-DD (the whole day in `tz`) or an ISO 8601 date-time.',
  },
  sort: {
    type: { kind: 'enum', values: ['relevance', 'date'] },
    default: 'relevance',
    repeatable: false,
    reader: 'engine',
    description: '`relevance` (BM25F) or `date` (newest first, undated last).',
  },
  collapse: {
    type: { kind: 'enum', values: ['none', 'versions'] },
    default: 'none',
    repeatable: false,
    reader: 'engine',
    description:
      "`versions` shows each story once: an article whose word 3-grams are at least half shared with a hit above it (an update, a correction, a re-send) is folded into that hit's `versions`, looked for among the best max(100, 3 × (offset + limit)) matches, more (up to 10,000) while versions keep the page from filling; offset + limit at most 1,000; `total` and facets still count every match.",
  },
  recency: {
    type: { kind: 'wholeNumber', min: 1, max: 36_500 },
    repeatable: false,
    reader: 'engine',
    description: 'Recency boost: a half-life in days; an article that much older than the newest match counts half as much.',
  },
  page: {
    type: { kind: 'wholeNumber', min: 1 },
    default: 1,
    repeatable: false,
    reader: 'http',
    description: 'Page number, with `hitsPerPage`, instead of `offset` and `limit`; the answer then has `totalPages`.',
  },
  hitsPerPage: {
    type: { kind: 'wholeNumber', min: 1, max: 100 },
    default: 10,
    repeatable: false,
    reader: 'http',
    description: 'Hits per page when paging with `page`.',
  },
  offset: {
    type: { kind: 'wholeNumber', min: 0, max: 10_000 },
    default: 0,
    repeatable: false,
    reader: 'engine',
    description: 'Hits to skip.',
  },
  limit: {
    type: { kind: 'wholeNumber', min: 1, max: 100 },
    default: 10,
    repeatable: false,
    reader: 'engine',
    description: 'Hits to return.',
  },
  fields: {
    type: { kind: 'list', commaSeparated: true, values: ['id', ...HIT_FIELDS] },
    repeatable: true,
    reader: 'http',
    description: 'The hit fields to return (`id` always comes); all when absent.',
  },
  snippetLength: {
    type: { kind: 'wholeNumber', min: 50, max: 1_000 },
    default: 200,
    repeatable: false,
    reader: 'engine',
    description: 'Approximate snippet length in characters.',
  },
  fragments: {
    type: { kind: 'wholeNumber', min: 1, max: 5 },
    default: 1,
    repeatable: false,
    reader: 'engine',
    description: "Passages per snippet, in the article's order, joined with `…`.",
  },
  highlight: {
    type: { kind: 'boolean' },
    default: true,
    repeatable: false,
    reader: 'engine',
    description: '`false` returns snippets and titles as plain, unescaped text.',
  },
  highlightPreTag: {
    type: { kind: 'string', maxLength: 100 },
    default: '<mark>',
    repeatable: false,
    reader: 'engine',
    description: 'Put before each matched word in snippets and titles.',
  },
  highlightPostTag: {
    type: { kind: 'string', maxLength: 100 },
    default: '</mark>',
    repeatable: false,
    reader: 'engine',
    description: 'Put after each matched word in snippets and titles.',
  },
  typoTolerance: {
    type: { kind: 'boolean' },
    default: true,
    repeatable: false,
    reader: 'engine',
    description:
      'Search a word the archive does not hold as the words within one typo of it (two from 9 letters; none under 5; a wrong first letter counts two); `false` searches every word as written.',
  },
  explain: {
    type: { kind: 'boolean' },
    default: false,
    repeatable: false,
    reader: 'engine',
    description: '`true` adds the parsed query tree and, per hit, the score of each part that matched.',
  },
  interval: {
    // `day`, `month`, `year` lead because error messages have always named them first.
    type: { kind: 'enum', values: ['day', 'month', 'year', 'hour', 'week', 'quarter', 'auto'] },
    default: 'month',
    repeatable: false,
    reader: 'engine',
    description: 'Bucket size of the date histogram; `week` is ISO (from Monday), `auto` picks one giving 10–60 buckets.',
  },
  tz: {
    type: { kind: 'string' },
    default: 'UTC',
    repeatable: false,
    reader: 'engine',
    description: 'IANA time zone of the date histogram and of date-only dates, e.g. `Asia/Kolkata`.',
  },
  facets: {
    type: { kind: 'list', commaSeparated: true, values: ['date', ...FACET_FIELD_NAMES] },
    repeatable: true,
    reader: 'engine',
    description: 'Term facets to count, comma-separated (the date histogram is always counted).',
  },
  facetSize: {
    type: { kind: 'wholeNumber', min: 1, max: 100 },
    default: 10,
    repeatable: false,
    reader: 'engine',
    description: 'Values per term facet.',
  },
  facetFrom: {
    type: { kind: 'date' },
    repeatable: false,
    reader: 'engine',
    description: 'Start the date histogram at this date even if no match is that early.',
  },
  facetTo: {
    type: { kind: 'date' },
    repeatable: false,
    reader: 'engine',
    description: 'End the date histogram at this date even if no match is that late.',
  },
  author: {
    type: FILTER,
    repeatable: true,
    reader: 'engine',
    description: 'Only articles by this author (without case); repeated: any of them; with `tag` or `source`: both.',
  },
  tag: {
    type: FILTER,
    repeatable: true,
    reader: 'engine',
    description: 'Only articles with this tag (without case); repeated: any of them; with `author` or `source`: both.',
  },
  source: {
    type: FILTER,
    repeatable: true,
    reader: 'engine',
    description: 'Only articles from this source file (without case); repeated: any of them; with `author` or `tag`: both.',
  },
} as const satisfies Record<string, SearchParameter>;

/** The name of a search parameter. */
export type SearchParameterName = keyof typeof SEARCH_PARAMETERS;

/** Every parameter's name, in the table's order. */
export const SEARCH_PARAMETER_NAMES = Object.keys(SEARCH_PARAMETERS) as SearchParameterName[];

/** The parameters the library's SearchRequest holds (the others are the HTTP server's own). */
export const ENGINE_PARAMETER_NAMES = SEARCH_PARAMETER_NAMES.filter((name) => SEARCH_PARAMETERS[name].reader === 'engine');

/** The parameters that filter on a field of the article (`author`, `tag`, `source`). */
export const FILTER_PARAMETER_NAMES: readonly FacetField[] = FACET_FIELD_NAMES;

/** What a parameter's value becomes once read. */
export type ParameterValue = string | number | boolean | string[];

/**
 * Throws an InvalidParameterError for the first name that is not among `known`, listing them:
 * a misspelt parameter is an error, not silently ignored.
 */
export function rejectUnknownParameters(parameters: Record<string, unknown>, known: readonly string[]): void {
  for (const name of Object.keys(parameters)) {
    if (!known.includes(name)) throw new InvalidParameterError(name, `unknown parameter; known parameters are ${known.join(', ')}`);
  }
}

/**
 * Reads a parameter's value as it arrives (text from a URL or a command line, possibly
 * repeated; or a JSON value) into its declared type, or throws an InvalidParameterError that
 * names it. It checks how the value is written and, for enums, that it is one of the values;
 * ranges and lengths are checked when the request is resolved, whoever built it.
 */
export function readParameter(name: SearchParameterName, value: unknown): ParameterValue {
  const type: ParameterType = SEARCH_PARAMETERS[name].type;
  switch (type.kind) {
    case 'string':
    case 'date':
      return singleText(name, value);
    case 'enum':
      return oneOf(name, singleText(name, value), type.values);
    case 'wholeNumber':
      return wholeNumber(name, value);
    case 'boolean':
      return booleanValue(name, value);
    case 'list':
      return textList(name, value, type.commaSeparated);
  }
}

/** Throws unless `value` is a whole number within a wholeNumber parameter's bounds. */
export function checkBounds(name: SearchParameterName, value: number): number {
  const type: ParameterType = SEARCH_PARAMETERS[name].type;
  if (type.kind !== 'wholeNumber') throw new TypeError(`${name} is not a whole-number parameter`);
  const max = type.max ?? LARGEST_WHOLE_NUMBER;
  if (!Number.isInteger(value) || value < type.min || value > max) {
    throw new InvalidParameterError(name, `must be a whole number from ${type.min} to ${max}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is one of `allowed`. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidParameterError(name, `"${value}" is not allowed; use one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function singleText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new InvalidParameterError(name, Array.isArray(value) ? 'is given more than once; give it once' : 'must be a single text value');
}

function wholeNumber(name: string, value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) <= LARGEST_WHOLE_NUMBER) return value;
    throw new InvalidParameterError(name, `${value} is not a whole number (${WHOLE_NUMBER_RULE})`);
  }
  const text = singleText(name, value);
  if (!WHOLE_NUMBER_TEXT.test(text.trim())) throw new InvalidParameterError(name, `"${text}" is not a whole number (${WHOLE_NUMBER_RULE})`);
  return Number(text);
}

function booleanValue(name: string, value: unknown): boolean {
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  if (Array.isArray(value)) throw new InvalidParameterError(name, 'is given more than once; give it once');
  throw new InvalidParameterError(name, `"${String(value)}" is not allowed; use true or false (or 1 or 0)`);
}

// Items are trimmed and empty ones dropped: `facets=author,` asks for author.
function textList(name: string, value: unknown, commaSeparated: boolean): string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.some((item) => typeof item !== 'string')) throw new InvalidParameterError(name, 'must be text values');
  return (items as string[])
    .flatMap((item) => (commaSeparated ? item.split(',') : [item]))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The orders a search may sort by. */
export const SORTS = SEARCH_PARAMETERS.sort.type.values;
/** What a search may collapse: nothing, or the versions of a story. */
export const COLLAPSES = SEARCH_PARAMETERS.collapse.type.values;
/** What a search collapses. */
export type Collapse = (typeof COLLAPSES)[number];
/** The bucket sizes of the date histogram. */
export const INTERVALS = SEARCH_PARAMETERS.interval.type.values;
/** How invalid query syntax is taken. */
export const MODES = SEARCH_PARAMETERS.mode.type.values;
/** An order a search may sort by. */
export type Sort = (typeof SORTS)[number];
/** A bucket size of the date histogram. */
export type Interval = (typeof INTERVALS)[number];
/** How invalid query syntax is taken. */
export type Mode = (typeof MODES)[number];
