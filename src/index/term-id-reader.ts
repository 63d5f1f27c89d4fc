import { isAsciiLetterOrDigit, wordEndAt } from '../analysis/tokenize.js';
import { FNV_OFFSET, FNV_PRIME } from './fnv.js';
import { grown } from './grown.js';

/** A growable list of 32-bit integers, reused from article to article. */
export class IntList {
  values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, this.values.length * 2);
    this.values[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  /** The values pushed so far (a view: valid until the next push or clear). */
  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

const STOP_WORD = -1;

// What each UTF-16 code unit is to the scan: an ASCII character no word holds, an ASCII letter or
// digit, or anything else (a word's or not by the tokenizer's rule). Read from a table: three
// comparisons a character took 7.2 ns, the table 5.6 (over Reuters' text, on the 2-core Xeon).
const NOT_WORD = 0;
const ASCII_WORD = 1;
const UNIT_KINDS = unitKinds();

function unitKinds(): Uint8Array {
  const kinds = new Uint8Array(0x10000).fill(2);
  for (let code = 0; code < 0x80; code++) kinds[code] = isAsciiLetterOrDigit(code) ? ASCII_WORD : NOT_WORD;
  return kinds;
}
// Longer words are rare (and some are not words at all): they take the ordinary path.
const MAX_CACHED_LENGTH = 48;
// Beyond this many word forms (a table of 60 to 250 MB, by their lengths), new forms take the ordinary path.
const MAX_ENTRIES = 1 << 21;
// Plain ASCII words of up to this many characters are their own key: packed a byte a character
// into two integers held in the slot. Nine in ten words of Reuters' text are.
const PACKED_LENGTH = 8;

/**
 * Reads a text's words straight into term ids with their offsets, as analysing the text
 * and looking each term up would give them, without making a string per word.
 *
 * Splitting, normalising, stemming and looking terms up took two thirds of a build
 * (string slices hashed into two maps per word). Most words of a corpus are forms seen
 * before, so this keeps a hash table from each form as written (its UTF-16 code units, A-Z
 * lower-cased) to its term id. A plain ASCII word ends at the first ASCII character that is
 * not a letter or digit, as `splitWords` would end it; anything else (a non-ASCII letter, an
 * apostrophe) is left to the tokenizer's own rule. Words the table does not hold go through
 * `termOf` and `idOf` once and are remembered.
 *
 * A short plain word is packed into two integers as it is scanned, and those are its key:
 * found by reading one slot, with nothing else to compare (comparing code units held elsewhere
 * was almost a third of the reading). Other forms are hashed (FNV-1a) and compared with their
 * code units, held in `chars`. Reuters' build on the 2-core Xeon, medians of 7 to 12 fresh
 * processes in turn, three times: 629 -> 571, 634 -> 602, 605 -> 574 ms.
 */
export class TermIdReader {
  // Open addressing, four words a slot: 2 + the form's term id (0: empty; 1: a stop word), its
  // hash, and either its packed characters (low, high; low is never 0) or 0 and its entry's number.
  private slots = new Int32Array(0);
  // Two words an entry (forms not packed): where its code units start in `chars`, how many.
  private entries = new Int32Array(0);
  private chars = new Uint16Array(0);
  private charsUsed = 0;
  private count = 0;
  private entryCount = 0;

  constructor(
    /** A word's index term, or null for a stop word (the analyzer's termOf). */
    private readonly termOf: (word: string) => string | null,
    /** The id of an index term, given one if it is new. */
    private readonly idOf: (term: string) => number,
    /** How many word forms to remember at most. */
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    // Sized here, not where declared: V8 compiles code that takes a field stored once for a
    // constant, and threw that code away when a table first grew (a lazy deoptimisation, seen with --trace-deopt).
    this.slots = new Int32Array(4 << 16);
    this.entries = new Int32Array(2 << 15);
    this.chars = new Uint16Array(1 << 18);
  }

  /**
   * Appends the term id (and, given `starts`, the start offset) of each of the text's words, stop
   * words left out; returns how many. Given `initials` (see `initialsOf`), a word whose first
   * character is ASCII and not one of them is passed over unread: analysing keeps that character
   * (lower-cased), so its term could not start with one of them.
   */
  read(text: string, ids: IntList, starts?: IntList, initials?: Uint8Array): number {
    const before = ids.length;
    const length = text.length;
    let at = 0;
    while (at < length) {
      const code = text.charCodeAt(at);
      const kind = UNIT_KINDS[code];
      if (kind === NOT_WORD) {
        at++;
        continue;
      }
      let end = at;
      let low = 0;
      let high = 0;
      if (kind === ASCII_WORD) {
        while (end < length) {
          const next = text.charCodeAt(end);
          if (UNIT_KINDS[next] !== ASCII_WORD) break;
          // An ASCII letter or digit with 0x20 set is itself lower-cased (digits have it already).
          const shift = (end - at) << 3;
          if (shift < 32) low |= (next | 0x20) << shift;
          else if (shift < 64) high |= (next | 0x20) << (shift - 32);
          end++;
        }
      }
      const plain = end > at && (end === length || (text.charCodeAt(end) < 0x80 && text.charCodeAt(end) !== 0x27));
      if (!plain) {
        end = wordEndAt(text, at);
        if (end === at) {
          // Not a word character (half of a surrogate pair is never one on its own).
          at++;
          continue;
        }
        low = packed(text, at, end, 0);
        high = packed(text, at, end, 4);
      }
      if (initials !== undefined && code < 0x80 && initials[code | 0x20] !== 1) {
        at = end;
        continue;
      }
      const id = end - at <= PACKED_LENGTH && low !== 0 ? this.idOfPacked(text, at, end, low, high) : this.idOfForm(text, at, end);
      if (id !== STOP_WORD) {
        ids.push(id);
        starts?.push(at);
      }
      at = end;
    }
    return ids.length - before;
  }

  private idOfPacked(text: string, start: number, end: number, low: number, high: number): number {
    const hash = mixed(low, high);
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[4 * slot] as number;
      if (held === 0) return this.remembered(slot, text, start, end, hash, low, high);
      if (slots[4 * slot + 2] === low && slots[4 * slot + 3] === high) return held - 2;
    }
  }

  private idOfForm(text: string, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) return this.analysedId(text.slice(start, end));
    const hash = hashOf(text, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[4 * slot] as number;
      if (held === 0) return this.remembered(slot, text, start, end, hash, 0, 0);
      if (slots[4 * slot + 1] === hash && slots[4 * slot + 2] === 0 && this.sameForm(slots[4 * slot + 3] as number, text, start, length))
        return held - 2;
    }
  }

  // A form not seen before: analysed, and remembered in the empty slot its probe ended at.
  private remembered(slot: number, text: string, start: number, end: number, hash: number, low: number, high: number): number {
    const id = this.analysedId(text.slice(start, end));
    if (this.count >= this.maxEntries) return id;
    const slots = this.slots;
    slots[4 * slot] = id + 2;
    slots[4 * slot + 1] = hash;
    slots[4 * slot + 2] = low;
    slots[4 * slot + 3] = low === 0 ? this.entry(text, start, end - start) : high;
    // Open addressing stays fast while at most half the slots are taken.
    if (++this.count * 8 > slots.length) this.rehash();
    return id;
  }

  private analysedId(word: string): number {
    const term = this.termOf(word);
    return term === null ? STOP_WORD : this.idOf(term);
  }

  private sameForm(entry: number, text: string, start: number, length: number): boolean {
    if (this.entries[2 * entry + 1] !== length) return false;
    const from = this.entries[2 * entry] as number;
    for (let i = 0; i < length; i++) if (this.chars[from + i] !== caseFolded(text.charCodeAt(start + i))) return false;
    return true;
  }

  // Holds a form's code units (case-folded); returns its entry's number.
  private entry(text: string, start: number, length: number): number {
    if (2 * (this.entryCount + 1) > this.entries.length) this.entries = grown(this.entries, this.entries.length * 2);
    if (this.charsUsed + length > this.chars.length)
      this.chars = grown(this.chars, Math.max(this.chars.length * 2, this.charsUsed + length));
    for (let i = 0; i < length; i++) this.chars[this.charsUsed + i] = caseFolded(text.charCodeAt(start + i));
    const entry = this.entryCount++;
    this.entries[2 * entry] = this.charsUsed;
    this.entries[2 * entry + 1] = length;
    this.charsUsed += length;
    return entry;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let slot = (old[at + 1] as number) & mask;
      while (slots[4 * slot] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(at, at + 4), 4 * slot);
    }
    this.slots = slots;
  }
}

