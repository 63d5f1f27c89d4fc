import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { InvalidParameterError, parseSearchParameters, type SearchEngine, type SearchRequest, type SearchResponse } from '../../index.js';
import { answeredFromClientCache } from '../middleware.js';
import { HttpProblem } from '../problem.js';
import { SERVER_SIDE_SEARCH_PARAMETERS, searchParameters } from '../schemas.js';
import type { CurrentEngine } from './engine-source.js';

type SearchParameters = z.infer<typeof searchParameters>;

/** Hit fields a client may ask for with `fields` (`id` always comes). */
export const HIT_FIELDS = [
  'title',
  'titleHighlighted',
  'date',
  'author',
  'url',
  'tags',
  'score',
  'snippet',
  'matches',
  'explanation',
] as const;

const DEFAULT_HITS_PER_PAGE = 10;
// Lists that a URL may also give comma-separated; filter values (author=…) may hold commas, so they repeat instead.
const COMMA_LISTS = new Set(['fields', 'facets']);

/** GET /search: parameters from the URL. */
export function searchByQueryString(currentEngine: CurrentEngine, cacheMaxAgeSeconds: number): RequestHandler {
  return (request: Request, response: Response) => {
    const parameters = validate(coerceQueryString(request.query as Record<string, unknown>));
    const engine = currentEngine();
    if (answeredFromClientCache(request, response, engine, cacheMaxAgeSeconds)) return;
    response.json(runSearch(engine, parameters));
  };
}

/** POST /search: the same parameters as a JSON object, for queries too long for a URL. */
export function searchByJsonBody(currentEngine: CurrentEngine): RequestHandler {
  return (request: Request, response: Response) => {
    if (!request.is('application/json')) {
      throw new HttpProblem(
        415,
        'unsupported_media_type',
        'send the search parameters as a JSON object with Content-Type: application/json',
      );
    }
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpProblem(
        400,
        'invalid_body',
        'the request body must be a JSON object of search parameters, such as {"q": "oil prices"}',
      );
    }
    response.json(runSearch(currentEngine(), validate(body as Record<string, unknown>)));
  };
}

/** The JSON body parser for POST /search, with its size cap (a larger body is a 413). */
export function searchBodyParser(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: true, type: 'application/json' });
}

// A URL carries only strings: turn each declared parameter into its JSON type so that GET and
// POST share one schema. Undeclared parameters pass as they are, for the engine to judge.
function coerceQueryString(query: Record<string, unknown>): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    const kind = declaredKind(name);
    if (kind === undefined) coerced[name] = value;
    else if (kind === 'array')
      coerced[name] = (Array.isArray(value) ? value : [value])
        .flatMap((item) => (COMMA_LISTS.has(name) ? String(item).split(',') : [String(item)]))
        .map((item) => item.trim())
        .filter(Boolean);
    else if (Array.isArray(value)) throw new InvalidParameterError(name, 'is given more than once; give it once');
    else if (kind === 'number') coerced[name] = wholeNumberText(name, String(value));
    else if (kind === 'boolean') coerced[name] = booleanText(name, String(value));
    else coerced[name] = value;
  }
  return coerced;
}

function declaredKind(name: string): string | undefined {
  const shape = searchParameters.shape as Record<string, z.ZodType>;
  if (!Object.hasOwn(shape, name)) return undefined;
  let schema = shape[name] as z.ZodType;
  while (schema.def.type === 'optional') schema = (schema as z.ZodOptional).unwrap() as z.ZodType;
  return schema.def.type;
}

function booleanText(name: string, text: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  throw new InvalidParameterError(name, `"${text}" is not allowed; use true or false`);
}

function wholeNumberText(name: string, text: string): number {
  if (!/^-?\d{1,15}$/.test(text.trim())) throw new InvalidParameterError(name, `"${text}" is not a whole number`);
  return Number(text);
}

function validate(raw: Record<string, unknown>): SearchParameters {
  const result = searchParameters.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'body');
  throw new InvalidParameterError(parameter, issue?.message ?? 'is not valid');
}

/** What the server does to hits after the engine: which fields it shows. */
interface HitView {
  fields: ReadonlySet<string> | undefined;
}

