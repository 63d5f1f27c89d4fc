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

/**
 * Reads a text's words straight into term ids with their offsets, as analysing the text
 * and looking each term up would give them, without making a string per word.
 *
 * Splitting, normalising, stemming and looking terms up took two thirds of a build
 * (string slices hashed into two maps per word). Most words of a corpus are forms seen
 * before, so this keeps a hash table from each form as written (its UTF-16 code units, A-Z
 * lower-cased) to its term id, hashed while the word is scanned. A plain ASCII word ends at
 * the first ASCII character that is not a letter or digit, as `splitWords` would end it; anything
 * else (a non-ASCII letter, an apostrophe) is left to the tokenizer's own rule. Words the
 * table does not hold go through `termOf` and `idOf` once and are remembered.
 */
export class TermIdReader {
  // Open addressing, two words a slot: 1 + the entry's number (0: empty), and its hash,
  // so that most probes are settled without reading the entry.
  private slots = new Int32Array(2 << 16);
  // Three words an entry: where its code units start in `chars`, how many, its term id.
  private entries = new Int32Array(3 << 15);
  private chars = new Uint16Array(1 << 18);
  private charsUsed = 0;
  private count = 0;

  constructor(
    /** A word's index term, or null for a stop word (the analyzer's termOf). */
    private readonly termOf: (word: string) => string | null,
    /** The id of an index term, given one if it is new. */
    private readonly idOf: (term: string) => number,
    /** How many word forms to remember at most. */
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

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
      let hash = FNV_OFFSET;
      if (kind === ASCII_WORD) {
        while (end < length) {
          const next = text.charCodeAt(end);
          if (UNIT_KINDS[next] !== ASCII_WORD) break;
          // An ASCII letter or digit with 0x20 set is itself lower-cased (digits have it already).
          hash = Math.imul(hash ^ (next | 0x20), FNV_PRIME);
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
        hash = hashOf(text, at, end);
      }
      if (initials !== undefined && code < 0x80 && initials[code | 0x20] !== 1) {
        at = end;
        continue;
      }
      const id = this.idOfForm(text, at, end, hash);
      if (id !== STOP_WORD) {
        ids.push(id);
        starts?.push(at);
      }
      at = end;
    }
    return ids.length - before;
  }

  private idOfForm(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) return this.analysedId(text.slice(start, end));
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot] as number;
      if (held === 0) {
        const id = this.analysedId(text.slice(start, end));
        if (this.count < this.maxEntries) this.remember(slot, text, start, length, hash, id);
        return id;
      }
      if (slots[2 * slot + 1] === hash && this.sameForm(held - 1, text, start, length)) return this.entries[3 * (held - 1) + 2] as number;
    }
  }

  private analysedId(word: string): number {
    const term = this.termOf(word);
    return term === null ? STOP_WORD : this.idOf(term);
  }

  private sameForm(entry: number, text: string, start: number, length: number): boolean {
    if (this.entries[3 * entry + 1] !== length) return false;
    const from = this.entries[3 * entry] as number;
    for (let i = 0; i < length; i++) if (this.chars[from + i] !== caseFolded(text.charCodeAt(start + i))) return false;
    return true;
  }

  private remember(slot: number, text: string, start: number, length: number, hash: number, id: number): void {
    if (3 * (this.count + 1) > this.entries.length) this.entries = grown(this.entries, this.entries.length * 2);
    if (this.charsUsed + length > this.chars.length)
      this.chars = grown(this.chars, Math.max(this.chars.length * 2, this.charsUsed + length));
    for (let i = 0; i < length; i++) this.chars[this.charsUsed + i] = caseFolded(text.charCodeAt(start + i));
    const entry = this.count++;
    this.entries[3 * entry] = this.charsUsed;
    this.entries[3 * entry + 1] = length;
    this.entries[3 * entry + 2] = id;
    this.charsUsed += length;
    this.slots[2 * slot] = entry + 1;
    this.slots[2 * slot + 1] = hash;
    // Open addressing stays fast while at most half the slots are taken.
    if (this.count * 4 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at] === 0) continue;
      let slot = (old[at + 1] as number) & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[at] as number;
      slots[2 * slot + 1] = old[at + 1] as number;
    }
    this.slots = slots;
  }
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

// FNV-1a over case-folded UTF-16 code units, as `read` computes it while scanning a plain word.
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
