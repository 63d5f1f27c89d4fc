import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexClosedError } from '../errors.js';

// A file nobody closed is closed once nothing refers to it: an engine dropped without `close`
// (a server's reload swaps engines while requests may still hold the old one) frees its descriptor then.
const unreferenced = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to free.
  }
});

/**
 * A file of an index version held open from the moment the version is opened, and read by
 * position as searches need its bytes. Held, not reopened: cleanup may remove the version's
 * folder once a newer one is live, and an open file stays readable until it is closed.
 */
export class HeldFile {
  readonly path: string;
  private fd: number | undefined;
  private length: number;

  private constructor(path: string, fd: number, size: number) {
    this.path = path;
    this.fd = fd;
    this.length = size;
    unreferenced.register(this, fd, this);
  }

  /** Its length: when opened, or as far as `write` took it. */
  get size(): number {
    return this.length;
  }

  /**
   * A new empty file for reading and writing, in the system's temporary folder, that no name
   * points to: it goes when closed (or when the process ends, however it ends), leaving nothing behind.
   */
  static temporary(purpose: string): HeldFile {
    const folder = mkdtempSync(join(tmpdir(), `gazette-${purpose}-`));
    const path = join(folder, purpose);
    const fd = openSync(path, 'w+');
    unlinkSync(path);
    rmdirSync(folder);
    return new HeldFile(path, fd, 0);
  }

  /** Writes `bytes` at `position` (a file made by `temporary`). */
  write(bytes: Uint8Array, position: number): void {
    if (this.fd === undefined) throw new IndexClosedError(this.path);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
    this.length = Math.max(this.length, position + bytes.length);
  }

  /** Opens `path` for reading. Throws the operating system's error (ENOENT when it is missing). */
  static open(path: string): HeldFile {
    const fd = openSync(path, 'r');
    try {
      return new HeldFile(path, fd, fstatSync(fd).size);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Reads `length` bytes from `position` into `into` (from its start); returns how many were there. */
  read(into: Uint8Array, position: number, length: number): number {
    if (this.fd === undefined) throw new IndexClosedError(this.path);
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, into, done, length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return done;
  }

  /** The whole file, as it was when opened. */
  readAll(): Buffer {
    const bytes = Buffer.allocUnsafe(this.size);
    const read = this.read(bytes, 0, this.size);
    return bytes.subarray(0, read);
  }

  close(): void {
    if (this.fd === undefined) return;
    unreferenced.unregister(this);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
