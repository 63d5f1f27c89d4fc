// Over 400 lines, for a reason: recording, reading, inverting and saving the records all read
// records laid out one way, at addresses that run from the loaded words into the pool (and
// formats 7-8's layout on the way in); apart, each would re-derive both.
import { grown } from './grown.js';
import { HeldFile } from './held-file.js';
import { holdsInRow } from './in-row.js';
import { int32FromBytes } from './int32-bytes.js';
import { type InvertedText, packCounts } from './inverted-text.js';
import { countRecordTerms, placeRecordTerms } from './record-inversion.js';

/** A build's forward index records in their temporary file (ForwardIndex.spilling), to invert and save. */
export interface SpilledRecords {
  file: HeldFile;
  /** Where record `doc` starts in the file, in Int32 words; one more entry than records. */
  recordStarts: Int32Array;
  vocabularySize: number;
}

/** An article's indexed words in text order: its title's and its body's terms. */
export interface ForwardEntry {
  /** The title's term ids. */
  title: Int32Array;
  /** The body's term ids. */
  body: Int32Array;
}

const MAGIC = 0x57465a47; // "GZFW", little-endian
// 2: title word offsets.
// 3: no word offsets (half of the file): the few articles a page shows are read again for their snippets.
const LAYOUT_VERSION = 3;
// Layout 2 (index formats 7 and 8) is read, its offsets dropped.
const LAYOUT_WITH_OFFSETS = 2;
const HEADER_WORDS = 3;
// Written over a removed article's title length.
const REMOVED = -1;
const NO_TERMS = new Int32Array(0);

/**
 * The forward index: for every article, the analysed terms of its title and body
 * in text order, as numbers. Phrase checks, the proximity re-rank and the inversion
 * read it instead of analysing articles again while answering. Where each word starts
 * is not kept (it doubled the index): snippets read the words of the page's articles again.
 *
 * Articles live record after record (`[title length, body length, title ids…, body ids…]`),
 * addressed by article number; saved and loaded as one array, so that opening an index
 * copies bytes and parses nothing. A loaded index's records stay in the file's words (the
 * base); articles added after go to a pool grown as they come, so that the first write after
 * opening does not copy the base (358 MB at a million articles: seconds, and twice the
 * memory). A record's address runs on from the base into the pool. Removed articles leave an
 * empty record until the next save compacts the records.
 */
export class ForwardIndex {
  private readonly terms: string[];
  private idByTerm: Map<string, number> | undefined;
  // Addresses below baseEnd are in base (a loaded file's words); from poolStart on, in pool.
  private readonly base: Int32Array;
  private readonly baseEnd: number;
  private pool: Int32Array;
  private used: number;
  // A build's records past `spillAt` words go to `spill`, from address 0 to poolStart (spilling()).
  private poolStart: number;
  private spill: HeldFile | undefined;
  private spillAt = Number.POSITIVE_INFINITY;
  // Record d spans the addresses [recordStarts[d], recordStarts[d + 1]); an empty span is an absent article.
  private recordStarts: Int32Array;
  private records: number;
  // Scratch for distinctTerms: the last call that saw each term id.
  private seen = new Int32Array(0);
  private seenMark = 0;

  private constructor(terms: string[], base: Int32Array, pool: Int32Array, recordStarts: Int32Array, records: number) {
    this.terms = terms;
    this.base = base;
    this.baseEnd = base.length;
    this.poolStart = base.length;
    this.pool = pool;
    this.used = 0;
    this.recordStarts = recordStarts;
    this.records = records;
  }

  static empty(): ForwardIndex {
    return new ForwardIndex([], NO_TERMS, new Int32Array(1 << 16), new Int32Array(1025), 0);
  }

