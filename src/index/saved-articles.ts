import { crc32 } from 'node:zlib';
import { IndexCorruptError } from '../errors.js';
import { grown } from './grown.js';
import { HeldFile } from './held-file.js';

/**
 * The articles of an index as saved: one JSON line per article number (`null` for a removed
 * one), parsed only when a search shows one. The articles file is the largest of an index (about
 * 880 bytes an article in news), so it is read from disk line by line rather than held.
 */
export interface SavedArticles {
  readonly count: number;
  /** Article `doc`'s JSON text. Throws IndexCorruptError when its bytes are not those written. */
  text(doc: number): string;
  /** Every line in order, read in large chunks: a pass over all articles without a read per article. */
  texts(): IterableIterator<string>;
  /** Every line's bytes in order, its newline included, checked as `text` checks them: what a new version copies. */
  lines(): IterableIterator<Buffer>;
  /**
   * The articles as one file as it stands, and its line index: what a new version holding them
   * unchanged writes, without reading them into memory. Undefined when they are not one file.
   */
  unchanged(): { articles: Buffer | HeldFile; lines: Buffer } | undefined;
  /** Gives back what reading them holds. */
  close?(): void;
}

const NEWLINE = 0x0a;

/**
 * The line index of an articles file, as ArticleFile reads it: where each line starts (Float64,
 * count + 1 of them, so that a file may pass 4 GB) and each line's CRC-32 (Uint32, count).
 */
export function articleLines(lineStarts: ArrayLike<number>, bytes: Buffer): Buffer {
  const count = lineStarts.length - 1;
  const checksums = new Uint32Array(count);
  for (let doc = 0; doc < count; doc++) {
    checksums[doc] = crc32(bytes.subarray(lineStarts[doc] as number, lineStarts[doc + 1] as number));
  }
  return lineIndex(lineStarts, checksums);
}

// The line index's bytes from the lines' starts (count + 1) and checksums (count).
function lineIndex(lineStarts: ArrayLike<number>, checksums: ArrayLike<number>): Buffer {
  const count = lineStarts.length - 1;
  const index = Buffer.alloc((count + 1) * 8 + count * 4);
  new Float64Array(index.buffer, index.byteOffset, count + 1).set(lineStarts);
  new Uint32Array(index.buffer, index.byteOffset + (count + 1) * 8, count).set(checksums);
  return index;
}

function damaged(file: HeldFile, doc: number): IndexCorruptError {
  return new IndexCorruptError(file.path, `the line of article ${doc} does not match its checksum`);
}

/**
 * Articles read from a held file by position (index format 9): each line's bytes are checked
 * against its CRC-32 when read, so a damaged article is an error naming the file, never a
 * wrong article shown. Opening costs nothing but the line index (12 bytes an article).
 */
export class ArticleFile implements SavedArticles {
  readonly count: number;
  private readonly file: HeldFile;
  private readonly lineIndex: Buffer;
  private readonly starts: Float64Array;
  private readonly checksums: Uint32Array;
  private scratch = Buffer.allocUnsafe(16 * 1024);

  /** Throws a RangeError saying what is wrong when the line index does not fit the file and its `count` articles. */
  constructor(file: HeldFile, lineIndex: Buffer, count: number) {
    if (lineIndex.length !== (count + 1) * 8 + count * 4) {
      throw new RangeError(`the articles' line index has ${lineIndex.length} bytes, not those of ${count} articles`);
    }
    // Float64Array views need 8-byte alignment; a Buffer from a pool may not have it.
    const aligned = lineIndex.byteOffset % 8 === 0 ? lineIndex : Buffer.from(lineIndex);
    this.starts = new Float64Array(aligned.buffer, aligned.byteOffset, count + 1);
    this.checksums = new Uint32Array(aligned.buffer, aligned.byteOffset + (count + 1) * 8, count);
    if (this.starts[0] !== 0 || this.starts[count] !== file.size) {
      throw new RangeError(`the articles' line index does not span the articles file (${file.size} bytes)`);
    }
    for (let doc = 0; doc < count; doc++) {
      if ((this.starts[doc + 1] as number) <= (this.starts[doc] as number))
        throw new RangeError(`the line of article ${doc} is out of place`);
    }
    this.file = file;
    this.lineIndex = aligned;
    this.count = count;
  }

  unchanged(): { articles: HeldFile; lines: Buffer } {
    return { articles: this.file, lines: this.lineIndex };
  }

  text(doc: number): string {
    const start = this.starts[doc] as number;
    const length = (this.starts[doc + 1] as number) - start;
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, 2 * this.scratch.length));
    const read = this.file.read(this.scratch, start, length);
    const line = this.scratch.subarray(0, read);
    if (read !== length || crc32(line) !== this.checksums[doc] || line[length - 1] !== NEWLINE) {
      throw damaged(this.file, doc);
    }
    return line.toString('utf8', 0, length - 1);
  }

  *texts(): IterableIterator<string> {
    for (const line of this.lines()) yield line.toString('utf8', 0, line.length - 1);
  }

  *lines(): IterableIterator<Buffer> {
    const chunkBytes = 8 * 1024 * 1024;
    for (let first = 0; first < this.count; ) {
      const start = this.starts[first] as number;
      // Whole lines up to about a chunk; at least one, however long.
      let last = first + 1;
      while (last < this.count && (this.starts[last + 1] as number) - start <= chunkBytes) last++;
      const bytes = Buffer.allocUnsafe((this.starts[last] as number) - start);
      if (this.file.read(bytes, start, bytes.length) !== bytes.length) throw damaged(this.file, last - 1);
      for (let doc = first; doc < last; doc++) {
        const line = bytes.subarray((this.starts[doc] as number) - start, (this.starts[doc + 1] as number) - start);
        if (crc32(line) !== this.checksums[doc]) {
          throw damaged(this.file, doc);
        }
        yield line;
      }
      first = last;
    }
  }

  /** Gives the file back; reads after this throw. */
  close(): void {
    this.file.close();
  }
}

