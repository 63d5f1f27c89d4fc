import express, { type Request, type RequestHandler, type Response } from 'express';
import { articleFromObject, InvalidParameterError, type SearchEngine } from '../../index.js';
import { requireScope } from '../access.js';
import { HttpProblem, PROBLEM_TYPE } from '../problem.js';
import { articleParameters } from '../schemas.js';
import type { CurrentEngine } from './engine-source.js';

/** How the documents API takes writes (given: it is on). */
export interface WriteOptions {
  /** Largest POST or PUT /articles body, in bytes. Default 10 MiB. */
  maxBodyBytes?: number;
}

/** The largest body the write routes read unless told. */
export const DEFAULT_MAX_WRITE_BYTES = 10 * 1024 * 1024;
/** The most articles one POST /articles may carry (Meilisearch and Elasticsearch batch so too). */
export const MAX_ARTICLES_PER_WRITE = 10_000;

const REFRESH_VALUES = ['false', 'true', 'wait_for'] as const;
// About a millisecond of reading articles at a time, so that a batch of 10,000 does not hold the searches.
const ARTICLES_BETWEEN_YIELDS = 16;
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];
type Refresh = (typeof REFRESH_VALUES)[number];

/** One article of a write that was applied. */
interface WrittenItem {
  position: number;
  id: string;
  result: 'created' | 'updated' | 'deleted';
}

/** One article of a write that was refused, by its position in the batch (0-based), and for NDJSON its line (1-based). */
interface RefusedItem {
  position: number;
  line?: number;
  reason: string;
}

/**
 * The documents API, shaped as Meilisearch's and Elasticsearch's: `POST /articles` (one article,
 * a JSON array of them, or NDJSON), `PUT /articles/:id` (add or replace one), `DELETE
 * /articles/:id`. Each article is checked as an ingested record is; the bad ones are reported by
 * position and the rest applied. A 2xx means durable (fsynced in the index's write-ahead log);
 * `?refresh=wait_for` answers once the writes are searchable, `?refresh=true` makes them so at
 * once. The routes call exactly the engine's `replace`, `remove`, `commit`, `refresh` and `visible`.
 */
export function documentHandlers(
  currentEngine: CurrentEngine,
  options: WriteOptions | undefined,
): Record<'post' | 'put' | 'delete', RequestHandler[]> {
  const writers = [writesOn(options !== undefined), requireScope('articles.write')];
  const limit = options?.maxBodyBytes ?? DEFAULT_MAX_WRITE_BYTES;
  const json = express.json({ limit, strict: false, type: ['application/json'] });
  const ndjson = express.text({ limit, type: NDJSON_TYPES });

  const post = async (request: Request, response: Response) => {
    const refresh = refreshOf(request);
    const records = recordsOf(request);
    const engine = currentEngine();
    const written: WrittenItem[] = [];
    const refused: RefusedItem[] = [];
    for (const [position, record] of records.entries()) {
      // Each article is read (analysed) as it is taken: searches are let in between every few.
      if (position > 0 && position % ARTICLES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
      const read = 'reason' in record ? record : articleFromObject(record.value);
      if ('reason' in read) refused.push({ position, ...(record.line === undefined ? {} : { line: record.line }), reason: read.reason });
      else written.push({ position, id: read.article.id, result: engine.replace(read.article) ? 'updated' : 'created' });
    }
    if (written.length === 0) {
      sendRefusal(response, refused);
      return;
    }
    const seq = await durableAndVisible(engine, refresh);
    response.json({ seq, refresh, written: written.length, refused: refused.length, items: written, errors: refused });
  };

  const put = async (request: Request, response: Response) => {
    const refresh = refreshOf(request);
    const id = idOf(request);
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpProblem(400, 'invalid_article', 'send one article as a JSON object (Content-Type: application/json)');
    }
    const given = (body as Record<string, unknown>).id;
    if (given !== undefined && String(given) !== id) {
      throw new HttpProblem(400, 'invalid_article', `the body's id "${String(given)}" differs from the path's "${id}"`);
    }
    const read = articleFromObject({ ...body, id });
    if ('reason' in read) throw new HttpProblem(400, 'invalid_article', read.reason);
    const result = currentEngine().replace(read.article) ? 'updated' : 'created';
    const seq = await durableAndVisible(currentEngine(), refresh);
    response.status(result === 'created' ? 201 : 200).json({ seq, refresh, id, result });
  };

  const remove = async (request: Request, response: Response) => {
    const refresh = refreshOf(request);
    const id = idOf(request);
    const engine = currentEngine();
    if (!engine.remove(id)) throw new HttpProblem(404, 'not_found', `no article with id "${id}"`);
    const seq = await durableAndVisible(engine, refresh);
    response.json({ seq, refresh, id, result: 'deleted' });
  };
  return { post: [...writers, json, ndjson, post], put: [...writers, json, put], delete: [...writers, remove] };
}