  /**
   * An empty forward index for a build that holds at most about `poolWords` of records in
   * memory: the rest go to a temporary file as they come, read back only to invert and save
   * them (`spilledRecords`), so that a build's memory does not grow with its text. Its records
   * cannot be read otherwise: it is never searched.
   */
  static spilling(poolWords: number): ForwardIndex {
    const index = new ForwardIndex([], NO_TERMS, new Int32Array(poolWords + 1024), new Int32Array(1025), 0);
    index.spill = HeldFile.temporary('forward');
    index.spillAt = poolWords;
    return index;
  }

  // The words holding an address (the base or the pool), and where the address is in them.
  private wordsAt(address: number): Int32Array {
    return address < this.baseEnd ? this.base : this.pool;
  }

  private offsetOf(address: number): number {
    return address < this.baseEnd ? address : address - this.poolStart;
  }

  /**
   * Records an article under its number (numbers come in increasing order): the term ids
   * of its title then its body, `titleLength` of them the title's.
   */
  add(doc: number, titleLength: number, ids: Int32Array): void {
    while (this.records < doc) this.closeRecord();
    this.reserve(2 + ids.length);
    const pool = this.pool;
    pool[this.used] = titleLength;
    pool[this.used + 1] = ids.length - titleLength;
    pool.set(ids, this.used + 2);
    this.used += 2 + ids.length;
    this.closeRecord();
  }

  /** Whether a spilling index's pool holds its `poolWords` or more: `spillIfFull` would write them out. */
  get full(): boolean {
    return this.used >= this.spillAt;
  }

  /** Writes a spilling index's pool out to its file once full (a build calls it between articles). */
  spillIfFull(): void {
    if (this.full) this.spillPool();
  }

  /**
   * Replaces the provisional ids the pool holds (-2 and below, deferred-terms.ts) with term ids:
   * provisional id `p` becomes `termIds[-p - 2]`. Records' lengths are 0 or more and a removed
   * record's mark is -1, so that only ids are read as provisional.
   */
  resolveProvisional(termIds: Int32Array): void {
    const pool = this.pool;
    for (let at = 0; at < this.used; at++) {
      const word = pool[at] as number;
      if (word <= -2) pool[at] = termIds[-word - 2] as number;
    }
  }

  // Appends the pool's records to the spill file and empties the pool.
  private spillPool(): void {
    const spill = this.spill as HeldFile;
    const records = this.pool.subarray(0, this.used);
    spill.write(new Uint8Array(records.buffer, records.byteOffset, records.byteLength), spill.size);
    this.poolStart += this.used;
    this.used = 0;
  }

  /**
   * A spilling index's records, all in its file now (`spilling`): record `doc` is the words
   * `[recordStarts[doc], recordStarts[doc + 1])` of `file`. Undefined for an index in memory.
   */
  spilledRecords(): SpilledRecords | undefined {
    if (this.spill === undefined) return undefined;
    if (this.used > 0) this.spillPool();
    return { file: this.spill, recordStarts: this.recordStarts.subarray(0, this.records + 1), vocabularySize: this.terms.length };
  }

  /**
   * How many distinct terms the article's title and body hold together (0 when it is
   * absent), calling `visit` with each once.
   */
  distinctTerms(doc: number, visit?: (id: number) => void): number {
    if (this.recordLength(doc) === 0) return 0;
    if (this.seen.length < this.terms.length) this.seen = new Int32Array(Math.max(this.terms.length, 2 * this.seen.length));
    const seen = this.seen;
    const mark = ++this.seenMark;
    const address = this.recordStarts[doc] as number;
    const words = this.wordsAt(address);
    const start = this.offsetOf(address);
    const end = start + 2 + (words[start] as number) + (words[start + 1] as number);
    let distinct = 0;
    for (let at = start + 2; at < end; at++) {
      const id = words[at] as number;
      if (seen[id] === mark) continue;
      seen[id] = mark;
      distinct += 1;
      visit?.(id);
    }
    return distinct;
  }

