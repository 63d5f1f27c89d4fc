import express, { type Request, type RequestHandler, type Response } from 'express';
import {
  checkBounds,
  HIT_FIELDS,
  InvalidParameterError,
  parseSearchParameters,
  readParameter,
  rejectUnknownParameters,
  SEARCH_PARAMETER_NAMES,
  SEARCH_PARAMETERS,
  type Searcher,
  type SearchRequest,
  type SearchResponse,
} from '../../index.js';
import { answeredFromClientCache } from '../middleware.js';
import { HttpProblem } from '../problem.js';
import type { CurrentEngine, SearcherOf } from './engine-source.js';

// Every parameter is read by the one table of search parameters (src/query/parameters.ts):
// the same rule for a whole number, a boolean or a list in a URL, a JSON body and the library.

const DEFAULT_HITS_PER_PAGE = SEARCH_PARAMETERS.hitsPerPage.default;

/** GET /search: parameters from the URL. */
export function searchByQueryString(currentEngine: CurrentEngine, searcherOf: SearcherOf, cacheMaxAgeSeconds: number): RequestHandler {
  return async (request: Request, response: Response) => {
    const search = readSearch(request.query as Record<string, unknown>);
    const engine = currentEngine();
    if (answeredFromClientCache(request, response, engine, cacheMaxAgeSeconds)) return;
    const answer = await runSearch(searcherOf(engine), search);
    // Answered meanwhile (the request timeout): the late answer is dropped.
    if (!response.headersSent) response.json(answer);
  };
}

/** POST /search: the same parameters as a JSON object, for queries too long for a URL. */
export function searchByJsonBody(currentEngine: CurrentEngine, searcherOf: SearcherOf): RequestHandler {
  return async (request: Request, response: Response) => {
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
    const search = readSearch(body as Record<string, unknown>);
    const answer = await runSearch(searcherOf(currentEngine()), search);
    if (!response.headersSent) response.json(answer);
  };
}

/** The JSON body parser for POST /search, with its size cap (a larger body is a 413). */
export function searchBodyParser(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: true, type: 'application/json' });
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

/** A search as the client asked it: the engine's request, and what the server does around it. */
interface ReadSearch {
  /** The engine's parameters, as they arrived (the engine's parser reads them). */
  engineParameters: Record<string, unknown>;
  paging: Paging;
  view: HitView;
}

// The server's own parameters are read here; the engine's go to its parser, which reads them by
// the same table, so that a whole number or a boolean is read one way in every layer.
function readSearch(raw: Record<string, unknown>): ReadSearch {
  rejectUnknownParameters(raw, SEARCH_PARAMETER_NAMES);
  const engineParameters: Record<string, unknown> = {};
  for (const name of SEARCH_PARAMETER_NAMES) {
    if (raw[name] !== undefined && SEARCH_PARAMETERS[name].reader === 'engine') engineParameters[name] = raw[name];
  }
  const page = pagingNumber(raw, 'page');
  const hitsPerPage = pagingNumber(raw, 'hitsPerPage');
  const fields = raw.fields === undefined ? undefined : (readParameter('fields', raw.fields) as string[]);
  return { engineParameters, paging: pagingOf(page, hitsPerPage, engineParameters), view: hitViewOf(fields) };
}

function pagingNumber(raw: Record<string, unknown>, name: 'page' | 'hitsPerPage'): number | undefined {
  return raw[name] === undefined ? undefined : checkBounds(name, readParameter(name, raw[name]) as number);
}

async function runSearch(searcher: Searcher, { engineParameters, paging, view }: ReadSearch): Promise<Record<string, unknown>> {
  if (paging.mode === 'page') {
    engineParameters.offset = (paging.page - 1) * paging.hitsPerPage;
    engineParameters.limit = paging.hitsPerPage;
  }
  let result: SearchResponse;
  try {
    result = await searcher.search(parseSearchParameters(engineParameters) satisfies SearchRequest);
  } catch (error) {
    throw paging.mode === 'page' ? inPagingTerms(error) : error;
  }
  return shapeResponse(result, paging, view);
}

function pagingOf(page: number | undefined, hitsPerPage: number | undefined, engineParameters: Record<string, unknown>): Paging {
  if (page === undefined && hitsPerPage === undefined) return { mode: 'offset', page: 1, hitsPerPage: DEFAULT_HITS_PER_PAGE };
  for (const other of ['offset', 'limit'] as const) {
    if (engineParameters[other] !== undefined) {
      throw new InvalidParameterError(
        page === undefined ? 'hitsPerPage' : 'page',
        `cannot be combined with ${other}; page with page and hitsPerPage, or with offset and limit`,
      );
    }
  }
  return { mode: 'page', page: page ?? SEARCH_PARAMETERS.page.default, hitsPerPage: hitsPerPage ?? DEFAULT_HITS_PER_PAGE };
}

// The engine checks offset and limit; a client that paged by page and hitsPerPage hears about those.
function inPagingTerms(error: unknown): unknown {
  if (!(error instanceof InvalidParameterError)) return error;
  const renamed = { offset: 'page', limit: 'hitsPerPage' }[error.parameter];
  if (renamed === undefined) return error;
  return new InvalidParameterError(renamed, `is out of range (it makes ${error.message})`);
}

function hitViewOf(fields: string[] | undefined): HitView {
  for (const field of fields ?? []) {
    if (field !== 'id' && !(HIT_FIELDS as readonly string[]).includes(field)) {
      throw new InvalidParameterError('fields', `"${field}" is not a hit field; use any of id, ${HIT_FIELDS.join(', ')}`);
    }
  }
  return { fields: fields === undefined ? undefined : new Set(fields) };
}

function shapeResponse(result: SearchResponse, paging: Paging, view: HitView): Record<string, unknown> {
  const { total, tookMs, hits, query, offset, limit, facets, ...more } = result;
  const shaped: Record<string, unknown> = {
    query,
    hits: hits.map((hit) => viewOfHit(hit as unknown as Record<string, unknown>, view)),
    total,
    offset,
    limit,
  };
  if (paging.mode === 'page') {
    Object.assign(shaped, { page: paging.page, hitsPerPage: paging.hitsPerPage, totalPages: Math.ceil(total / paging.hitsPerPage) });
  }
  // Whatever else the engine reports (new facets, warnings) reaches the client unchanged, under
  // the library's names. totalHits and processingTimeMs are the names of releases up to 0.1:
  // deprecated aliases, kept for one release (see the README and /openapi.json).
  return { ...shaped, facets, tookMs, warnings: [], ...more, totalHits: total, processingTimeMs: tookMs };
}

function viewOfHit(hit: Record<string, unknown>, view: HitView): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(hit)) {
    if (view.fields !== undefined && name !== 'id' && !view.fields.has(name)) continue;
    shown[name] = value;
  }
  return shown;
}