// Durable first (a 2xx means durable), then as visible as the client asked.
async function durableAndVisible(engine: SearchEngine, refresh: Refresh): Promise<number> {
  const seq = await engine.commit();
  if (refresh === 'true') engine.refresh();
  else if (refresh === 'wait_for') await engine.visible(seq);
  return seq;
}

function refreshOf(request: Request): Refresh {
  const raw = request.query.refresh;
  if (raw === undefined) return 'false';
  // `?refresh` alone means true, as in Elasticsearch.
  const value = raw === '' ? 'true' : raw;
  if (typeof value !== 'string' || !(REFRESH_VALUES as readonly string[]).includes(value)) {
    throw new InvalidParameterError('refresh', `must be one of ${REFRESH_VALUES.join(', ')}`);
  }
  return value as Refresh;
}

function idOf(request: Request): string {
  const parsed = articleParameters.safeParse(request.params);
  if (!parsed.success) throw new InvalidParameterError('id', parsed.error.issues[0]?.message ?? 'is not a valid id');
  return parsed.data.id;
}

type ReadRecord = ({ value: unknown } | { reason: string }) & { line?: number };

// The articles of a POST body: a JSON object or array, or NDJSON lines (a line that is not JSON is refused on its own).
function recordsOf(request: Request): ReadRecord[] {
  const body: unknown = request.body;
  let records: ReadRecord[];
  if (request.is(NDJSON_TYPES) !== false && typeof body === 'string') {
    records = [];
    body.split('\n').forEach((text, at) => {
      if (text.trim() === '') return;
      try {
        records.push({ value: JSON.parse(text) as unknown, line: at + 1 });
      } catch (error) {
        records.push({ reason: `not JSON: ${(error as Error).message}`, line: at + 1 });
      }
    });
  } else if (Array.isArray(body)) {
    records = body.map((value: unknown) => ({ value }));
  } else if (typeof body === 'object' && body !== null && Object.keys(body).length > 0) {
    records = [{ value: body }];
  } else {
    throw new HttpProblem(
      400,
      'invalid_article',
      'send an article (a JSON object), a JSON array of them, or NDJSON (Content-Type: application/x-ndjson)',
    );
  }
  if (records.length > MAX_ARTICLES_PER_WRITE) {
    throw new HttpProblem(413, 'too_many_articles', `${records.length} articles in one request; send at most ${MAX_ARTICLES_PER_WRITE}`);
  }
  return records;
}

function sendRefusal(response: Response, refused: RefusedItem[]): void {
  const first = refused[0];
  const detail =
    first === undefined
      ? 'no article to write'
      : `no article was written: ${refused.length} refused (the first, at position ${first.position}: ${first.reason})`;
  response
    .status(400)
    .type(PROBLEM_TYPE)
    .send(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail, code: 'invalid_article', errors: refused }));
}

// A server that did not open its index for writing answers the write routes as if they were not there.
function writesOn(on: boolean): RequestHandler {
  return (request, _response, next) => {
    if (!on) {
      throw new HttpProblem(
        404,
        'not_found',
        `${request.method} ${request.path} is off: start the server with --accept-writes true to take writes (with the admin token or a key of scope articles.write)`,
      );
    }
    next();
  };
}