  /** Forgets an article: its record reads as absent; the space is reclaimed when saved. */
  remove(doc: number): void {
    if (this.recordLength(doc) === 0) return;
    // Marked in place (its title length becomes REMOVED): moving its start would hand its
    // words to the record before it.
    const address = this.recordStarts[doc] as number;
    this.wordsAt(address)[this.offsetOf(address)] = REMOVED;
  }

  /** The article's terms, or undefined when it has none recorded (removed, or never added). */
  entry(doc: number): ForwardEntry | undefined {
    if (doc >= this.records) return undefined;
    if (this.recordLength(doc) === 0) return undefined;
    return { title: this.title(doc), body: this.body(doc) };
  }

  /**
   * True when the article's title or body holds `ids` as consecutive terms. Reads the
   * pool in place: a phrase query checks thousands of articles, and views cost an allocation each.
   */
  containsSequence(doc: number, field: 'title' | 'body', ids: Int32Array): boolean {
    if (ids.length === 0 || this.recordLength(doc) === 0) return false;
    const address = this.recordStarts[doc] as number;
    const pool = this.wordsAt(address);
    const start = this.offsetOf(address);
    const titleLength = pool[start] as number;
    const from = field === 'title' ? start + 2 : start + 2 + titleLength;
    const length = field === 'title' ? titleLength : (pool[start + 1] as number);
    return holdsInRow(pool, from, from + length, ids);
  }

  /**
   * The postings of every term (in the articles from `fromDoc` on), made from the records in two passes (count, then place):
   * the text is stored once, in text order, and inverting it costs a fraction of
   * building per-term maps article by article (docs/benchmarks.md, "Profiles behind the index's design").
   * Each posting holds the term's counts in the title and in the body apart (packCounts).
   */
  invert(fromDoc = 0): InvertedText {
    if (this.spill !== undefined) throw new Error('a spilling forward index is inverted from its file (invertSpilled)');
    const vocabularySize = this.terms.length;
    const starts = new Int32Array(vocabularySize + 1);
    // The last article each term was counted for: an article counts once per term.
    const lastDoc = new Int32Array(vocabularySize).fill(-1);
    for (let doc = fromDoc; doc < this.records; doc++) {
      const from = this.textStart(doc);
      if (from < 0) continue;
      const pool = this.wordsOfText(doc);
      countRecordTerms(pool, from, from + (pool[from - 2] as number) + (pool[from - 1] as number), doc, lastDoc, starts);
    }
    for (let id = 0; id < vocabularySize; id++) starts[id + 1] = (starts[id + 1] as number) + (starts[id] as number);
    // Only a whole inversion ends a build; a partial one (recent articles) comes while more arrive.
    // Trimmed before the postings are made, so that the pool's copy and the postings are never both being made.
    if (fromDoc === 0) this.trim();
    const docs = new Int32Array(starts[vocabularySize] as number);
    const frequencies = new Uint16Array(docs.length);
    lastDoc.fill(-1);
    const placement = {
      first: 0,
      next: starts.slice(0, vocabularySize),
      lastDoc,
      slot: new Int32Array(vocabularySize),
      docs,
      counts: frequencies,
    };
    for (let doc = fromDoc; doc < this.records; doc++) {
      const from = this.textStart(doc);
      if (from < 0) continue;
      const pool = this.wordsOfText(doc);
      const titleEnd = from + (pool[from - 2] as number);
      placeRecordTerms(pool, from, titleEnd, titleEnd + (pool[from - 1] as number), doc, placement);
    }
    return { starts, docs, frequencies, coveredDocs: this.records };
  }

  // Where the article's title ids start in its words (its body's follow), or -1 when it is absent.
  private textStart(doc: number): number {
    return this.recordLength(doc) === 0 ? -1 : this.offsetOf(this.recordStarts[doc] as number) + 2;
  }

  // The words holding the article's record (the base or the pool).
  private wordsOfText(doc: number): Int32Array {
    return this.wordsAt(this.recordStarts[doc] as number);
  }

