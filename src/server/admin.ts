import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { type LiveIndex, ReloadFailedError, type SearchEngine } from '../index.js';

/** What the admin routes need: the live index (to reload) and the token that guards reloads. */
export interface AdminOptions {
  live?: LiveIndex;
  /** `GAZETTE_ADMIN_TOKEN`. Without one, `POST /admin/reload` answers 404: the endpoint is off. */
  token?: string | undefined;
}

/**
 * `GET /stats` (the served index's version, build time, size, load time, and the
 * process's memory) and `POST /admin/reload` (load the index's live version and swap
 * it in; `Authorization: Bearer <token>` required).
 */
export function adminRoutes(currentEngine: () => SearchEngine, options: AdminOptions = {}): express.Router {
  const router = express.Router();
  const { live, token } = options;

  router.get('/stats', (_request: Request, response: Response) => {
    if (live !== undefined) {
      response.json(live.stats());
      return;
    }
    const memory = process.memoryUsage();
    response.json({ ...currentEngine().info(), memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed } });
  });

  router.post('/admin/reload', async (request: Request, response: Response) => {
    if (live === undefined || token === undefined || token === '') {
      sendError(response, 404, 'not_found', 'reloading is off: start the server with GAZETTE_ADMIN_TOKEN set to enable it');
      return;
    }
    if (!bearerMatches(request.get('authorization'), token)) {
      response.set('WWW-Authenticate', 'Bearer');
      sendError(response, 401, 'unauthorized', 'send Authorization: Bearer <GAZETTE_ADMIN_TOKEN>');
      return;
    }
    try {
      const result = await live.reload();
      console.log(`reloaded ${live.directory}: ${result.previousVersion} -> ${result.version} in ${result.loadMs} ms`);
      response.json({ status: 'reloaded', ...result });
    } catch (error) {
      if (!(error instanceof ReloadFailedError)) throw error;
      console.error(error.message);
      sendError(response, 500, error.code, error.message);
    }
  });
  return router;
}

// Compared as SHA-256 digests, which have equal lengths, in constant time: the
// response time says nothing about how much of a guessed token was right.
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]{1,1024})$/.exec(header ?? '');
  if (match?.[1] === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { status, code, message } });
}
