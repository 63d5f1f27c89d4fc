import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import {
  IndexClosedError,
  IndexCorruptError,
  IndexNotWritableError,
  InvalidParameterError,
  SearchThreadError,
  SearchTimeoutError,
} from '../index.js';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem details object. `type` is `about:blank` when the HTTP status says it
 * all, else a relative URI naming the kind of problem; `code` repeats it as a stable word for
 * programs; `parameter` names the request parameter to fix, when there is one.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  parameter?: string;
  instance?: string;
}

/** An HTTP failure that a route raises on purpose; the error handler turns it into problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Writes a problem details response. */
export function sendProblem(response: Response, problem: Omit<ProblemDetails, 'type' | 'title'> & { type?: string; title?: string }): void {
  const body: ProblemDetails = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...(problem.parameter === undefined ? {} : { parameter: problem.parameter }),
    ...(problem.instance === undefined ? {} : { instance: problem.instance }),
  };
  response.status(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(body));
}

/** The last route: a path nothing answers. */
export const notFound: RequestHandler = (request, response) => {
  sendProblem(response, {
    status: 404,
    code: 'not_found',
    detail: `no route for ${request.method} ${request.path}`,
    instance: request.path,
  });
};

/**
 * Answers the methods a path does not support: 405 with the `Allow` header, or 204 with it
 * for a plain OPTIONS request (CORS preflights are answered before this).
 */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])].join(', ');
  return (request, response) => {
    response.setHeader('Allow', allow);
    if (request.method === 'OPTIONS') {
      response.status(204).end();
      return;
    }
    sendProblem(response, {
      status: 405,
      code: 'method_not_allowed',
      detail: `${request.path} does not accept ${request.method}; it accepts ${allow}`,
      instance: request.path,
    });
  };
}

/**
 * Turns every error into problem+json. Errors the client can fix keep their message; anything
 * else is logged with its stack and answered with a 500 that reveals nothing of it.
 */
export const problemHandler: ErrorRequestHandler = (error: unknown, request: Request, response: Response, _next) => {
  if (response.headersSent) {
    // A late error after a timeout answered already is expected; one mid-body cuts the connection.
    if (response.writableEnded) {
      request.log?.debug({ err: error }, 'error after the response was sent');
      return;
    }
    request.log?.error({ err: error }, 'error after the response had started');
    response.destroy();
    return;
  }
  const instance = request.path;
  if (error instanceof InvalidParameterError) {
    sendProblem(response, {
      type: '/problems/invalid-parameter',
      title: 'Invalid parameter',
      status: 400,
      code: error.code,
      detail: error.message,
      parameter: error.parameter,
      instance,
    });
    return;
  }
  if (error instanceof SearchTimeoutError) {
    // The server is well; this query asked for more work than one search may do.
    response.setHeader('Retry-After', '1');
    sendProblem(response, {
      type: '/problems/search-timeout',
      title: 'Search took too long',
      status: 503,
      code: error.code,
      detail: error.message,
      instance,
    });
    return;
  }
  if (error instanceof SearchThreadError) {
    // The thread is replaced at once: the same search will most likely be answered on a retry.
    request.log?.error({ err: error }, 'a search thread stopped while answering');
    response.setHeader('Retry-After', '1');
    sendProblem(response, { status: 503, code: error.code, detail: error.message, instance });
    return;
  }
  if (error instanceof IndexNotWritableError) {
    // Not a bug here: the index's log failed (or the server is closing); nothing was acknowledged.
    request.log?.error({ err: error }, 'a write was refused: the index takes no writes');
    sendProblem(response, {
      status: 503,
      code: error.code,
      // The error names the index folder, which is the server's business: the log has it.
      detail:
        'the index takes no writes now (its write-ahead log failed, or the server is stopping); nothing of this request was acknowledged',
      instance,
    });
    return;
  }
  if (error instanceof IndexCorruptError || error instanceof IndexClosedError) {
    // An article's bytes on disk are not those written (they are checked as they are read).
    request.log?.error({ err: error }, 'the index could not be read');
    sendProblem(response, {
      status: 503,
      code: error.code,
      // The error names a file of the server's: the log has it.
      detail: 'the index on disk could not be read (the server log names the file); rebuild it, or reload a good version',
      instance,
    });
    return;
  }
  if (error instanceof HttpProblem) {
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    sendProblem(response, { status: error.status, code: error.code, detail: error.message, instance });
    return;
  }
  const bodyProblem = bodyParserProblem(error);
  if (bodyProblem !== undefined) {
    sendProblem(response, { ...bodyProblem, instance });
    return;
  }
  request.log?.error({ err: error }, 'request failed');
  sendProblem(response, {
    status: 500,
    code: 'internal_error',
    detail: 'the request failed unexpectedly; the server log has the details',
    instance,
  });
};

// Errors from express and body-parser carry a 4xx `status` (body-parser's a `type` too); their
// messages describe the request, not the server, so they are safe to show.
function bodyParserProblem(error: unknown): { status: number; code: string; detail: string } | undefined {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (typeof type !== 'string') return { status, code: 'bad_request', detail: (error as Error).message };
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return { status: 413, code: 'body_too_large', detail: `the request body is larger than the ${limit ?? 'allowed'} bytes allowed` };
  }
  if (type === 'entity.parse.failed') {
    return { status: 400, code: 'invalid_json', detail: `the request body is not valid JSON: ${(error as Error).message}` };
  }
  return { status, code: type.replace(/\W+/g, '_'), detail: (error as Error).message };
}
