import {
  GazetteError,
  IndexClosedError,
  IndexCorruptError,
  InvalidParameterError,
  QuerySyntaxError,
  QueryTooComplexError,
  SearchTimeoutError,
} from '../errors.js';
import type { SharedIndexFiles } from '../index/index-files.js';
import type { Suggestion } from '../search/completion.js';
import type { SearchRequest } from '../search/request.js';
import type { RankedHit, SearchResponse } from '../search/response.js';

/**
 * What the search threads and the thread that owns them say to each other. Versions of the
 * index are numbered by the owner; a call names the version it runs on, so that a call made
 * before a reload finishes on the index it started with.
 */

/** A call to a search thread: one of the engine's read-only methods, with its arguments. */
export type SearchCall =
  | { method: 'search'; request: SearchRequest }
  | { method: 'rank'; request: SearchRequest }
  | { method: 'suggest'; text: string; limit: number | undefined };

/** What each method of SearchCall answers. */
export interface CallAnswers {
  search: SearchResponse;
  rank: RankedHit[];
  suggest: Suggestion[];
}

/** From the owner to a search thread. */
export type ToSearchThread =
  | { type: 'open'; version: number; files: SharedIndexFiles; searchBudgetMs: number }
  | { type: 'drop'; version: number }
  | { type: 'call'; id: number; version: number; call: SearchCall };

/** From a search thread to its owner. */
export type FromSearchThread =
  | { type: 'opened'; version: number; error?: WireError }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WireError };

/**
 * An error as it crosses between threads. Structured cloning keeps an Error's message but not
 * its class or fields, which the HTTP layer answers by (400 naming the parameter, 503 for a
 * timeout): they are carried here and the error made again on the other side.
 */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  parameter?: string;
  position?: number;
  problem?: string;
  budgetMs?: number;
  file?: string;
}

/** An error thrown in a search thread, as it is posted to the owner. */
export function errorToWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  if (error.stack !== undefined) wire.stack = error.stack;
  if (error instanceof GazetteError) wire.code = error.code;
  if (error instanceof InvalidParameterError) wire.parameter = error.parameter;
  if (error instanceof QuerySyntaxError) Object.assign(wire, { position: error.position, problem: error.problem });
  if (error instanceof SearchTimeoutError) wire.budgetMs = error.budgetMs;
  if (error instanceof IndexCorruptError || error instanceof IndexClosedError) wire.file = error.file;
  return wire;
}

// Each typed error made again from its fields; its message is then set to the original's, word for word.
const REVIVERS: Record<string, (wire: WireError) => Error> = {
  QuerySyntaxError: (wire) => new QuerySyntaxError(wire.position ?? 0, wire.problem ?? ''),
  QueryTooComplexError: () => new QueryTooComplexError(''),
  InvalidParameterError: (wire) => new InvalidParameterError(wire.parameter ?? 'q', ''),
  SearchTimeoutError: (wire) => new SearchTimeoutError(wire.budgetMs ?? 0),
  IndexCorruptError: (wire) => new IndexCorruptError(wire.file ?? '', ''),
  IndexClosedError: (wire) => new IndexClosedError(wire.file ?? ''),
};

/** The error a search thread threw, made again in this thread with its class and fields. */
export function errorFromWire(wire: WireError): Error {
  const revive = REVIVERS[wire.name];
  const error = revive !== undefined ? revive(wire) : wire.code !== undefined ? new GazetteError(wire.code, '') : new Error('');
  error.message = wire.message;
  if (revive === undefined) error.name = wire.name;
  // The stack where it was thrown, in the search thread: what a 500's log line needs.
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
