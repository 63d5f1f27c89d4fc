import { FNV_OFFSET, FNV_PRIME } from './fnv.js';
import { encodeIds } from './store-files.js';

const NEWLINE = 0x0a;
const NULL_LINE = Buffer.from('null');

/**
 * Every article's id by number, and the number of a live id: the ids an opened index saved
 * (ids.jsonl, each a JSON line, `null` once removed) kept as the file's bytes, and those added
 * since as strings.
 *
 * The first write to an opened index looks ids up. Parsing ten million lines into strings and
 * a Map of them took 29 s at ten million articles (a Map's entries 40 %, the lines' JSON.parse
 * 43 %, at one million), and held a gigabyte. Here a line is found by a hash of its bytes in
 * an open-addressing table of numbers, made in two passes: the bytes read once, then the
 * hashes set in the table (one pass doing both took 3.3 s for ten million ids, two take
 * 1.5-2.5 s: the table's random writes stalled the scan). A lookup hashes the id as `JSON.stringify` writes it, which is how the file was
 * written (`encodeIds`), and compares bytes.
 */
export class IdTable {
  // The saved part: the file's bytes, made into a table when first looked in.
  private readonly bytes: Buffer;
  private readonly savedCount: number;
  private lineStarts: Uint32Array | Float64Array | undefined;
  // Each live saved id's line by its hash (slotsOf).
  private slots: Int32Array | undefined;
  // Numbers whose saved id was removed since: their lines still say the id.
  private readonly removedSaved = new Set<number>();
  // Ids added since, by number from `savedCount` on (null once removed), and the live ones' numbers.
  private readonly added: (string | null)[] = [];
  private readonly addedNumbers = new Map<string, number>();

  /** `bytes`: ids.jsonl as `encodeIds` wrote it for `savedCount` articles (checked when first read). */
  constructor(bytes: Buffer = Buffer.alloc(0), savedCount = 0) {
    this.bytes = bytes;
    this.savedCount = savedCount;
  }

  /** How many numbers were given, removed ones included. */
  get count(): number {
    return this.savedCount + this.added.length;
  }

  /** Gives the next number to this id (null: a hole kept for a removed article). */
  push(id: string | null): number {
    const doc = this.count;
    this.added.push(id);
    if (id !== null) this.addedNumbers.set(id, doc);
    return doc;
  }

  /** Forgets the id of this number; the number is not given again. */
  remove(doc: number): void {
    if (doc >= this.savedCount) {
      const id = this.added[doc - this.savedCount];
      if (id !== null && id !== undefined) this.addedNumbers.delete(id);
      this.added[doc - this.savedCount] = null;
      return;
    }
    this.removedSaved.add(doc);
  }

  /** The number of the live article with this id. */
  numberOf(id: string): number | undefined {
    const added = this.addedNumbers.get(id);
    if (added !== undefined) return added;
    if (this.savedCount === 0) return undefined;
    const doc = this.savedNumberOf(Buffer.from(JSON.stringify(id), 'utf8'));
    return doc === undefined || this.removedSaved.has(doc) ? undefined : doc;
  }

  /**
   * Finds where each saved id's line starts, as idOf would the first time it is asked; with
   * `lookups`, also makes the table numberOf reads (16 MB at a million ids), which every write
   * looks in: about 0.1 s at a million ids, paid by the first write otherwise.
   */
  warm(lookups = false): void {
    if (this.savedCount === 0) return;
    if (lookups) this.table();
    else this.savedStarts();
  }

  /** The id of a live article by number, or undefined (removed, or never given). */
  idOf(doc: number): string | undefined {
    if (doc >= this.savedCount) return this.added[doc - this.savedCount] ?? undefined;
    if (doc < 0 || this.removedSaved.has(doc)) return undefined;
    const starts = this.savedStarts();
    return (JSON.parse(this.bytes.toString('utf8', starts[doc], (starts[doc + 1] as number) - 1)) as string | null) ?? undefined;
  }

  /** Every live id, in order of number. */
  *liveIds(): IterableIterator<string> {
    const starts = this.savedCount === 0 ? undefined : this.table().starts;
    for (let doc = 0; doc < this.savedCount; doc++) {
      if (this.removedSaved.has(doc)) continue;
      const id = JSON.parse(this.bytes.toString('utf8', starts?.[doc], (starts?.[doc + 1] as number) - 1)) as string | null;
      if (id !== null) yield id;
    }
    for (const id of this.added) if (id !== null) yield id;
  }