  // The pool grows by doubling while articles are added; once they have been inverted
  // (the end of a build, as a rule) the unused half-pool is given back.
  private trim(): void {
    if (this.pool.length - this.used < this.pool.length / 8) return;
    this.pool = this.pool.slice(0, this.used);
    this.recordStarts = this.recordStarts.slice(0, this.records + 1);
  }

  /** How often term `id` occurs in the article's title and in its body, packed (inverted-text.ts). */
  countsOf(doc: number, id: number): number {
    if (this.recordLength(doc) === 0) return 0;
    const address = this.recordStarts[doc] as number;
    const pool = this.wordsAt(address);
    const start = this.offsetOf(address);
    const titleEnd = start + 2 + (pool[start] as number);
    const bodyEnd = titleEnd + (pool[start + 1] as number);
    let inTitle = 0;
    let inBody = 0;
    for (let at = start + 2; at < titleEnd; at++) if (pool[at] === id) inTitle += 1;
    for (let at = titleEnd; at < bodyEnd; at++) if (pool[at] === id) inBody += 1;
    return packCounts(inTitle, inBody);
  }

  /** The article's title as term ids (a view of the pool; empty when the article is absent). */
  title(doc: number): Int32Array {
    if (this.recordLength(doc) === 0) return NO_TERMS;
    const address = this.recordStarts[doc] as number;
    const words = this.wordsAt(address);
    const record = this.offsetOf(address);
    return words.subarray(record + 2, record + 2 + (words[record] as number));
  }

  /** The article's body as term ids (a view of the pool; empty when the article is absent). */
  body(doc: number): Int32Array {
    if (this.recordLength(doc) === 0) return NO_TERMS;
    const address = this.recordStarts[doc] as number;
    const words = this.wordsAt(address);
    const record = this.offsetOf(address);
    const start = record + 2 + (words[record] as number);
    return words.subarray(start, start + (words[record + 1] as number));
  }

  /** Whether the article has a record: it was added and not removed. */
  holds(doc: number): boolean {
    return this.recordLength(doc) !== 0;
  }

  /** How many terms the article's title holds (0 when it is absent). */
  titleLength(doc: number): number {
    return this.recordLength(doc) === 0 ? 0 : this.wordOf(doc, 0);
  }

  /** How many terms the article's body holds (0 when it is absent). */
  bodyLength(doc: number): number {
    return this.recordLength(doc) === 0 ? 0 : this.wordOf(doc, 1);
  }

  /** The number of terms in the article's title and body, or undefined when it is absent. */
  lengths(doc: number): { title: number; body: number } | undefined {
    if (this.recordLength(doc) === 0) return undefined;
    return { title: this.wordOf(doc, 0), body: this.wordOf(doc, 1) };
  }

  // Word `at` of the article's record (0: its title's length, 1: its body's).
  private wordOf(doc: number, at: number): number {
    const address = this.recordStarts[doc] as number;
    return this.wordsAt(address)[this.offsetOf(address) + at] as number;
  }

  /** Every article number below this may have a record. */
  get capacity(): number {
    return this.records;
  }

  /** Every term that has an id, at its id (terms of removed articles included). */
  get vocabulary(): readonly string[] {
    return this.terms;
  }

  /** The id of an index term, or -1 when no recorded article holds it (so that it matches nothing). */
  idOfTerm(term: string): number {
    return this.termIds().get(term) ?? -1;
  }

  /** How many distinct terms have ids: every id is below this. */
  get vocabularySize(): number {
    return this.terms.length;
  }

