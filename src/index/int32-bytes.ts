import { endianness } from 'node:os';

/**
 * Int32 streams as the bytes of index files, and back, without copying: the postings of
 * the text (inverted-text.ts) and of the labels (label-index.ts) are saved so. Indexes are
 * little-endian, the byte order of every platform Node runs on.
 */

/** The stream as bytes to write. */
export function int32ToBytes(stream: Int32Array): Buffer {
  assertLittleEndian();
  return Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
}

/**
 * Bytes read from disk as an Int32 stream; copied when the buffer is not 4-byte aligned. A file
 * too large for one Buffer is read as its words already (persistence.ts, FileBytes).
 */
export function int32FromBytes(bytes: Buffer | Int32Array): Int32Array {
  assertLittleEndian();
  if (bytes instanceof Int32Array) return bytes;
  if (bytes.byteLength % 4 !== 0) throw new Error(`postings file has ${bytes.byteLength} bytes, not a multiple of 4`);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('Gazette indexes are little-endian; this machine is not');
}
