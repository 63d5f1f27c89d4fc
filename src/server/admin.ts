import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { type LiveIndex, ReloadFailedError, type SearchEngine } from '../index.js';
import { HttpProblem } from './problem.js';

/** What the admin routes need: the live index (to reload) and the token that guards reloads. */
export interface AdminOptions {
  /** The live index, or a function returning it (undefined while the server's first index loads). */
  live?: LiveIndex | (() => LiveIndex | undefined);
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
  const { token } = options;
  const liveIndex = (): LiveIndex | undefined => (typeof options.live === 'function' ? options.live() : options.live);

  router.get('/stats', (_request: Request, response: Response) => {
    const live = liveIndex();
    if (live !== undefined) {
      response.json(live.stats());
      return;
    }
    const memory = process.memoryUsage();
    response.json({ ...currentEngine().info(), memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed } });
  });

  router.post('/admin/reload', async (request: Request, response: Response) => {
    const live = liveIndex();
    if (live === undefined || token === undefined || token === '') {
      throw new HttpProblem(404, 'not_found', 'reloading is off: start the server with GAZETTE_ADMIN_TOKEN set to enable it');
    }
    if (!bearerMatches(request.get('authorization'), token)) {
      throw new HttpProblem(401, 'unauthorized', 'send Authorization: Bearer <GAZETTE_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer' });
    }
    try {
      const result = await live.reload();
      request.log?.info({ ...result, directory: live.directory }, 'index reloaded');
      response.json({ status: 'reloaded', ...result });
    } catch (error) {
      if (!(error instanceof ReloadFailedError)) throw error;
      request.log?.error({ err: error }, 'reload failed; the previous index keeps serving');
      throw new HttpProblem(500, error.code, error.message);
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