  /** ids.jsonl for every number: the saved lines copied as they are, removed ones as `null`. */
  encode(): Buffer {
    if (this.savedCount === 0 && this.added.length === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    if (this.savedCount > 0) {
      // Read once at least, so that ids that do not fit their articles are not saved again as they are.
      const { starts } = this.table();
      if (this.removedSaved.size === 0) parts.push(this.bytes);
      else {
        let from = 0;
        for (const doc of [...this.removedSaved].sort((a, b) => a - b)) {
          parts.push(this.bytes.subarray(from, starts[doc]), Buffer.from('null\n'));
          from = starts[doc + 1] as number;
        }
        parts.push(this.bytes.subarray(from));
      }
    }
    parts.push(encodeIds(this.added));
    return Buffer.concat(parts);
  }

  private savedNumberOf(key: Buffer): number | undefined {
    const { starts, slots } = this.table();
    const hash = hashOf(key, 0, key.length);
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot] as number;
      if (held === 0) return undefined;
      const doc = held - 1;
      if (slots[2 * slot + 1] === hash && lineIs(this.bytes, starts[doc] as number, (starts[doc + 1] as number) - 1, key)) return doc;
    }
  }

  // Where each saved line starts (and where the last ends): made when first needed, without
  // the table, so that showing a page's ids does not make the table a write needs.
  private savedStarts(): Uint32Array | Float64Array {
    this.lineStarts ??= linesOf(this.bytes, this.savedCount).starts;
    return this.lineStarts;
  }

  // Where each saved line starts, and each id's line in the table: made when first needed.
  private table(): { starts: Uint32Array | Float64Array; slots: Int32Array } {
    if (this.lineStarts === undefined || this.slots === undefined) {
      const { starts, hashes } = linesOf(this.bytes, this.savedCount);
      this.lineStarts = starts;
      this.slots = slotsOf(this.bytes, starts, hashes);
    }
    return { starts: this.lineStarts, slots: this.slots };
  }
}

// One pass over ids.jsonl: where each line starts (and where the last ends), and its hash.
function linesOf(bytes: Buffer, count: number): { starts: Uint32Array | Float64Array; hashes: Int32Array } {
  const starts = bytes.length < 2 ** 32 ? new Uint32Array(count + 1) : new Float64Array(count + 1);
  const hashes = new Int32Array(count);
  let lines = 0;
  let start = 0;
  let hash = FNV_OFFSET;
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at] as number;
    if (byte !== NEWLINE) {
      hash = Math.imul(hash ^ byte, FNV_PRIME);
      continue;
    }
    if (lines === count) throw new RangeError(`ids.jsonl holds more than ${count} ids`);
    starts[lines] = start;
    hashes[lines] = hash;
    lines++;
    start = at + 1;
    hash = FNV_OFFSET;
  }
  if (lines !== count || start !== bytes.length) {
    throw new RangeError(`ids.jsonl holds ${lines}${start === bytes.length ? '' : ' whole'} ids, not ${count}`);
  }
  starts[lines] = start;
  return { starts, hashes };
}

// Open addressing, two words a slot: 1 + the line's number (0: empty), and its hash, so that
// most probes of a lookup are settled without reading the line. Removed ids (`null`) are left out.
function slotsOf(bytes: Buffer, starts: Uint32Array | Float64Array, hashes: Int32Array): Int32Array {
  // Linear probing stays short (three or four probes for an id not there) with the slots at most 60 % taken.
  const slots = new Int32Array(2 * 2 ** Math.ceil(Math.log2(Math.max(2, hashes.length / 0.6))));
  const mask = (slots.length >> 1) - 1;
  for (let line = 0; line < hashes.length; line++) {
    const hash = hashes[line] as number;
    if (hash === NULL_HASH && lineIs(bytes, starts[line] as number, (starts[line + 1] as number) - 1, NULL_LINE)) continue;
    let slot = hash & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = line + 1;
    slots[2 * slot + 1] = hash;
  }
  return slots;
}

function lineIs(bytes: Buffer, start: number, end: number, key: Buffer): boolean {
  return end - start === key.length && bytes.compare(key, 0, key.length, start, end) === 0;
}

const NULL_HASH = hashOf(NULL_LINE, 0, NULL_LINE.length);

// FNV-1a over bytes, as `linesOf` computes it while scanning a line.
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash;
}
