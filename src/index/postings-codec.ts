import { endianness } from 'node:os';
import type MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';

/**
 * MiniSearch's inverted index in a compact binary form, loaded straight into its
 * maps. Why: on Reuters-21578 (34,501 terms, 1.25 M postings) `JSON.parse` plus
 * `MiniSearch.loadJS` took 2.5 s (loadJSON the same, loadJSONAsync 3.9 s, msgpackr
 * slower than JSON.parse), most of it turning `{"docId": freq}` objects into Maps with
 * parseInt; decoding this form takes 0.6 s (scripts/bench-index-load.ts).
 *
 * Layout: the terms as a JSON array (in the text index file), and one Int32 stream,
 * little-endian: for each term, its number of fields, then per field
 * `fieldId, postingCount, (docId, termFrequency) × postingCount`.
 */
export interface EncodedPostings {
  terms: string[];
  postings: Int32Array;
}

type FieldPostings = Map<number, Map<number, number>>;
// The one MiniSearch internal this relies on: its radix tree of term -> field -> doc -> frequency.
interface MiniSearchInternals {
  _index?: { set(term: string, fields: FieldPostings): unknown };
}

/** Splits MiniSearch's serialized form into its index (encoded) and everything else. */
export function encodePostings(plain: AsPlainObject): { rest: AsPlainObject; encoded: EncodedPostings } {
  const terms: string[] = [];
  let length = 0;
  for (const [, fields] of plain.index) {
    length += 1;
    for (const docs of Object.values(fields)) length += 2 + 2 * Object.keys(docs).length;
  }
  const postings = new Int32Array(length);
  let at = 0;
  for (const [term, fields] of plain.index) {
    terms.push(term);
    const fieldIds = Object.keys(fields);
    postings[at++] = fieldIds.length;
    for (const fieldId of fieldIds) {
      const docs = fields[fieldId as unknown as number] ?? {};
      const docIds = Object.keys(docs);
      postings[at++] = Number(fieldId);
      postings[at++] = docIds.length;
      for (const docId of docIds) {
        postings[at++] = Number(docId);
        postings[at++] = docs[docId as unknown as number] ?? 0;
      }
    }
  }
  return { rest: { ...plain, index: [] }, encoded: { terms, postings } };
}

/** Loads encoded postings into a MiniSearch made by `loadJS` from the `rest` of `encodePostings`. */
export function decodePostingsInto(miniSearch: MiniSearch<unknown>, encoded: EncodedPostings): void {
  const index = (miniSearch as unknown as MiniSearchInternals)._index;
  if (typeof index?.set !== 'function') throw new Error('this MiniSearch version keeps its index differently: rebuild the index');
  const { terms, postings } = encoded;
  let at = 0;
  const next = () => {
    const value = postings[at++];
    if (value === undefined) throw new Error('postings end early');
    return value;
  };
  for (const term of terms) {
    const fields: FieldPostings = new Map();
    for (let fieldCount = next(); fieldCount > 0; fieldCount--) {
      const fieldId = next();
      const docs = new Map<number, number>();
      for (let docCount = next(); docCount > 0; docCount--) docs.set(next(), next());
      fields.set(fieldId, docs);
    }
    index.set(term, fields);
  }
  if (at !== postings.length) throw new Error('postings hold more than their terms');
}

/** The stream as bytes to write (little-endian, the byte order of every platform Node runs on). */
export function postingsToBytes(postings: Int32Array): Buffer {
  assertLittleEndian();
  return Buffer.from(postings.buffer, postings.byteOffset, postings.byteLength);
}

/** Bytes read from disk as the Int32 stream; copied when the buffer is not 4-byte aligned. */
export function postingsFromBytes(bytes: Buffer): Int32Array {
  assertLittleEndian();
  if (bytes.byteLength % 4 !== 0) throw new Error(`postings file has ${bytes.byteLength} bytes, not a multiple of 4`);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('Gazette indexes are little-endian; this machine is not');
}
