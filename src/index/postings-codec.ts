import { endianness } from 'node:os';
import type MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/**
 * MiniSearch's inverted index (Gazette's index of authors and tags) in a compact binary
 * form, loaded straight into its maps. Why: when MiniSearch held all of Reuters-21578's
 * text (34,501 terms, 1.25 M postings), `JSON.parse` plus `MiniSearch.loadJS` took 2.5 s
 * (loadJSON the same, loadJSONAsync 3.9 s, msgpackr slower than JSON.parse), most of it
 * turning `{"docId": freq}` objects into Maps with parseInt; decoding this form took
 * 0.6 s, and decoding it lazily, term by term as queries read them, 0.06 s.
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
  _index?: SearchableMap<FieldPostings>;
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

/**
 * Loads encoded postings into a MiniSearch made by `loadJS` from the `rest` of `encodePostings`.
 * Nothing is decoded that a query does not read: each term's postings stay encoded until
 * something reads them, and MiniSearch's radix tree of terms is built only when something
 * needs more than a term's postings (prefix or fuzzy search, an update). On Reuters-21578,
 * decoding all 1.25 M postings into Maps took 0.2 s of every start and building the tree
 * of its 34,501 terms 0.16 s; a query reads a handful of terms. The stream's structure is
 * checked here, whole, so that a damaged file fails now rather than at a query.
 */
export function decodePostingsInto(miniSearch: MiniSearch<unknown>, encoded: EncodedPostings): void {
  const internals = miniSearch as unknown as MiniSearchInternals;
  if (typeof internals._index?.set !== 'function' || internals._index.size !== 0) {
    throw new Error('this MiniSearch version keeps its index differently: rebuild the index');
  }
  const { terms, postings } = encoded;
  const byTerm = new Map<string, FieldPostings>();
  let at = 0;
  const next = () => {
    const value = postings[at++];
    if (value === undefined) throw new Error('postings end early');
    if (value < 0) throw new Error(`postings hold a negative count or id (${value})`);
    return value;
  };
  for (const term of terms) {
    const start = at;
    for (let fieldCount = next(); fieldCount > 0; fieldCount--) {
      next();
      const docCount = next();
      at += 2 * docCount;
      if (at > postings.length) throw new Error('postings end early');
    }
    byTerm.set(term, new LazyFieldPostings(postings, start));
  }
  if (at !== postings.length) throw new Error('postings hold more than their terms');
  internals._index = new LazyTermTree(byTerm) as unknown as SearchableMap<FieldPostings>;
}

/**
 * MiniSearch's radix tree of terms, built on first use from a Map of the same terms
 * (inserted in the same order, so the tree is the one a full decode built). Until
 * then, looking a term up (all that scoring does) reads the Map.
 */
class LazyTermTree {
  private byTerm: Map<string, FieldPostings> | undefined;
  private built: SearchableMap<FieldPostings> | undefined;

  constructor(byTerm: Map<string, FieldPostings>) {
    this.byTerm = byTerm;
  }

  private tree(): SearchableMap<FieldPostings> {
    if (this.built !== undefined) return this.built;
    const tree = new SearchableMap<FieldPostings>();
    for (const [term, fields] of this.byTerm ?? []) tree.set(term, fields);
    this.built = tree;
    this.byTerm = undefined;
    return tree;
  }

  get(term: string): FieldPostings | undefined {
    return this.byTerm !== undefined ? this.byTerm.get(term) : this.tree().get(term);
  }
  has(term: string): boolean {
    return this.byTerm !== undefined ? this.byTerm.has(term) : this.tree().has(term);
  }
  get size(): number {
    return this.byTerm !== undefined ? this.byTerm.size : this.tree().size;
  }
  set(term: string, fields: FieldPostings): this {
    this.tree().set(term, fields);
    return this;
  }
  fetch(term: string, initial: () => FieldPostings): FieldPostings {
    return this.tree().fetch(term, initial);
  }
  update(term: string, change: (fields: FieldPostings | undefined) => FieldPostings): this {
    this.tree().update(term, change);
    return this;
  }
  delete(term: string): void {
    this.tree().delete(term);
  }
  clear(): void {
    this.tree().clear();
  }
  atPrefix(prefix: string): SearchableMap<FieldPostings> {
    return this.tree().atPrefix(prefix);
  }
  fuzzyGet(term: string, maxEditDistance: number): ReturnType<SearchableMap<FieldPostings>['fuzzyGet']> {
    return this.tree().fuzzyGet(term, maxEditDistance);
  }
  forEach(callback: (term: string, fields: FieldPostings, map: SearchableMap) => void): void {
    this.tree().forEach(callback);
  }
  keys(): ReturnType<SearchableMap<FieldPostings>['keys']> {
    return this.tree().keys();
  }
  values(): ReturnType<SearchableMap<FieldPostings>['values']> {
    return this.tree().values();
  }
  entries(): ReturnType<SearchableMap<FieldPostings>['entries']> {
    return this.tree().entries();
  }
  [Symbol.iterator](): ReturnType<SearchableMap<FieldPostings>['entries']> {
    return this.tree().entries();
  }
}

/**
 * One term's postings, field id -> (short document id -> term frequency), as MiniSearch
 * keeps them, decoded from the stream on first use. A Map to everything that reads or
 * changes it (MiniSearch and the scorer use only Map's methods).
 */
class LazyFieldPostings implements Map<number, Map<number, number>> {
  private readonly fields = new Map<number, Map<number, number>>();
  // The stream and where this term's entry starts; dropped once decoded.
  private stream: Int32Array | undefined;
  private readonly start: number;

  constructor(stream: Int32Array, start: number) {
    this.stream = stream;
    this.start = start;
  }

  private decoded(): Map<number, Map<number, number>> {
    const stream = this.stream;
    if (stream === undefined) return this.fields;
    this.stream = undefined;
    // The structure was checked when the index was loaded: every read below is in bounds.
    let at = this.start;
    for (let fieldCount = stream[at++] as number; fieldCount > 0; fieldCount--) {
      const fieldId = stream[at++] as number;
      const docs = new Map<number, number>();
      for (let docCount = stream[at++] as number; docCount > 0; docCount--, at += 2)
        docs.set(stream[at] as number, stream[at + 1] as number);
      this.fields.set(fieldId, docs);
    }
    return this.fields;
  }

  get size(): number {
    return this.decoded().size;
  }
  get(fieldId: number): Map<number, number> | undefined {
    return this.decoded().get(fieldId);
  }
  has(fieldId: number): boolean {
    return this.decoded().has(fieldId);
  }
  set(fieldId: number, docs: Map<number, number>): this {
    this.decoded().set(fieldId, docs);
    return this;
  }
  delete(fieldId: number): boolean {
    return this.decoded().delete(fieldId);
  }
  clear(): void {
    this.stream = undefined;
    this.fields.clear();
  }
  forEach(callback: (docs: Map<number, number>, fieldId: number, map: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    for (const [fieldId, docs] of this.decoded()) callback.call(thisArg, docs, fieldId, this);
  }
  keys(): MapIterator<number> {
    return this.decoded().keys();
  }
  values(): MapIterator<Map<number, number>> {
    return this.decoded().values();
  }
  entries(): MapIterator<[number, Map<number, number>]> {
    return this.decoded().entries();
  }
  [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.decoded().entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
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
