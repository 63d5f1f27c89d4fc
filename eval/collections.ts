import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAgNewsHeadlines, readBbcHeadlines } from './headline-collection.js';
import { readReutersTopics } from './news-collection.js';

/** A document of a test collection, as every engine receives it. */
export interface EvalDocument {
  id: string;
  title: string;
  body: string;
}

/** A test query: its id in the judgements and its text. */
export interface EvalQuery {
  id: string;
  text: string;
}

/** Documents, queries and relevance judgements (qid -> docid -> gain). */
export interface Collection {
  name: string;
  documents: EvalDocument[];
  queries: EvalQuery[];
  qrels: Map<string, Map<string, number>>;
}

/** A collection file that cannot be read as its format says. */
export class CollectionFormatError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${path}:${line}: ${reason}`);
    this.name = 'CollectionFormatError';
  }
}

/** Where the shared corpora live, relative to this repository. */
export const CORPORA = new URL('../../shared/corpora/', import.meta.url).pathname;

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').replace(/\r\n?/g, '\n').split('\n');
}

/** Documents as JSON lines with `id`, `title`, `body` (other fields ignored). */
export function readJsonlDocuments(path: string): EvalDocument[] {
  const documents: EvalDocument[] = [];
  lines(path).forEach((line, i) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new CollectionFormatError(path, i + 1, `not JSON (${(error as Error).message})`);
    }
    if (typeof record !== 'object' || record === null) throw new CollectionFormatError(path, i + 1, 'not a JSON object');
    const { id, title, body } = record as Record<string, unknown>;
    if (typeof id !== 'string' && typeof id !== 'number') throw new CollectionFormatError(path, i + 1, 'no "id"');
    documents.push({ id: String(id), title: typeof title === 'string' ? title : '', body: typeof body === 'string' ? body : '' });
  });
  return documents;
}

/** Queries as `qid<TAB>text` lines. */
export function readTsvQueries(path: string): EvalQuery[] {
  const queries: EvalQuery[] = [];
  lines(path).forEach((line, i) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    if (tab <= 0) throw new CollectionFormatError(path, i + 1, 'expected "qid<TAB>text"');
    queries.push({ id: line.slice(0, tab).trim(), text: line.slice(tab + 1).trim() });
  });
  return queries;
}

/** Judgements in TREC qrels format: `qid iteration docid gain`. */
export function readTrecQrels(path: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  lines(path).forEach((line, i) => {
    if (line.trim() === '') return;
    const [qid, , docid, gainText] = line.trim().split(/\s+/);
    const gain = Number(gainText);
    if (qid === undefined || docid === undefined || !Number.isFinite(gain)) {
      throw new CollectionFormatError(path, i + 1, 'expected "qid 0 docid gain"');
    }
    addJudgement(qrels, qid, docid, gain);
  });
  return qrels;
}

function addJudgement(qrels: Map<string, Map<string, number>>, qid: string, docid: string, gain: number): void {
  let judgements = qrels.get(qid);
  if (judgements === undefined) {
    judgements = new Map();
    qrels.set(qid, judgements);
  }
  judgements.set(docid, gain);
}

/** A collection in the converted format (JSON lines, TSV, qrels). */
export function readTrecCollection(name: string, paths: { docs: string; queries: string; qrels: string }): Collection {
  return {
    name,
    documents: readJsonlDocuments(paths.docs),
    queries: readTsvQueries(paths.queries),
    qrels: readTrecQrels(paths.qrels),
  };
}

// ---- SMART-format collections (CACM, ADI): `.I id` records with `.T`, `.W`, ... fields ----

/**
 * Records of a SMART file: id -> field letter -> text. CACM has one id broken over two
 * lines (".I 28" then "56" for record 2856): digits right after an `.I` line, before any
 * field tag, continue the id.
 */
export function parseSmartRecords(text: string): Map<string, Map<string, string>> {
  const records: { id: string; fields: Map<string, string> }[] = [];
  let current: { id: string; fields: Map<string, string> } | undefined;
  let field: string | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const tag = /^\.([A-Z])(?:\s+(\S+))?\s*$/.exec(line);
    if (tag?.[1] === 'I') {
      current = { id: tag[2] ?? '', fields: new Map() };
      records.push(current);
      field = undefined;
    } else if (tag !== null) {
      field = tag[1];
    } else if (current !== undefined && field === undefined && /^\d+$/.test(line.trim())) {
      current.id += line.trim();
    } else if (current !== undefined && field !== undefined) {
      current.fields.set(field, `${current.fields.get(field) ?? ''}${line.trim()} `);
    }
  }
  return new Map(records.map(({ id, fields }) => [String(Number(id)), fields]));
}

function smartDocuments(path: string): EvalDocument[] {
  return [...parseSmartRecords(readFileSync(path, 'utf8'))].map(([id, fields]) => ({
    id,
    title: (fields.get('T') ?? '').trim(),
    body: (fields.get('W') ?? '').trim(),
  }));
}

function smartQueries(path: string): EvalQuery[] {
  return [...parseSmartRecords(readFileSync(path, 'utf8'))].map(([id, fields]) => ({ id, text: (fields.get('W') ?? '').trim() }));
}

// `qid docid ...` lines, every listed document relevant (gain 1); ids may be zero-padded.
function binaryQrels(path: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of lines(path)) {
    const [qid, docid] = line.trim().split(/\s+/);
    if (qid === undefined || docid === undefined || qid === '') continue;
    addJudgement(qrels, String(Number(qid)), String(Number(docid)), 1);
  }
  return qrels;
}

/** CACM: titles for all records, abstracts for half; 52 judged queries. */
export function readCacm(dir: string): Collection {
  return {
    name: 'cacm',
    documents: smartDocuments(join(dir, 'cacm.all')),
    queries: smartQueries(join(dir, 'query.text')),
    qrels: binaryQrels(join(dir, 'qrels.text')),
  };
}

/** ADI: 82 documents, 35 queries. Too small for claims; a quick generalisation check. */
export function readAdi(dir: string): Collection {
  return {
    name: 'adi',
    documents: smartDocuments(join(dir, 'ADI.ALL')),
    queries: smartQueries(join(dir, 'ADI.QRY')),
    qrels: binaryQrels(join(dir, 'ADI.REL')),
  };
}

// ---- NPL: `id` line, text, `/` line ----

function slashRecords(path: string): string[][] {
  const records: string[][] = [];
  let current: string[] = [];
  for (const line of lines(path)) {
    if (line.trim() === '/') {
      records.push(current);
      current = [];
    } else if (line.trim() !== '') {
      current.push(line.trim());
    }
  }
  if (current.length > 0) records.push(current);
  return records;
}

/** NPL: 11,429 short abstracts without titles, 93 queries. */
export function readNpl(dir: string): Collection {
  const documents = slashRecords(join(dir, 'doc-text')).map(([id, ...text]) => ({ id: id ?? '', title: '', body: text.join(' ') }));
  const queries = slashRecords(join(dir, 'query-text')).map(([id, ...text]) => ({ id: id ?? '', text: text.join(' ') }));
  const qrels = new Map<string, Map<string, number>>();
  for (const [qid, ...ids] of slashRecords(join(dir, 'rlv-ass'))) {
    for (const docid of ids.join(' ').split(/\s+/)) if (qid !== undefined && docid !== '') addJudgement(qrels, qid, docid, 1);
  }
  return { name: 'npl', documents, queries, qrels };
}

// ---- LISA: `Document n`, title lines, blank line, abstract, a line of stars ----

const LISA_FILES = [
  '0.001',
  '0.501',
  '1.001',
  '1.501',
  '2.001',
  '2.501',
  '3.001',
  '3.501',
  '4.001',
  '4.501',
  '5.001',
  '5.501',
  '5.627',
  '5.850',
];

function lisaDocuments(dir: string): EvalDocument[] {
  const documents: EvalDocument[] = [];
  for (const suffix of LISA_FILES) {
    const text = readFileSync(join(dir, `LISA${suffix}`), 'utf8').replace(/\r\n?/g, '\n');
    for (const record of text.split(/^\*{10,}\s*$/m)) {
      const match = /^\s*Document\s+(\d+)\s*\n([\s\S]*)$/.exec(record);
      if (match === null) continue;
      const [title = '', ...rest] = (match[2] ?? '').split(/\n[ \t]*\n/);
      documents.push({ id: match[1] ?? '', title: title.replace(/\s+/g, ' ').trim(), body: rest.join(' ').replace(/\s+/g, ' ').trim() });
    }
  }
  return documents;
}

/** LISA: 5,999 library-science abstracts, 35 queries; judgements from LISARJ.NUM (the fuller file). */
export function readLisa(dir: string): Collection {
  const queries: EvalQuery[] = [];
  for (const block of readFileSync(join(dir, 'LISA.QUE'), 'utf8').replace(/\r\n?/g, '\n').split('#')) {
    const match = /^\s*(\d+)\s*\n([\s\S]*)$/.exec(block);
    if (match !== null) queries.push({ id: match[1] ?? '', text: (match[2] ?? '').replace(/\s+/g, ' ').trim() });
  }
  // LISARJ.NUM: `qid count id id ...`, a query's ids possibly continued on following lines.
  const numbers = readFileSync(join(dir, 'LISARJ.NUM'), 'utf8').trim().split(/\s+/).map(Number);
  const qrels = new Map<string, Map<string, number>>();
  for (let i = 0; i + 1 < numbers.length; ) {
    const qid = String(numbers[i]);
    const count = numbers[i + 1] ?? 0;
    for (const docid of numbers.slice(i + 2, i + 2 + count)) addJudgement(qrels, qid, String(docid), 1);
    i += 2 + count;
  }
  return { name: 'lisa', documents: lisaDocuments(dir), queries, qrels };
}

/** The collections known by name, with their default location under ../shared/corpora. */
export const NAMED_COLLECTIONS = {
  cranfield: () =>
    readTrecCollection('cranfield', {
      docs: join(CORPORA, 'cranfield/docs.jsonl'),
      queries: join(CORPORA, 'cranfield/queries.tsv'),
      qrels: join(CORPORA, 'cranfield/qrels.txt'),
    }),
  cacm: () => readCacm(join(CORPORA, 'cacm')),
  adi: () => readAdi(join(CORPORA, 'adi')),
  npl: () => readNpl(join(CORPORA, 'npl')),
  lisa: () => readLisa(join(CORPORA, 'lisa')),
  reuters: () => readReutersTopics(join(CORPORA, 'reuters21578')),
  bbc: () => readBbcHeadlines(join(CORPORA, 'bbc-news/bbc')),
  'ag-news': () => readAgNewsHeadlines(join(CORPORA, 'ag-news')),
} as const;

export type CollectionName = keyof typeof NAMED_COLLECTIONS;