  /** The pool compacted (removed articles dropped) and the vocabulary, for saving. */
  toFiles(): { records: Buffer[]; vocabulary: Buffer } {
    if (this.spill !== undefined) throw new Error('a spilling forward index is saved from its file (spilledFiles)');
    const vocabulary = this.vocabularyBytes();
    if (this.isCompact()) return { records: this.recordsInPlace(), vocabulary };
    const starts = new Int32Array(this.records + 1);
    let length = 0;
    for (let doc = 0; doc < this.records; doc++) {
      starts[doc] = length;
      length += this.recordLength(doc);
    }
    starts[this.records] = length;
    const offset = HEADER_WORDS + starts.length;
    const words = new Int32Array(offset + length);
    words.set([MAGIC, LAYOUT_VERSION, this.records]);
    for (let doc = 0; doc <= this.records; doc++) words[HEADER_WORDS + doc] = offset + (starts[doc] as number);
    for (let doc = 0; doc < this.records; doc++) {
      const address = this.recordStarts[doc] as number;
      const from = this.offsetOf(address);
      words.set(this.wordsAt(address).subarray(from, from + this.recordLength(doc)), offset + (starts[doc] as number));
    }
    return { records: [Buffer.from(words.buffer, words.byteOffset, words.byteLength)], vocabulary };
  }

  /** Closes a spilling index's file (spilling), freeing its disk space; its records are gone then. */
  releaseSpill(): void {
    this.spill?.close();
  }

  /** A spilling index's files for saving, as toFiles writes them: its records are copied from their file. */
  spilledFiles(): { records: (Buffer | HeldFile)[]; vocabulary: Buffer } | undefined {
    const spilled = this.spilledRecords();
    if (spilled === undefined) return undefined;
    return { records: [this.recordsHead(), spilled.file], vocabulary: this.vocabularyBytes() };
  }

  private vocabularyBytes(): Buffer {
    return Buffer.from(this.terms.join('\n'), 'utf8');
  }

  // Whether every record follows the one before it, none removed: the base's and the pool's used
  // parts are then the file's records as they are (a build's pool, 358 MB at a million articles).
  private isCompact(): boolean {
    for (let doc = 0; doc < this.records; doc++) {
      if ((this.recordStarts[doc + 1] as number) - (this.recordStarts[doc] as number) !== this.recordLength(doc)) return false;
    }
    return true;
  }

