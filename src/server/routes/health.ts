import type { RequestHandler } from 'express';
import { sendProblem } from '../problem.js';
import type { EngineSource } from './engine-source.js';
import { engineReader } from './engine-source.js';

/** GET /health/live: the process answers. Says nothing about the index. */
export const live: RequestHandler = (_request, response) => {
  response.setHeader('Cache-Control', 'no-store');
  response.json({ status: 'live' });
};

/** GET /health/ready and GET /health: 200 with the index's facts once one is loaded, else 503. */
export function ready(source: EngineSource): RequestHandler {
  const { loaded } = engineReader(source);
  return (request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    const engine = loaded();
    if (engine === undefined) {
      response.setHeader('Retry-After', '5');
      sendProblem(response, { status: 503, code: 'not_ready', detail: 'no index is loaded yet', instance: request.path });
      return;
    }
    response.json({ status: 'ok', ...engine.info() });
  };
}