// Characters `from` to `from + 3` of a short plain ASCII word, a byte each (lower-cased), the first
// in the low byte, as `read` packs them while scanning; 0 when the form is not one (too long, or a
// character that is not an ASCII letter or digit), so that a form's key does not depend on what
// follows it.
function packed(text: string, start: number, end: number, from: number): number {
  if (end - start > PACKED_LENGTH) return 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (UNIT_KINDS[code] !== ASCII_WORD) return 0;
    const shift = (i - start - from) << 3;
    if (shift >= 0 && shift < 32) value |= (code | 0x20) << shift;
  }
  return value;
}

// The slot a packed form hashes to: both halves mixed (murmur3's finaliser), as every bit of
// either may tell two forms apart.
function mixed(low: number, high: number): number {
  let hash = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * The first characters of `terms` as `read` filters words by them: 1 at each lower-case ASCII
 * letter or digit that starts one. A term starting with anything else marks nothing: a word
 * starting with a non-ASCII character is always read.
 */
export function initialsOf(terms: Iterable<string>): Uint8Array {
  const initials = new Uint8Array(128);
  for (const term of terms) {
    const first = term.charCodeAt(0);
    if (first < 0x80) initials[first] = 1;
  }
  return initials;
}

// FNV-1a over case-folded UTF-16 code units: the hash of a form not packed.
function hashOf(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ caseFolded(text.charCodeAt(i)), FNV_PRIME);
  return hash;
}

// A code unit with A-Z lower-cased. Words that differ only there analyse to the same term
// (analysing starts with toLowerCase, whose one rule that looks at neighbours, Greek final
// sigma, sees a cased letter either way), so "OIL", "Oil" and "oil" are one form: one entry and
// one stemming. Reuters' capitalised headlines made a quarter of its forms (64,250 -> 47,883).
function caseFolded(code: number): number {
  return code >= 65 && code <= 90 ? code | 0x20 : code;
}