interface Paging {
  mode: 'page' | 'offset';
  page: number;
  hitsPerPage: number;
}

function runSearch(engine: SearchEngine, parameters: SearchParameters): Record<string, unknown> {
  const paging = pagingOf(parameters);
  const view = hitViewOf(parameters);
  const engineParameters = engineParametersOf(parameters, paging);
  let result: SearchResponse;
  try {
    result = engine.search(parseSearchParameters(engineParameters) satisfies SearchRequest);
  } catch (error) {
    throw paging.mode === 'page' ? inPagingTerms(error) : error;
  }
  return shapeResponse(result, paging, view);
}

function pagingOf(parameters: SearchParameters): Paging {
  const { page, hitsPerPage } = parameters;
  if (page === undefined && hitsPerPage === undefined) return { mode: 'offset', page: 1, hitsPerPage: DEFAULT_HITS_PER_PAGE };
  for (const other of ['offset', 'limit'] as const) {
    if (parameters[other] !== undefined) {
      throw new InvalidParameterError(
        page === undefined ? 'hitsPerPage' : 'page',
        `cannot be combined with ${other}; page with page and hitsPerPage, or with offset and limit`,
      );
    }
  }
  return { mode: 'page', page: page ?? 1, hitsPerPage: hitsPerPage ?? DEFAULT_HITS_PER_PAGE };
}

// The engine checks offset and limit; a client that paged by page and hitsPerPage hears about those.
function inPagingTerms(error: unknown): unknown {
  if (!(error instanceof InvalidParameterError)) return error;
  const renamed = { offset: 'page', limit: 'hitsPerPage' }[error.parameter];
  if (renamed === undefined) return error;
  return new InvalidParameterError(renamed, `is out of range (it makes ${error.message})`);
}

function hitViewOf(parameters: SearchParameters): HitView {
  const fields = parameters.fields;
  for (const field of fields ?? []) {
    if (field !== 'id' && !(HIT_FIELDS as readonly string[]).includes(field)) {
      throw new InvalidParameterError('fields', `"${field}" is not a hit field; use any of id, ${HIT_FIELDS.join(', ')}`);
    }
  }
  return { fields: fields === undefined ? undefined : new Set(fields) };
}

// Everything but the server's own parameters goes to the engine's parser, as the strings a URL
// would carry, so that the engine's parser is the one judge of every engine parameter.
function engineParametersOf(parameters: SearchParameters, paging: Paging): Record<string, string | string[]> {
  const engineParameters: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if ((SERVER_SIDE_SEARCH_PARAMETERS as readonly string[]).includes(name) || value === undefined) continue;
    engineParameters[name] = asParameterText(name, value);
  }
  if (paging.mode === 'page') {
    engineParameters.offset = String((paging.page - 1) * paging.hitsPerPage);
    engineParameters.limit = String(paging.hitsPerPage);
  }
  return engineParameters;
}

// A repeated parameter (author=a&author=b) stays a list: the engine decides which parameters may repeat.
function asParameterText(name: string, value: unknown): string | string[] {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map(String);
  throw new InvalidParameterError(name, 'must be a text, a number or a list of texts');
}

function shapeResponse(result: SearchResponse, paging: Paging, view: HitView): Record<string, unknown> {
  const { total, tookMs, hits, query, offset, limit, facets, ...more } = result;
  const shaped: Record<string, unknown> = {
    query,
    hits: hits.map((hit) => viewOfHit(hit as unknown as Record<string, unknown>, view)),
    totalHits: total,
    offset,
    limit,
  };
  if (paging.mode === 'page') {
    Object.assign(shaped, { page: paging.page, hitsPerPage: paging.hitsPerPage, totalPages: Math.ceil(total / paging.hitsPerPage) });
  }
  // Whatever else the engine reports (new facets, warnings) reaches the client unchanged.
  return { ...shaped, facets, processingTimeMs: tookMs, warnings: [], ...more };
}

function viewOfHit(hit: Record<string, unknown>, view: HitView): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(hit)) {
    if (view.fields !== undefined && name !== 'id' && !view.fields.has(name)) continue;
    shown[name] = value;
  }
  return shown;
}
