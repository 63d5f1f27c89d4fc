import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { type LiveIndex, ReloadFailedError, type SearchEngine } from '../index.js';
import { withoutServerPaths } from './disk-paths.js';
import { HttpProblem } from './problem.js';

/** What the admin routes need: the live index (to reload) and the token that guards the operators' routes. */
export interface AdminOptions {
  /** The live index, or a function returning it (undefined while the server's first index loads). */
  live?: LiveIndex | (() => LiveIndex | undefined);
  /**
   * `GAZETTE_ADMIN_TOKEN`. `GET /stats`, `GET /metrics` and `POST /admin/reload` need it as
   * `Authorization: Bearer <token>`; without one configured they answer 404: they are off.
   */
  token?: string | undefined;
}

/**
 * Lets through only requests that carry the admin token: 404 when none is configured (the
 * route is off), 401 when the request's is missing or wrong. What the server's operators see
 * (its index folder, memory, traffic) is nobody else's business.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (request, _response, next) => {
    if (token === undefined || token === '') {
      throw new HttpProblem(
        404,
        'not_found',
        `${request.method} ${request.path} is off: start the server with GAZETTE_ADMIN_TOKEN set to enable it`,
      );
    }
    if (!bearerMatches(request.get('authorization'), token)) {
      throw new HttpProblem(401, 'unauthorized', 'send Authorization: Bearer <GAZETTE_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer' });
    }
    next();
  };
}

/**
 * `GET /stats` (the served index's version, build time, size, load time, reloads, and the
 * process's memory) and `POST /admin/reload` (load the index's live version and swap it
 * in), both behind the admin token. Neither answer names a path on the server's disk.
 */
export function adminRoutes(currentEngine: () => SearchEngine, options: AdminOptions = {}): express.Router {
  const router = express.Router();
  const adminOnly = requireAdminToken(options.token);
  const liveIndex = (): LiveIndex | undefined => (typeof options.live === 'function' ? options.live() : options.live);

  router.get('/stats', adminOnly, (_request: Request, response: Response) => {
    response.setHeader('Cache-Control', 'no-store');
    const live = liveIndex();
    if (live !== undefined) {
      const { directory, lastReloadError, ...stats } = live.stats();
      response.json({ ...stats, lastReloadError: lastReloadError && withoutServerPaths(lastReloadError, directory) });
      return;
    }
    const memory = process.memoryUsage();
    response.json({ ...currentEngine().info(), memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed } });
  });

  router.post('/admin/reload', adminOnly, async (request: Request, response: Response) => {
    if (options.live === undefined) throw new HttpProblem(404, 'not_found', 'reloading is off: this server was given no live index');
    const live = liveIndex();
    if (live === undefined) {
      throw new HttpProblem(503, 'not_ready', 'the index is still loading; retry in a few seconds', { 'Retry-After': '5' });
    }
    try {
      const result = await live.reload();
      request.log?.info({ ...result, directory: live.directory }, 'index reloaded');
      response.json({ status: 'reloaded', ...result });
    } catch (error) {
      if (!(error instanceof ReloadFailedError)) throw error;
      request.log?.error({ err: error }, 'reload failed; the previous index keeps serving');
      // Not a 500, which means a bug here: the server works and serves the previous index; the
      // new one on disk cannot be served until it is rebuilt, which the detail says.
      throw new HttpProblem(503, error.code, withoutServerPaths(error.message, live.directory));
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
