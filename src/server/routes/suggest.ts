import type { Request, RequestHandler, Response } from 'express';
import { InvalidParameterError, readParameter, rejectUnknownParameters, type Suggestion } from '../../index.js';
import { answeredFromClientCache } from '../middleware.js';
import type { CurrentEngine, SearcherOf } from './engine-source.js';

/** The parameters of GET /suggest. */
export const SUGGEST_PARAMETER_NAMES = ['q', 'limit'] as const;

/** The body of a GET /suggest answer: the text completed, and its completions, best first. */
export interface SuggestAnswer {
  query: string;
  suggestions: Suggestion[];
}

/**
 * GET /suggest?q=<text>&limit=<n>: completions of what a user is typing (words of the titles,
 * authors, tags, sources), from `SearchEngine.suggest`. `q` and `limit` are read by the same
 * rules as /search's (a repeated `q`, or `limit=1.5`, is refused the same way); their bounds
 * (200 characters, 1–50) are the engine's. Cacheable by the index version, like a search.
 */
export function suggestByQueryString(currentEngine: CurrentEngine, searcherOf: SearcherOf, cacheMaxAgeSeconds: number): RequestHandler {
  return async (request: Request, response: Response) => {
    const { q, limit } = readSuggest(request.query as Record<string, unknown>);
    const engine = currentEngine();
    if (answeredFromClientCache(request, response, engine, cacheMaxAgeSeconds)) return;
    const answer: SuggestAnswer = { query: q, suggestions: await searcherOf(engine).suggest(q, limit) };
    // Answered meanwhile (the request timeout): the late answer is dropped.
    if (!response.headersSent) response.json(answer);
  };
}

function readSuggest(raw: Record<string, unknown>): { q: string; limit: number | undefined } {
  rejectUnknownParameters(raw, SUGGEST_PARAMETER_NAMES);
  if (raw.q === undefined) throw new InvalidParameterError('q', 'is required: the text typed so far, such as q=oil%20pri');
  const q = readParameter('q', raw.q) as string;
  const limit = raw.limit === undefined ? undefined : (readParameter('limit', raw.limit) as number);
  return { q, limit };
}
