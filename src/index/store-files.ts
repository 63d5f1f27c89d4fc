/**
 * The document store's columns as files (index format 9): what filters, sorting and facets read,
 * by article number, laid out so that opening is reading bytes rather than parsing text.
 *
 *     columns.json  the article count, the removed articles' numbers, and each facet field's
 *                   distinct values (a few thousand strings, not one per article)
 *     columns.bin   little-endian: the publication instants (Float64, NaN when undated), then
 *                   per facet field in order where each article's value ids start (Uint32,
 *                   count + 1) and the value ids (Uint32)
 *     ids.jsonl     each article's id as a JSON string (`null` once removed), one per line,
 *                   decoded only when an id is looked up (a write, GET /articles/:id)
 *
 * Formats 7 and 8 held all of it in one JSON file (decodeJsonColumns).
 */

/** One facet field's column as saved: distinct values, and each article's value ids (see TermColumn). */
export interface SavedTermColumn {
  values: readonly string[];
  starts: ArrayLike<number>;
  valueIds: ArrayLike<number>;
}

/** The columns of `count` articles. */
export interface StoreColumns {
  count: number;
  /** Numbers of removed articles (their ids are null). */
  removed: number[];
  timestamps: Float64Array;
  terms: Record<string, SavedTermColumn>;
}

interface ColumnsJson {
  count: number;
  removed: number[];
  terms: Record<string, { values: string[]; valueIds: number }>;
}

/** The columns as the two files columns.json and columns.bin; `fields` fixes the order in the binary file. */
export function encodeColumns(columns: StoreColumns, fields: readonly string[]): { json: string; bin: Buffer } {
  const { count } = columns;
  const arrays: ArrayBufferView[] = [columns.timestamps.subarray(0, count)];
  const json: ColumnsJson = { count, removed: columns.removed, terms: {} };
  for (const field of fields) {
    const column = columns.terms[field] as SavedTermColumn;
    arrays.push(Uint32Array.from(column.starts), Uint32Array.from(column.valueIds));
    json.terms[field] = { values: [...column.values], valueIds: column.valueIds.length };
  }
  const bin = Buffer.concat(arrays.map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)));
  return { json: JSON.stringify(json), bin };
}

/** Reads what encodeColumns wrote. Throws a RangeError saying what is wrong when the two files do not fit together. */
export function decodeColumns(jsonText: string, bin: Buffer, fields: readonly string[]): StoreColumns {
  const json = JSON.parse(jsonText) as ColumnsJson;
  const count = json.count;
  if (!Number.isInteger(count) || count < 0 || !Array.isArray(json.removed)) throw new RangeError('columns.json is not a columns file');
  // Typed array views need their alignment; a Buffer from a pool may not have it.
  const aligned = bin.byteOffset % 8 === 0 ? bin : Buffer.from(bin);
  let at = aligned.byteOffset;
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number, width: number): T => {
    if (at + length * width > aligned.byteOffset + aligned.length) throw new RangeError('columns.bin is shorter than columns.json says');
    const array = make(aligned.buffer, at, length);
    at += length * width;
    return array;
  };
  const timestamps = take((buffer, offset, length) => new Float64Array(buffer, offset, length), count, 8);
  const terms: Record<string, SavedTermColumn> = {};
  for (const field of fields) {
    const saved = json.terms[field];
    if (saved === undefined) throw new RangeError(`columns.json has no ${field} column`);
    const starts = take((buffer, offset, length) => new Uint32Array(buffer, offset, length), count + 1, 4);
    const valueIds = take((buffer, offset, length) => new Uint32Array(buffer, offset, length), saved.valueIds, 4);
    terms[field] = { values: saved.values, starts, valueIds };
  }
  if (at !== aligned.byteOffset + aligned.length) throw new RangeError('columns.bin is longer than columns.json says');
  return { count, removed: json.removed, terms, timestamps };
}

/** Each article's id (null once removed) as ids.jsonl. */
export function encodeIds(ids: readonly (string | null)[]): Buffer {
  return Buffer.from(ids.map((id) => `${JSON.stringify(id)}\n`).join(''), 'utf8');
}

// The columns file of formats 7 and 8: ids and timestamps (null for NaN: undated or removed) by article number.
interface JsonColumns {
  ids: (string | null)[];
  timestamps: (number | null)[];
  terms: Record<string, SavedTermColumn>;
}

/** Reads the columns.json of formats 7 and 8 (everything in one JSON file). */
export function decodeJsonColumns(text: string): { columns: StoreColumns; ids: (string | null)[] } {
  const json = JSON.parse(text) as JsonColumns;
  const count = json.ids.length;
  if (json.timestamps.length !== count) throw new RangeError(`${json.timestamps.length} timestamps for ${count} articles`);
  const timestamps = Float64Array.from(json.timestamps, (time) => time ?? Number.NaN);
  const removed: number[] = [];
  json.ids.forEach((id, doc) => {
    if (id === null) removed.push(doc);
  });
  return { columns: { count, removed, timestamps, terms: json.terms }, ids: json.ids };
}
