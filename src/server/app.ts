import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { InvalidParameterError, parseSearchParameters, type SearchEngine } from '../index.js';
import { type AdminOptions, adminRoutes } from './admin.js';

const PUBLIC_DIRECTORY = fileURLToPath(new URL('./public/', import.meta.url));

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { status: number; code: string; message: string; parameter?: string };
}

/** The engine to serve, or a function that returns the one live now (an index can be swapped while serving). */
export type EngineSource = SearchEngine | (() => SearchEngine);

/**
 * The HTTP face of a SearchEngine. Routes validate their input, call the engine,
 * and shape its answer; nothing else.
 */
export function createApp(source: EngineSource, admin: AdminOptions = {}): express.Express {
  const currentEngine = typeof source === 'function' ? source : () => source;
  const app = express();
  app.disable('x-powered-by');
  // Parameters are read as flat strings (arrays when repeated), never as nested objects.
  app.set('query parser', 'simple');

  app.get('/search', (request: Request, response: Response) => {
    const searchRequest = parseSearchParameters(request.query as Record<string, unknown>);
    response.json(currentEngine().search(searchRequest));
  });

  app.get('/articles/:id', (request: Request, response: Response) => {
    const id = String(request.params.id);
    const article = currentEngine().article(id);
    if (article === undefined) {
      sendError(response, 404, 'not_found', `no article with id "${id}"`);
      return;
    }
    response.json(article);
  });

  app.get('/health', (_request: Request, response: Response) => {
    response.json({ status: 'ok', ...currentEngine().info() });
  });

  app.use(adminRoutes(currentEngine, admin));

  app.use(express.static(PUBLIC_DIRECTORY, { index: 'index.html', dotfiles: 'deny' }));

  app.use((request: Request, response: Response) => {
    sendError(response, 404, 'not_found', `no route for ${request.method} ${request.path}`);
  });
  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (error: unknown, _request, response, _next) => {
  if (error instanceof InvalidParameterError) {
    sendError(response, 400, error.code, error.message, error.parameter);
    return;
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    sendError(response, status, 'bad_request', (error as Error).message);
    return;
  }
  // The client learns only that it failed; the details go to the operator's log.
  console.error(error);
  sendError(response, 500, 'internal_error', 'the search failed unexpectedly; the server log has the details');
};

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function sendError(response: Response, status: number, code: string, message: string, parameter?: string): void {
  const body: ErrorBody = { error: { status, code, message } };
  if (parameter !== undefined) body.error.parameter = parameter;
  response.status(status).json(body);
}
