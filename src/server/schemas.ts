import { z } from 'zod';

// One schema per route. They check the *shape* of what arrives (types, lists, the HTTP-only
// parameters) and document it in /openapi.json; the engine's own parser
// (parseSearchParameters, resolveRequest) stays the judge of ranges and allowed values, so a
// bound is never written twice. Every schema is loose: a parameter it does not declare goes
// through to the engine, which knows parameters this file may not describe yet.

const wholeNumber = () => z.number().int();

/**
 * The parameters of GET and POST /search. Adding a parameter the engine understands is one line
 * here (its type and description); until then it still reaches the engine undocumented.
 */
export const searchParameters = z.looseObject({
  q: z.string().optional().describe('Free text; words are stemmed, case and accents do not matter. Empty matches every article.'),
  from: z.string().optional().describe('Earliest publication date, inclusive: YYYY-MM-DD (the whole day, UTC) or an ISO 8601 date-time.'),
  to: z.string().optional().describe('Latest publication date, inclusive: YYYY-MM-DD (the whole day, UTC) or an ISO 8601 date-time.'),
  sort: z.string().optional().describe('`relevance` (BM25, the default) or `date` (newest first, undated last).'),
  interval: z.string().optional().describe('Bucket size of the date facet: `day`, `month` (default) or `year`.'),
  snippetLength: wholeNumber().optional().describe('Approximate snippet length in characters, 50–1,000. Default 200.'),
  limit: wholeNumber().optional().describe('Hits per page, 1–100. Default 10. Use with `offset`, or use `page` and `hitsPerPage`.'),
  offset: wholeNumber().optional().describe('Hits to skip, 0–10,000. Default 0.'),
  page: wholeNumber().min(1).optional().describe('Page number from 1; with `hitsPerPage`, instead of `offset` and `limit`.'),
  hitsPerPage: wholeNumber().optional().describe('Hits per page when paging with `page`, 1–100. Default 10.'),
  fields: z
    .array(z.string())
    .optional()
    .describe('Which hit fields to return (`id` always is): title, date, author, url, tags, score, snippet. Comma-separated in a URL.'),
  highlightPreTag: z.string().max(100).optional().describe('Put before each matched word in snippets and titles instead of `<mark>`.'),
  highlightPostTag: z.string().max(100).optional().describe('Put after each matched word in snippets and titles instead of `</mark>`.'),
  highlight: z.boolean().optional().describe('`false` returns snippets and titles as plain, unescaped text. Default true.'),
  fragments: wholeNumber().optional().describe("Passages per snippet, 1–5, in the article's order, joined with `…`. Default 1."),
  mode: z
    .string()
    .optional()
    .describe('`lenient` (default: invalid query syntax is read as plain words, with a warning) or `strict` (a 400 naming the position).'),
  tz: z.string().optional().describe('IANA time zone of the date histogram and of date-only from/to, e.g. `Asia/Kolkata`. Default UTC.'),
  facets: z.array(z.string()).optional().describe('Term facets to count: any of author, tag, source. Comma-separated in a URL.'),
  facetSize: wholeNumber().optional().describe('Values per term facet, 1–100. Default 10.'),
  facetFrom: z.string().optional().describe('Start the date histogram at this date even if no match is that early.'),
  facetTo: z.string().optional().describe('End the date histogram at this date even if no match is that late.'),
  author: z.array(z.string()).optional().describe('Only articles by this author; repeat for any of several (OR).'),
  tag: z.array(z.string()).optional().describe('Only articles with this tag; repeat for any of several (OR).'),
  source: z.array(z.string()).optional().describe('Only articles from this source; repeat for any of several (OR).'),
  explain: z.boolean().optional().describe('`true` adds the parsed query tree and, per hit, the score of each part that matched.'),
});

/** Parameters the server itself handles: they never reach the engine. */
export const SERVER_SIDE_SEARCH_PARAMETERS = ['page', 'hitsPerPage', 'fields'] as const;

/** The path parameters of GET /articles/{id}. */
export const articleParameters = z.object({
  id: z.string().min(1).max(1024).describe('The article id, as in a search hit.'),
});

/** What a search hit holds (documentation of the response). */
export const searchHit = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  date: z.string().optional().describe('ISO 8601 publication date-time, absent when undated.'),
  author: z.string().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()).optional(),
  score: z.number().optional().describe('BM25 relevance; 0 when the query is empty.'),
  snippet: z.string().optional().describe('The best passage, HTML-escaped, matched words wrapped in the highlight tags.'),
});

const dateBucket = z.object({ key: z.string(), from: z.string(), to: z.string(), count: z.number().int() });

/** The body of a successful search (documentation of the response). */
export const searchResponse = z.looseObject({
  query: z.string(),
  hits: z.array(searchHit),
  totalHits: z.number().int().describe('Articles matching the query and filters, on all pages.'),
  offset: z.number().int(),
  limit: z.number().int(),
  page: z.number().int().optional().describe('Present when paging with `page`.'),
  hitsPerPage: z.number().int().optional(),
  totalPages: z.number().int().optional(),
  facets: z.looseObject({
    date: z.object({ interval: z.string(), buckets: z.array(dateBucket), undated: z.number().int() }),
  }),
  processingTimeMs: z.number(),
  warnings: z.array(z.string()),
});

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
