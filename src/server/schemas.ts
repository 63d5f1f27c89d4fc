import { z } from 'zod';
import {
  type DateHistogram,
  MAX_SUGGEST_TEXT_LENGTH,
  MAX_SUGGESTIONS,
  type SearchHit,
  type SearchResponse,
  type Suggestion,
  type TermFacet,
} from '../index.js';
import type { SuggestAnswer } from './routes/suggest.js';

// The shapes of the answers, documented in /openapi.json and held to what the server sends by
// tests/search/parameters.test.ts. The search parameters are not here: they are declared once,
// in the table of src/query/parameters.ts, and openapi.ts writes them from it. A response's
// field names are the library's (SearchResponse, SearchHit): the compiler checks that every one
// is listed here.

/** The path parameters of GET /articles/{id}. */
export const articleParameters = z.object({
  id: z.string().min(1).max(1024).describe('The article id, as in a search hit.'),
});

/** What a search hit holds: every field of the library's SearchHit. */
export const searchHit = z.strictObject({
  id: z.string(),
  title: z.string().optional(),
  titleHighlighted: z.string().optional().describe('The title, HTML-escaped, matched words wrapped in the highlight tags.'),
  date: z.string().optional().describe('ISO 8601 publication date-time, absent when undated.'),
  author: z.string().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()).optional(),
  source: z.string().optional().describe('The publication: its URL host, else the file or folder it was read from (as the source facet).'),
  score: z.number().optional().describe('BM25F relevance; 0 when the query is empty.'),
  snippet: z.string().optional().describe('The best passages, HTML-escaped, matched words wrapped in the highlight tags.'),
  matches: z
    .array(z.strictObject({ term: z.string(), fields: z.array(z.string()) }))
    .optional()
    .describe('Each query term (as indexed) or phrase found in the article, and the fields it was found in.'),
  explanation: z
    .array(z.strictObject({ part: z.string(), score: z.number() }))
    .optional()
    .describe('With `explain`: the score of each query part that matched, then what the re-rank added and multiplied.'),
  versions: z
    .array(z.string())
    .optional()
    .describe('With `collapse=versions`: the ids of the other versions of this story (updates, corrections, re-sends), best first.'),
} satisfies Record<keyof SearchHit, z.ZodType>);

const dateBucket = z.strictObject({ key: z.string(), from: z.string(), to: z.string(), count: z.number().int() });
const dateHistogram = z.strictObject({
  interval: z.string(),
  timeZone: z.string(),
  buckets: z.array(dateBucket),
  undated: z.number().int().describe('Matching articles that have no date.'),
} satisfies Record<keyof DateHistogram, z.ZodType>);
const termFacet = z.strictObject({
  field: z.string(),
  values: z.array(z.strictObject({ value: z.string(), count: z.number().int(), selected: z.literal(true).optional() })),
  missing: z.number().int().describe('Matches with no value for the field.'),
  distinctValues: z.number().int(),
} satisfies Record<keyof TermFacet, z.ZodType>);

// The fields of the library's SearchResponse, under the same names.
const libraryFields = {
  query: z.string(),
  total: z.number().int().describe('Articles matching the query and filters, on all pages.'),
  offset: z.number().int(),
  limit: z.number().int(),
  tookMs: z.number().describe('Time spent searching, in milliseconds.'),
  hits: z.array(searchHit),
  facets: z.strictObject({ date: dateHistogram, author: termFacet.optional(), tag: termFacet.optional(), source: termFacet.optional() }),
  warnings: z.array(z.string()).describe('How a query that was not valid syntax was read, and other things to know; empty when none.'),
  didYouMean: z
    .string()
    .optional()
    .describe('A corrected query, offered when the query finds nothing or very little; absent when there is nothing to correct.'),
  explain: z
    .strictObject({
      tree: z.looseObject({}),
      after: z.string().optional(),
      before: z.string().optional(),
      expansions: z
        .array(z.strictObject({ word: z.string(), searchedAs: z.array(z.string()) }))
        .describe('Each word searched as other words too: a prefix, a fuzzy word, a corrected typo, a name spelt otherwise, a synonym.'),
    })
    .optional()
    .describe('With `explain`: the query tree that was executed, and what its words were expanded to.'),
} satisfies Record<keyof SearchResponse, z.ZodType>;

/** The body of a successful search: the library's SearchResponse, the paging fields, and two deprecated aliases. */
export const searchResponse = z.strictObject({
  ...libraryFields,
  page: z.number().int().optional().describe('Present when paging with `page`.'),
  hitsPerPage: z.number().int().optional().describe('Present when paging with `page`.'),
  totalPages: z.number().int().optional().describe('Present when paging with `page`.'),
  totalHits: z.number().int().meta({ deprecated: true }).describe('Deprecated: the same as `total`; removed in the next release.'),
  processingTimeMs: z.number().meta({ deprecated: true }).describe('Deprecated: the same as `tookMs`; removed in the next release.'),
});

/** The query parameters of GET /suggest; the engine holds their bounds (SearchEngine.suggest). */
export const suggestParameters = z.object({
  q: z.string().max(MAX_SUGGEST_TEXT_LENGTH).describe('The text typed so far; its last word is completed (empty: no suggestions).'),
  limit: z.number().int().min(1).max(MAX_SUGGESTIONS).default(10).optional().describe('Suggestions to return.'),
});

const suggestion = z.strictObject({
  kind: z
    .enum(['word', 'author', 'tag', 'source'])
    .describe('A word of the titles (completes the last word typed), or a label (completes the whole text).'),
  value: z.string().describe('A word lower-cased as titles spell it, or the label as written.'),
  count: z
    .number()
    .int()
    .describe(
      'Articles it leads to: titles holding the word (and the words typed before it, when they narrowed it), or articles carrying the label.',
    ),
} satisfies Record<keyof Suggestion, z.ZodType>);

/** The body of a GET /suggest answer: the library's suggestions, best first. */
export const suggestResponse = z.strictObject({
  query: z.string(),
  suggestions: z.array(suggestion),
} satisfies Record<keyof SuggestAnswer, z.ZodType>);

/** An article as indexed (documentation of the response). */
export const articleResponse = z.looseObject({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  date: z.string().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()),
  source: z
    .string()
    .optional()
    .describe('The file the article was read from: its name, with `:line` for line formats; never a path on the server.'),
});

/** RFC 9457 problem details (documentation of every error response). */
export const problemResponse = z.object({
  type: z.string().describe('`about:blank`, or a URI naming the kind of problem.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe('What went wrong and what to change.'),
  code: z.string().describe('A stable word for programs: invalid_parameter, not_found, method_not_allowed, body_too_large, …'),
  parameter: z.string().optional().describe('The request parameter to fix, when there is one.'),
  instance: z.string().optional(),
});

/** The body of the health routes. */
export const healthResponse = z.looseObject({ status: z.string() });
