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
 * an open-addressing table of numbers: one pass over the bytes, a few hundred megabytes read
 * once. A lookup hashes the id as `JSON.stringify` writes it, which is how the file was
 * written (`encodeIds`), and compares bytes.
 */
export class IdTable {
  // The saved part: the file's bytes, made into a table when first looked in.
  private readonly bytes: Buffer;
  private readonly savedCount: number;
  private lineStarts: Uint32Array | Float64Array | undefined;
  // Open addressing, two words a slot: 1 + the article's number (0: empty), and its line's hash.
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
      if (this.removedSaved.size === 0) parts.push(this.bytes);
      else {
        const { starts } = this.table();
        let from = 0;
        for (const doc of [...this.removedSaved].sort((a, b) => a - b)) {
          parts.push(this.bytes.subarray(from, starts[doc]), Buffer.from('null\n'));
          from = starts[doc + 1] as number;
        }
        parts.push(this.bytes.subarray(from));
      }
    }
    parts.push(Buffer.from(this.added.map((id) => `${JSON.stringify(id)}\n`).join(''), 'utf8'));
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
      if (slots[2 * slot + 1] === hash && this.lineIs(starts[doc] as number, (starts[doc + 1] as number) - 1, key)) return doc;
    }
  }

  private lineIs(start: number, end: number, key: Buffer): boolean {
    if (end - start !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (this.bytes[start + i] !== key[i]) return false;
    return true;
  }

  // One pass over the saved bytes: where each line starts, and each id's line in the table.
  private table(): { starts: Uint32Array | Float64Array; slots: Int32Array } {
    if (this.lineStarts !== undefined && this.slots !== undefined) return { starts: this.lineStarts, slots: this.slots };
    const bytes = this.bytes;
    const starts = bytes.length < 2 ** 32 ? new Uint32Array(this.savedCount + 1) : new Float64Array(this.savedCount + 1);
    // Linear probing stays short (three or four probes for an id not there) with the slots at most 60 % taken.
    const slots = new Int32Array(2 * 2 ** Math.ceil(Math.log2(Math.max(2, this.savedCount / 0.6))));
    const mask = (slots.length >> 1) - 1;
    let lines = 0;
    let start = 0;
    let hash = FNV_OFFSET;
    for (let at = 0; at < bytes.length; at++) {
      const byte = bytes[at] as number;
      if (byte !== NEWLINE) {
        hash = Math.imul(hash ^ byte, FNV_PRIME);
        continue;
      }
      if (lines === this.savedCount) throw new RangeError(`ids.jsonl holds more than ${this.savedCount} ids`);
      starts[lines] = start;
      if (hash !== NULL_HASH || !this.lineIs(start, at, NULL_LINE)) {
        let slot = hash & mask;
        while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
        slots[2 * slot] = lines + 1;
        slots[2 * slot + 1] = hash;
      }
      lines++;
      start = at + 1;
      hash = FNV_OFFSET;
    }
    if (lines !== this.savedCount || start !== bytes.length) {
      throw new RangeError(`ids.jsonl holds ${lines}${start === bytes.length ? '' : ' whole'} ids, not ${this.savedCount}`);
    }
    starts[lines] = start;
    this.lineStarts = starts;
    this.slots = slots;
    return { starts, slots };
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const NULL_HASH = hashOf(NULL_LINE, 0, NULL_LINE.length);

// FNV-1a over bytes, as `table` computes it while scanning a line.
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash;
}
