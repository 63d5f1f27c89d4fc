import { open, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory } from './fsync.js';

/**
 * The write-ahead log of an index's writer: every write it acknowledges is here, fsynced,
 * before the acknowledgement, so that `kill -9` loses nothing acknowledged. Records are
 * appended to `wal-<n>.log` files as `[length u32][crc32 u32][JSON]`; a record cut short by
 * a crash (or damaged) ends the log there, and the next open cuts it off.
 *
 * Appends are cheap (into a buffer); `sync` writes and fsyncs everything appended so far
 * with one write and one fsync, and a `sync` asked while another runs waits for the next one:
 * a group commit, so that 100 writers acknowledged at once cost one fsync, not 100.
 * After a commit point holds every record of a file, `rotate` starts a new file and
 * `removeFiles` drops the old ones.
 */
export class WriteAheadLog {
  // The file appended to, and older ones whose last records are still being written by a rotate.
  private files: LogFile[];
  private syncing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  // A write or fsync that failed may have lost pages: no later sync may claim durability.
  private broken: Error | undefined;

  private constructor(
    private readonly directory: string,
    current: LogFile,
  ) {
    this.files = [current];
  }

  /**
   * Opens the log in `directory`, reading back every whole record of its files (oldest first)
   * and cutting off a torn tail, and returns it ready to append to a new file.
   */
  static async open<R>(directory: string): Promise<{ log: WriteAheadLog; records: R[] }> {
    const numbers = await logFileNumbers(directory);
    const records: R[] = [];
    for (const number of numbers) {
      const path = join(directory, logFileName(number));
      const { values, wholeBytes, totalBytes } = decodeRecords<R>(await readWhole(path));
      // One by one: a file of a long bulk load holds more records than a call takes arguments.
      for (const value of values) records.push(value);
      // A torn tail is cut off, so that a later reader does not stop before newer records.
      if (wholeBytes < totalBytes) await truncate(path, wholeBytes);
    }
    const log = new WriteAheadLog(directory, { number: (numbers.at(-1) ?? 0) + 1, buffered: [], handle: undefined });
    return { log, records };
  }

  private get current(): LogFile {
    return this.files.at(-1) as LogFile;
  }

  /** Adds a record to what the next `sync` writes. */
  append(record: unknown): void {
    this.current.buffered.push(encodeRecord(record));
  }

  /** Resolves once every record appended before the call is on disk (fsynced). */
  sync(): Promise<void> {
    if (this.syncing === undefined) {
      this.syncing = this.writeBuffered().finally(() => {
        this.syncing = undefined;
      });
      return this.syncing;
    }
    // One sync runs; records appended since wait for the one after it, which takes them all.
    this.queued ??= this.syncing.then(() => {
      this.queued = undefined;
      return this.sync();
    });
    return this.queued;
  }

  private async writeBuffered(): Promise<void> {
    if (this.broken !== undefined) throw this.broken;
    try {
      for (const file of [...this.files]) {
        if (file.buffered.length === 0) continue;
        const bytes = Buffer.concat(file.buffered);
        file.buffered = [];
        if (file.handle === undefined) {
          file.handle = await open(join(this.directory, logFileName(file.number)), 'a');
          // The new file's name must survive a power cut too, not only its bytes.
          await fsyncDirectory(this.directory);
        }
        await file.handle.write(bytes);
        await file.handle.datasync();
      }
    } catch (error) {
      this.broken = error as Error;
      throw error;
    }
  }

  /**
   * Appends to a new file from the moment of the call (before it first awaits), then makes the
   * old files durable and closes them. Returns their names: they hold exactly the records
   * appended before the call, and once a commit point holds those, `removeFiles` may drop them.
   */
  async rotate(): Promise<string[]> {
    const old = this.current;
    this.files.push({ number: old.number + 1, buffered: [], handle: undefined });
    await this.sync();
    await old.handle?.close();
    this.files = this.files.filter((file) => file !== old);
    const current = this.current.number;
    return (await logFileNumbers(this.directory)).filter((number) => number < current).map(logFileName);
  }

  /** Removes log files whose records a commit point now holds. */
  async removeFiles(names: readonly string[]): Promise<void> {
    for (const name of names) await rm(join(this.directory, name), { force: true });
  }

  /** Syncs what is appended and closes the files. */
  async close(): Promise<void> {
    await this.sync();
    for (const file of this.files) await file.handle?.close();
  }
}

interface LogFile {
  number: number;
  buffered: Buffer[];
  // Opened when first written: a log that takes no writes leaves no empty file behind.
  handle: Awaited<ReturnType<typeof open>> | undefined;
}

/** The whole records of the log in `directory`, oldest first, and its files' names, read without changing anything. */
export async function readLog<R>(directory: string): Promise<{ records: R[]; files: string[] }> {
  const records: R[] = [];
  const numbers = await logFileNumbers(directory);
  for (const number of numbers) {
    for (const value of decodeRecords<R>(await readWhole(join(directory, logFileName(number)))).values) records.push(value);
  }
  return { records, files: numbers.map(logFileName) };
}

/** True for the names of a write-ahead log's files. */
export function isLogFileName(name: string): boolean {
  return /^wal-\d{1,12}\.log$/.test(name);
}

function logFileName(number: number): string {
  return `wal-${String(number).padStart(6, '0')}.log`;
}

async function logFileNumbers(directory: string): Promise<number[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names
    .filter(isLogFileName)
    .map((name) => Number(name.slice(4, -4)))
    .sort((a, b) => a - b);
}

async function readWhole(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

const HEADER_BYTES = 8;

function encodeRecord(record: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8');
  const bytes = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  bytes.writeUInt32LE(payload.length, 0);
  bytes.writeUInt32LE(crc32(payload), 4);
  payload.copy(bytes, HEADER_BYTES);
  return bytes;
}

/** The whole records at the start of `bytes`, and where they end. */
export function decodeRecords<R>(bytes: Buffer): { values: R[]; wholeBytes: number; totalBytes: number } {
  const values: R[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (end > bytes.length) break;
    const payload = bytes.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break;
    try {
      values.push(JSON.parse(payload.toString('utf8')) as R);
    } catch {
      break;
    }
    at = end;
  }
  return { values, wholeBytes: at, totalBytes: bytes.length };
}
