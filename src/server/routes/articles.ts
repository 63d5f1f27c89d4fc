import type { Request, RequestHandler, Response } from 'express';
import { InvalidParameterError } from '../../index.js';
import { publicSource } from '../disk-paths.js';
import { answeredFromClientCache } from '../middleware.js';
import { HttpProblem } from '../problem.js';
import { articleParameters } from '../schemas.js';
import type { CurrentEngine } from './engine-source.js';

/** GET /articles/:id: the whole article as indexed, or a 404 problem. */
export function articleById(currentEngine: CurrentEngine, cacheMaxAgeSeconds: number): RequestHandler {
  return (request: Request, response: Response) => {
    const parsed = articleParameters.safeParse(request.params);
    if (!parsed.success) throw new InvalidParameterError('id', parsed.error.issues[0]?.message ?? 'is not a valid id');
    const engine = currentEngine();
    const article = engine.article(parsed.data.id);
    if (article === undefined) throw new HttpProblem(404, 'not_found', `no article with id "${parsed.data.id}"`);
    if (answeredFromClientCache(request, response, engine, cacheMaxAgeSeconds, true)) return;
    // The path given to --input is the server's business; the file's name is enough to find it.
    response.json(article.source === undefined ? article : { ...article, source: publicSource(article.source) });
  };
}