/**
 * Articles held as the file's bytes (index formats 7 and 8, whose articles have no line
 * index): the file was read and verified whole when the index was opened.
 */
export class ArticlesInMemory implements SavedArticles {
  readonly count: number;
  private readonly bytes: Buffer;
  private readonly starts: Uint32Array;

  /** Throws when the file does not hold exactly `count` lines. */
  constructor(bytes: Buffer, count: number) {
    // JSON text holds no raw newline (JSON.stringify escapes it): each one ends an article's line.
    const starts = new Uint32Array(count + 1);
    let at = 0;
    for (let doc = 0; doc < count; doc++) {
      const end = bytes.indexOf(NEWLINE, at);
      if (end === -1) throw new Error(`the articles file has ${doc} lines, the columns ${count} articles`);
      starts[doc] = at;
      at = end + 1;
    }
    starts[count] = at;
    if (at !== bytes.length) throw new Error(`the articles file has more lines than the columns' ${count} articles`);
    this.bytes = bytes;
    this.starts = starts;
    this.count = count;
  }

  text(doc: number): string {
    return this.bytes.toString('utf8', this.starts[doc], (this.starts[doc + 1] as number) - 1);
  }

  *texts(): IterableIterator<string> {
    for (let doc = 0; doc < this.count; doc++) yield this.text(doc);
  }

  *lines(): IterableIterator<Buffer> {
    for (let doc = 0; doc < this.count; doc++) yield this.bytes.subarray(this.starts[doc], this.starts[doc + 1]);
  }

  unchanged(): { articles: Buffer; lines: Buffer } {
    return { articles: this.bytes, lines: articleLines(this.starts, this.bytes) };
  }
}

/**
 * Articles written out while a build adds them, to a temporary file no name points to, so
 * that a build holds a bounded amount of article text (a million news articles are 880 MB
 * of JSON, and several GB as objects). Read back as an index's articles file is. An index
 * opened and written to spools what it adds after the articles it was opened with (`base`).
 */
export class ArticleSpool implements SavedArticles {
  private readonly file = HeldFile.temporary('articles');
  private starts = new Float64Array(1025);
  private checksums = new Uint32Array(1024);
  private written = 0;
  // The lines written so far as an articles file; made again once more are appended.
  private reader: ArticleFile | undefined;

  constructor(private readonly base?: SavedArticles) {}

  get count(): number {
    return (this.base?.count ?? 0) + this.written;
  }

  /** Appends one line per article (its JSON text, or `null`), numbered from `count`. */
  append(texts: readonly string[]): void {
    this.appendLines(texts.map((text) => Buffer.from(`${text}\n`, 'utf8')));
  }

  /** Appends lines as they are, each with its newline. */
  appendLines(lines: readonly Uint8Array[]): void {
    const at = this.starts[this.written] as number;
    const needed = this.written + lines.length;
    if (needed + 1 > this.starts.length) this.starts = grown(this.starts, Math.max(needed + 1, 2 * this.starts.length));
    if (needed > this.checksums.length) this.checksums = grown(this.checksums, Math.max(needed, 2 * this.checksums.length));
    let end = at;
    for (const line of lines) {
      this.checksums[this.written] = crc32(line);
      end += line.length;
      this.starts[++this.written] = end;
    }
    this.file.write(Buffer.concat(lines, end - at), at);
  }

  text(doc: number): string {
    const first = this.base?.count ?? 0;
    return doc < first ? (this.base as SavedArticles).text(doc) : this.asFile().text(doc - first);
  }

  *texts(): IterableIterator<string> {
    if (this.base !== undefined) yield* this.base.texts();
    yield* this.asFile().texts();
  }

  *lines(): IterableIterator<Buffer> {
    if (this.base !== undefined) yield* this.base.lines();
    yield* this.asFile().lines();
  }

  unchanged(): { articles: HeldFile; lines: Buffer } | undefined {
    return this.base === undefined ? this.asFile().unchanged() : undefined;
  }

  close(): void {
    this.base?.close?.();
    this.file.close();
  }

  // The lines so far, read as an articles file with its line index is.
  private asFile(): ArticleFile {
    if (this.reader?.count !== this.written) {
      const index = lineIndex(this.starts.subarray(0, this.written + 1), this.checksums.subarray(0, this.written));
      this.reader = new ArticleFile(this.file, index, this.written);
    }
    return this.reader;
  }
}

/**
 * Writes an articles file from its lines (each with its newline), in chunks, to a temporary
 * file no name points to, with its line index: a new version's articles written without
 * holding them all in memory.
 */
export function writeArticleFile(lines: Iterable<Uint8Array>, count: number): { articles: HeldFile; lines: Buffer } {
  const chunkBytes = 8 * 1024 * 1024;
  const spool = new ArticleSpool();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for (const line of lines) {
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes < chunkBytes) continue;
    spool.appendLines(pending);
    pending = [];
    pendingBytes = 0;
  }
  spool.appendLines(pending);
  if (spool.count !== count) throw new RangeError(`${spool.count} lines were given for ${count} articles`);
  // A spool with no base is one file.
  const file = spool.unchanged();
  if (file === undefined) throw new Error('a spool with no base is one file');
  return file;
}
