import { constants, createReadStream, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** gzip's magic number: a file that starts with it is read through gunzip, whatever its name. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Whether the first bytes of a file look like a binary file rather than text: a NUL
 * byte, more than 10% control bytes other than tab, line feed, carriage return and form
 * feed, or bytes that are neither UTF-8 nor text in an 8-bit encoding. UTF-8, and Latin-1
 * or Windows-1252 however dense its accented letters, pass; images, archives and
 * compressed or random bytes do not.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  if (control / head.length > 0.1) return true;
  // Random bytes are mostly invalid UTF-8; so is Windows-1252 text with many accented letters.
  return invalidUtf8Ratio(head) > 0.05 && !looksLikeSingleByteText(head);
}

// Bytes that text in Windows-1252 almost never holds: control characters, DEL, and the five
// bytes Windows-1252 leaves undefined. Random and compressed bytes are about 13% these.
function isUnlikelyInText(byte: number): boolean {
  if (byte < 0x20) return byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c;
  return byte === 0x7f || byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d;
}

/**
 * Text in an 8-bit encoding: under 1% bytes that such text never holds, under 40% bytes above
 * 0x7F, and at least half ASCII letters, digits and spaces. Windows-1252 text in a
 * Latin-script language has at most about 20% high bytes (every accented letter one byte)
 * and 70% or more letters, digits and spaces; random and compressed bytes have about 13% of
 * bytes no text holds, 50% high bytes, and 25% letters, digits and spaces.
 */
function looksLikeSingleByteText(bytes: Uint8Array): boolean {
  let unlikely = 0;
  let high = 0;
  let wordy = 0;
  for (const byte of bytes) {
    if (byte >= 0x80) high++;
    else if (byte === 0x20 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a)) wordy++;
    if (isUnlikelyInText(byte)) unlikely++;
  }
  return unlikely <= bytes.length * 0.01 && high < bytes.length * 0.4 && wordy >= bytes.length * 0.5;
}

function invalidUtf8Ratio(bytes: Uint8Array): number {
  let invalid = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x80) continue;
    high++;
    const length = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte <= 0xdf ? 2 : 0;
    if (length === 0 || i + length > bytes.length) {
      // A sequence cut at the end of the sample is not evidence of anything.
      if (length !== 0) break;
      invalid++;
      continue;
    }
    let ok = true;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) ok = false;
    if (ok) i += length - 1;
    else invalid++;
  }
  return high === 0 ? 0 : invalid / bytes.length;
}

// Without O_NONBLOCK, opening a FIFO waits for a writer, for ever; for a regular file the flag changes nothing.
const OPEN_WITHOUT_WAITING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads the first `size` bytes of a file (fewer when it is shorter), and the file's size,
 * with one open. Something other than a regular file (a FIFO swapped in since the folder
 * was listed) is not read: `notAFile` holds what it is.
 */
export async function readHead(path: string, size = 8192): Promise<{ head: Uint8Array; fileSize: number } | { notAFile: Stats }> {
  const handle = await open(path, OPEN_WITHOUT_WAITING);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { notAFile: info };
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return { head: buffer.subarray(0, bytesRead), fileSize: info.size };
  } finally {
    await handle.close();
  }
}

/**
 * The file's bytes as a stream, gunzipped when it is gzip. `onRawBytes` is told how
 * many bytes were read from disk, for progress and the MB/s rate.
 */
export function openByteStream(path: string, gzip: boolean, onRawBytes: (count: number) => void): Readable {
  // 64 KiB reads: bytes counted for progress stay close to what has been parsed.
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  raw.on('data', (chunk) => onRawBytes(chunk.length));
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/** Text decoded from bytes, and how it had to be read. */
export interface DecodedText {
  text: string;
  /** Set when the bytes were not UTF-8 and were read as Windows-1252 instead. */
  fallback?: { byteOffset: number };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

// Windows-1252's characters for bytes 0x80–0x9F (the WHATWG table; the five bytes it leaves
// undefined stay C1 controls). Not `new TextDecoder('windows-1252')`: Node 20.18.3 and later
// decode it as Latin-1, turning ’ “ ” – € into control characters that normalisation then
// deletes (nodejs/node#60888).
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Decodes Windows-1252: Latin-1, except for the printable characters of 0x80–0x9F. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (control) => WINDOWS_1252_HIGH[control.charCodeAt(0) - 0x80] ?? control);
}

/**
 * Decodes UTF-8; bytes that are not UTF-8 (a file saved by an old editor, one "£" as
 * Latin-1 in an otherwise UTF-8 story) are read as Windows-1252, which maps every
 * byte to a character, so nothing is lost and the caller reports the repair.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  try {
    return { text: STRICT_UTF8.decode(bytes) };
  } catch {
    return { text: decodeWindows1252(bytes).replace(/^\u00ef\u00bb\u00bf/, ''), fallback: { byteOffset: firstInvalidUtf8(bytes) } };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The longest decodable prefix, found by halving: decoding is linear, so this is O(n log n) at worst.
  while (high - low > 4) {
    const middle = (low + high) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low;
}

/** One line of a line-oriented file: its bytes (without the line break) and its 1-based number. */
export interface ByteLine {
  bytes: Buffer;
  number: number;
  /** False for a last line with no line break after it: a record cut short, if it does not parse. */
  terminated: boolean;
}

/**
 * Splits a byte stream into lines without decoding it first, so that each line is
 * decoded (and its encoding judged) on its own, and memory holds one line at a time.
 * A line longer than `maxLineBytes` is skipped, whole, and reported through `onTooLong`.
 */
export async function* byteLines(
  stream: AsyncIterable<Buffer>,
  maxLineBytes: number,
  onTooLong: (line: number, bytes: number) => void,
): AsyncGenerator<ByteLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  let overflowing = false;
  for await (const chunk of stream) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      number++;
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (overflowing || pendingBytes + piece.length > maxLineBytes) {
        onTooLong(number, pendingBytes + piece.length);
      } else {
        yield { bytes: stripCarriageReturn(pending.length === 0 ? piece : Buffer.concat([...pending, piece])), number, terminated: true };
      }
      pending = [];
      pendingBytes = 0;
      overflowing = false;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) continue;
    pendingBytes += rest.length;
    if (overflowing || pendingBytes > maxLineBytes) {
      overflowing = true;
      pending = [];
    } else {
      // Copy: the stream may reuse its chunk's memory.
      pending.push(Buffer.from(rest));
    }
  }
  if (pendingBytes > 0) {
    number++;
    if (overflowing) onTooLong(number, pendingBytes);
    else yield { bytes: stripCarriageReturn(Buffer.concat(pending)), number, terminated: false };
  }
}

function stripCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

/** Reads a whole stream into one buffer, refusing (with `tooLarge`) beyond `maxBytes`. */
export async function readAllBytes(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxBytes) return { tooLarge: total };
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
