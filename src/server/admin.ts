import express, { type Request, type Response } from 'express';
import { type LiveIndex, ReloadFailedError, type SearchEngine } from '../index.js';
import { requireScope } from './access.js';
import { withoutServerPaths } from './disk-paths.js';
import { HttpProblem, methodNotAllowed } from './problem.js';

/** What the admin routes need: the live index (to reload) and the token that guards the operators' routes. */
export interface AdminOptions {
  /** The live index, or a function returning it (undefined while the server's first index loads). */
  live?: LiveIndex | (() => LiveIndex | undefined);
  /**
   * `GAZETTE_ADMIN_TOKEN`. `GET /stats`, `GET /metrics` and `POST /admin/reload` need it (or a key
   * with their scope) as `Authorization: Bearer <token>`; with neither they answer 404: they are off.
   * Only this token creates and revokes keys (`/keys`).
   */
  token?: string | undefined;
}

/** Moved to access.ts beside requireScope; here for the routes that import it from admin.ts. */
export { requireAdminToken } from './access.js';

/**
 * `GET /stats` (the served index's version, build time, size, load time, reloads, and the
 * process's memory) and `POST /admin/reload` (load the index's live version and swap it
 * in), behind the admin token or a key of scope `stats` or `reload`. Neither answer names a path on the server's disk.
 */
export function adminRoutes(currentEngine: () => SearchEngine, options: AdminOptions = {}): express.Router {
  const router = express.Router();
  const liveIndex = (): LiveIndex | undefined => (typeof options.live === 'function' ? options.live() : options.live);

  router.get('/stats', requireScope('stats'), (_request: Request, response: Response) => {
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

  router.post('/admin/reload', requireScope('reload'), async (request: Request, response: Response) => {
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
  router.all('/stats', methodNotAllowed(['GET']));
  router.all('/admin/reload', methodNotAllowed(['POST']));
  return router;
}
