import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { SearchEngine } from '../index.js';
import { HttpProblem, sendProblem } from './problem.js';

declare global {
  namespace Express {
    interface Request {
      /** The request id: the client's X-Request-Id when it is sane, else a new UUID. */
      id: string;
      /** The server's logger, bound to this request's id. */
      log: Logger;
    }
  }
}

const SANE_REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * Gives each request an id (echoed in X-Request-Id) and a child logger, and logs one JSON line
 * when the response ends: method, path, status, duration.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const offered = request.get('x-request-id');
    request.id = offered !== undefined && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
    request.log = logger.child({ reqId: request.id });
    response.setHeader('X-Request-Id', request.id);
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = { method: request.method, url: request.originalUrl, status: response.statusCode, ms: Math.round(ms * 100) / 100 };
      if (response.writableFinished) request.log.info(fields, 'request');
      else request.log.warn(fields, 'request aborted before the response ended');
    });
    next();
  };
}

/** Which cross-origin pages may call the API: none, any (`*`), or a list of origins. */
export type CorsOrigins = 'none' | '*' | readonly string[];

/** Answers CORS preflights and marks responses readable by the allowed origins. */
export function cors(origins: CorsOrigins): RequestHandler {
  return (request, response, next) => {
    const origin = request.get('origin');
    response.vary('Origin');
    const allowed = origin !== undefined && (origins === '*' || (Array.isArray(origins) && origins.includes(origin)));
    if (!allowed) {
      next();
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origins === '*' ? '*' : origin);
    response.setHeader('Access-Control-Expose-Headers', 'ETag, X-Request-Id, Retry-After');
    if (request.method === 'OPTIONS' && request.get('access-control-request-method') !== undefined) {
      response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE');
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match, X-Request-Id');
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Caps the searches in flight (from arrival to the last byte sent). One more is answered at once
 * with 503 and Retry-After rather than queued: a queue only makes every caller wait longer.
 *
 * A connection runs one search at a time; the searches it pipelines behind wait their turn
 * (at most `maxInFlight` of them) without taking a slot. Its answers leave in order anyway, so
 * nothing is lost, and a client that pipelines and never reads its answers holds one slot, not
 * all of them. A connection's slot is freed when it closes, even if its answer never left.
 */
export function searchSlots(maxInFlight: number, onChange?: (inFlight: number) => void): RequestHandler {
  let inFlight = 0;
  const lines = new WeakMap<Socket, ConnectionLine>();

  const start = (line: ConnectionLine, turn: Turn): void => {
    const { request, response, next } = turn;
    // Answered while it waited (the request timeout), or its client went: nothing to run.
    if (response.writableEnded || request.socket.destroyed) {
      startNext(line);
      return;
    }
    if (inFlight >= maxInFlight) {
      next(tooManySearches(`the server is already running ${maxInFlight} searches; retry in a second`));
      startNext(line);
      return;
    }
    inFlight += 1;
    line.running = true;
    onChange?.(inFlight);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      request.socket.off('close', release);
      inFlight -= 1;
      line.running = false;
      onChange?.(inFlight);
      startNext(line);
    };
    // An answer queued behind an earlier one on a connection that dies never emits 'close'.
    response.once('close', release);
    request.socket.once('close', release);
    next();
  };
  const startNext = (line: ConnectionLine): void => {
    const turn = line.waiting.shift();
    if (turn !== undefined) start(line, turn);
  };

  return (request, response, next) => {
    let line = lines.get(request.socket);
    if (line === undefined) {
      line = { running: false, waiting: [] };
      lines.set(request.socket, line);
    }
    if (!line.running) {
      start(line, { request, response, next });
      return;
    }
    if (line.waiting.length >= maxInFlight) {
      next(tooManySearches(`this connection already has ${maxInFlight} searches waiting; wait for their answers`));
      return;
    }
    line.waiting.push({ request, response, next });
  };
}

/** One connection's searches: whether one is running, and those pipelined behind it. */
interface ConnectionLine {
  running: boolean;
  waiting: Turn[];
}

interface Turn {
  request: Request;
  response: Response;
  next: NextFunction;
}

function tooManySearches(detail: string): HttpProblem {
  return new HttpProblem(503, 'too_many_searches', detail, { 'Retry-After': '1' });
}

/**
 * Answers 503 when a request has not been answered within `ms` (a slow upload, a wait for an
 * index). A search itself runs to its end; its late answer is then dropped.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (request, response, next) => {
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      request.log.warn({ ms }, 'request timed out');
      response.setHeader('Connection', 'close');
      sendProblem(response, {
        status: 503,
        code: 'timeout',
        detail: `the request was not answered within ${ms} ms`,
        instance: request.path,
      });
    }, ms);
    timer.unref();
    response.once('close', () => clearTimeout(timer));
    next();
  };
}

// An index built in memory (never saved) has no version: give each such engine its own.
const unsavedVersions = new WeakMap<SearchEngine, string>();

/** The version a response's ETag is keyed on: the index's, or one made up for an unsaved index. */
export function indexVersion(engine: SearchEngine): string {
  const { version, seq } = engine.info();
  // Written to in place (the documents API), what a search finds changes with every refresh, not only with the version.
  if (version !== undefined) return seq === 0 ? version : `${version}.${seq}`;
  let made = unsavedVersions.get(engine);
  if (made === undefined) {
    made = `unsaved-${randomUUID()}`;
    unsavedVersions.set(engine, made);
  }
  return made;
}

/**
 * Sets ETag (the index version) and Cache-Control on a GET whose answer depends only on the URL
 * and the index, and answers 304 at once when the client already holds that version.
 * Returns true when the 304 was sent.
 */
export function answeredFromClientCache(
  request: Request,
  response: Response,
  engine: SearchEngine,
  maxAgeSeconds: number,
  // An article is read as the latest write left it, searchable or not yet: keyed on writes taken.
  realtime = false,
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const { seq, acceptedSeq } = engine.info();
  const version = indexVersion(engine);
  const tag = realtime && acceptedSeq !== seq ? `${version}+${acceptedSeq}` : version;
  response.setHeader('ETag', `W/"${tag}"`);
  response.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}, must-revalidate`);
  if (!request.fresh) return false;
  response.status(304).end();
  return true;
}
