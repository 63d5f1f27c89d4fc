import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { type Logger, pino } from 'pino';
import { inThisThread, type SearchEngine, type Searcher } from '../index.js';
import { createMetrics } from './metrics.js';
import { type CorsOrigins, cors, requestContext, requestTimeout, searchSlots } from './middleware.js';
import { openApiDocument } from './openapi.js';
import { methodNotAllowed, notFound, problemHandler } from './problem.js';
import { articleById } from './routes/articles.js';
import { documentHandlers, type WriteOptions } from './routes/documents.js';
import { type EngineSource, engineReader } from './routes/engine-source.js';
import { live, ready } from './routes/health.js';
import { searchBodyParser, searchByJsonBody, searchByQueryString } from './routes/search.js';
import { suggestByQueryString } from './routes/suggest.js';

export type { EngineSource } from './routes/engine-source.js';

import { requireScope, setAccessControl } from './access.js';
import { type AdminOptions, adminRoutes } from './admin.js';
import type { KeyStore } from './keys.js';
import { keyRoutes } from './routes/keys.js';

const PUBLIC_DIRECTORY = fileURLToPath(new URL('./public/', import.meta.url));
const API_VERSION = '0.1.0';

// The server cannot know whether TLS ends in front of it: forcing https (HSTS, upgrading
// requests) would break the page served over plain http on a newsroom's own network.
const HELMET_OPTIONS = {
  strictTransportSecurity: false,
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
} as const;

/** How the HTTP layer behaves; every field has a default fit for a single small server. */
export interface ServerOptions {
  /** Where JSON logs go. Default: nowhere (`npm start` passes one that writes to stdout). */
  logger?: Logger;
  /** Cross-origin pages allowed to call the API. Default: `none`. */
  corsOrigins?: CorsOrigins;
  /** max-age of cacheable answers (searches, articles); the ETag still changes with the index. Default 0. */
  cacheMaxAgeSeconds?: number;
  /** Searches allowed in flight before more are refused with 503. Default 64. */
  maxConcurrentSearches?: number;
  /** Answer 503 to a request not answered within this time. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Largest POST /search body, in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  /** The live index to reload, and the admin token that guards GET /stats, GET /metrics, POST /admin/reload and /keys (off without one). */
  admin?: AdminOptions;
  /** The search and write keys (`/keys` creates and revokes them). Default: none, only the admin token. */
  keys?: KeyStore;
  /**
   * Whether searching (`/search`, `/suggest`, `/articles/:id`) needs no key. Default true: an
   * embedder decides; `gazette serve` opens it only on a loopback address or with --public-search.
   */
  publicSearch?: boolean;
  /**
   * The documents API (POST, PUT, DELETE /articles), for an engine opened for writing: on when
   * given, for the admin token and keys with the `articles.write` scope. Default: off (404).
   */
  writes?: WriteOptions;
  /**
   * What answers the searches of the engine a request took: LiveIndex.searcherFor, when search
   * threads answer them. Default: the engine itself, in this thread (`inThisThread`).
   */
  searchers?: (engine: SearchEngine) => Searcher;
}

/** The defaults of ServerOptions. */
export const DEFAULT_SERVER_OPTIONS = {
  corsOrigins: 'none',
  cacheMaxAgeSeconds: 0,
  maxConcurrentSearches: 64,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 16 * 1024,
  publicSearch: true,
} as const satisfies ServerOptions;

/**
 * The HTTP face of a SearchEngine: routes validate their input, call the engine and shape its
 * answer; errors, logs, metrics, headers and limits are middleware.
 *
 *     const app = createApp(await SearchEngine.open('index-data/index'));
 *     app.listen(3000);
 */
export function createApp(source: EngineSource, options: ServerOptions = {}): express.Express {
  const settings = { ...DEFAULT_SERVER_OPTIONS, ...options };
  // An app embedded in another program (or a test) logs only when given a logger.
  const logger = options.logger ?? pino({ level: 'silent' });
  const engines = engineReader(source);
  const searchers = options.searchers ?? inThisThread;
  const metrics = createMetrics(engines.loaded);
  const app = express();
  setAccessControl(app, { adminToken: options.admin?.token, keys: options.keys, publicSearch: settings.publicSearch });
  app.disable('x-powered-by');
  // Parameters are read as flat strings (arrays when repeated), never as nested objects.
  app.set('query parser', 'simple');
  app.use(requestContext(logger), metrics.observeRequests, helmet(HELMET_OPTIONS), cors(settings.corsOrigins), compression());
  app.use(requestTimeout(settings.requestTimeoutMs));

  const searchSlot = searchSlots(settings.maxConcurrentSearches, metrics.searchesInFlight);
  const searcher = requireScope('search');
  const writes = documentHandlers(engines.current, options.writes);
  const routes: Array<[path: string, methods: Partial<Record<'get' | 'post' | 'put' | 'delete', RequestHandler[]>>]> = [
    [
      '/search',
      {
        get: [searcher, searchSlot, searchByQueryString(engines.current, searchers, settings.cacheMaxAgeSeconds)],
        post: [searcher, searchSlot, searchBodyParser(settings.maxBodyBytes), searchByJsonBody(engines.current, searchers)],
      },
    ],
    // Called on every keystroke: it shares the searches' slots, so that it cannot crowd them out.
    ['/suggest', { get: [searcher, searchSlot, suggestByQueryString(engines.current, searchers, settings.cacheMaxAgeSeconds)] }],
    ['/articles', { post: writes.post }],
    [
      '/articles/:id',
      { get: [searcher, articleById(engines.current, settings.cacheMaxAgeSeconds)], put: writes.put, delete: writes.delete },
    ],
    ['/health', { get: [ready(source)] }],
    ['/health/live', { get: [live] }],
    ['/health/ready', { get: [ready(source)] }],
    // Guarded like Elasticsearch's and Meilisearch's: traffic, memory and Node's version are for operators.
    ['/metrics', { get: [requireScope('stats'), metricsRoute(metrics.registry)] }],
    ['/openapi.json', { get: [(_request, response) => void response.json(openApiDocument(API_VERSION))] }],
  ];
  for (const [path, methods] of routes) {
    const route = app.route(path);
    for (const [method, handlers] of Object.entries(methods)) route[method as 'get' | 'post' | 'put' | 'delete'](...handlers);
    route.all(methodNotAllowed(Object.keys(methods).map((method) => method.toUpperCase())));
  }

  // GET /stats and POST /admin/reload (src/server/admin.ts), behind the admin token or a key.
  app.use(adminRoutes(engines.current, options.admin));
  app.use(keyRoutes(options.keys, options.admin?.token));

  app.use(express.static(PUBLIC_DIRECTORY, { index: 'index.html', dotfiles: 'deny' }));
  app.use(notFound);
  app.use(problemHandler);
  return app;
}

function metricsRoute(registry: ReturnType<typeof createMetrics>['registry']): RequestHandler {
  return async (_request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.type(registry.contentType).send(await registry.metrics());
  };
}