  // The header and where each record starts, then the records as they lie: the base's, the pool's.
  private recordsInPlace(): Buffer[] {
    const first = this.recordStarts[0] as number;
    const end = this.recordStarts[this.records] as number;
    const parts = [this.base.subarray(Math.min(first, this.baseEnd), Math.min(end, this.baseEnd))];
    if (end > this.baseEnd) parts.push(this.pool.subarray(Math.max(first, this.baseEnd) - this.poolStart, end - this.poolStart));
    return [this.recordsHead(), ...parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength))];
  }

  // The file's header and where each record starts in it, for records that follow one another from the first.
  private recordsHead(): Buffer {
    const first = this.recordStarts[0] as number;
    const offset = HEADER_WORDS + this.records + 1;
    const head = new Int32Array(offset);
    head.set([MAGIC, LAYOUT_VERSION, this.records]);
    for (let doc = 0; doc <= this.records; doc++) head[HEADER_WORDS + doc] = offset + (this.recordStarts[doc] as number) - first;
    return Buffer.from(head.buffer);
  }

  /** Reads what `toFiles` wrote. Throws a RangeError that says what is wrong when the bytes are not such a file. */
  static fromFiles(records: Buffer | Int32Array, vocabulary: Buffer): ForwardIndex {
    if (records.byteLength % 4 !== 0 || records.byteLength < HEADER_WORDS * 4) {
      throw new RangeError(`the forward index has ${records.byteLength} bytes, not a whole number of records`);
    }
    // Int32Array views need 4-byte alignment; a Buffer from a pool may not have it.
    const words = int32FromBytes(records);
    const [magic, version, count] = words;
    if (magic !== MAGIC || (version !== LAYOUT_VERSION && version !== LAYOUT_WITH_OFFSETS)) {
      throw new RangeError('the forward index is not in a layout this Gazette reads');
    }
    if (count === undefined || count < 0 || HEADER_WORDS + count + 1 > words.length) {
      throw new RangeError(`the forward index claims ${count} articles, more than its size holds`);
    }
    const recordStarts = words.slice(HEADER_WORDS, HEADER_WORDS + count + 1);
    if (recordStarts[count] !== words.length) throw new RangeError('the forward index ends before its last record');
    const withOffsets = version === LAYOUT_WITH_OFFSETS;
    checkRecords(words, recordStarts, count, withOffsets ? 2 : 1);
    const terms = vocabulary.byteLength === 0 ? [] : vocabulary.toString('utf8').split('\n');
    if (withOffsets) return ForwardIndex.withoutOffsets(terms, words, recordStarts, count);
    return new ForwardIndex(terms, words, new Int32Array(1024), recordStarts, count);
  }

  // A layout-2 pool (each record followed by its words' offsets) copied without the offsets.
  private static withoutOffsets(terms: string[], words: Int32Array, recordStarts: Int32Array, count: number): ForwardIndex {
    const index = new ForwardIndex(terms, NO_TERMS, new Int32Array(Math.max(1024, words.length)), new Int32Array(count + 2), 0);
    for (let doc = 0; doc < count; doc++) {
      const start = recordStarts[doc] as number;
      if (start === recordStarts[doc + 1]) continue;
      const titleLength = words[start] as number;
      const length = titleLength + (words[start + 1] as number);
      index.add(doc, titleLength, words.subarray(start + 2, start + 2 + length));
    }
    while (index.records < count) index.closeRecord();
    index.trim();
    return index;
  }

  // How many words the article's record holds; 0 when it is absent or removed.
  private recordLength(doc: number): number {
    if (doc >= this.records) return 0;
    const start = this.recordStarts[doc] as number;
    const end = this.recordStarts[doc + 1] as number;
    return start === end || this.wordsAt(start)[this.offsetOf(start)] === REMOVED ? 0 : end - start;
  }

  private termIds(): Map<string, number> {
    if (this.idByTerm === undefined) this.idByTerm = new Map(this.terms.map((term, id) => [term, id]));
    return this.idByTerm;
  }

  /** The id of an index term, a new one if no article recorded so far holds it. */
  idOf(term: string): number {
    const ids = this.termIds();
    let id = ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      ids.set(term, id);
    }
    return id;
  }

  // Ends the current record: the next one starts where the pool's used part ends.
  private closeRecord(): void {
    this.records++;
    if (this.records + 1 > this.recordStarts.length) this.recordStarts = grown(this.recordStarts, this.recordStarts.length * 2);
    this.recordStarts[this.records] = this.poolStart + this.used;
  }

  private reserve(length: number): void {
    if (this.used + length <= this.pool.length) return;
    const grown = new Int32Array(Math.max(this.used + length, this.pool.length * 2));
    grown.set(this.pool.subarray(0, this.used));
    this.pool = grown;
  }
}

// Every record must lie inside the file, after the one before it, and be exactly as long
// as its two lengths say: a wrong length would make reads spill into the next article.
function checkRecords(words: Int32Array, recordStarts: Int32Array, count: number, wordsPerTerm: 1 | 2): void {
  const first = HEADER_WORDS + count + 1;
  for (let doc = 0; doc < count; doc++) {
    const start = recordStarts[doc] as number;
    const end = recordStarts[doc + 1] as number;
    if (start < first || end < start) throw new RangeError(`the forward index's record ${doc} is out of place`);
    if (start === end) continue;
    const titleLength = words[start] as number;
    const bodyLength = words[start + 1] as number;
    if (titleLength < 0 || bodyLength < 0 || end - start !== 2 + wordsPerTerm * (titleLength + bodyLength)) {
      throw new RangeError(`the forward index's record ${doc} does not match its lengths`);
    }
  }
}
