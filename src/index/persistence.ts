// Over 400 lines, for a reason: writing a version, naming it live, refusing foreign folders and
// removing old versions all decide together what may be deleted; apart, each would re-derive
// which names are Gazette's and which versions are still in use.
import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { GazetteError, IndexCorruptError, IndexNotFoundError, IndexWriteError, UnsafeIndexFolderError } from '../errors.js';
import { fsyncDirectory } from './fsync.js';
import { HeldFile } from './held-file.js';
import { isLockTemporaryName, LOCK_FILES, removeAbandonedLockFiles, withIndexLock } from './index-lock.js';
import { isLogFileName } from './write-ahead-log.js';

/**
 * An index on disk is a folder holding a `CURRENT` file that names the live
 * version, and one folder per version:
 *
 *     index/CURRENT                 "v-20261129-024500-7f3a"
 *     index/v-20261129-024500-7f3a/ manifest.json, and the data files it lists
 *
 * A new version is written and fsynced beside the live one, then `CURRENT` is
 * replaced by a rename, which is atomic: a crash at any moment leaves either the
 * old or the new version live, never a mix, and readers never see a half-written file.
 * One writer at a time holds the folder's `LOCK` (index-lock.ts). A folder that holds
 * anything else, or versions without a readable `CURRENT`, is never written into.
 */
// 2: the inverted index's postings moved to a binary file.
// 3: a forward index (forward.bin, vocabulary.txt): titles and bodies as term ids with word offsets.
// 4: the articles as JSON lines, parsed one by one when needed, and their filter and facet
//    columns saved beside them (columns.json), so that opening does not parse every article.
// 5: the text's postings are the forward index inverted, saved as typed arrays (postings.bin);
//    MiniSearch indexes only authors and tags (text-index.json, label-postings.bin).
// 6: the manifest carries the checksum of its own text (a flipped bit had turned stemming off silently).
// 7: authors and tags have an index of Gazette's own (label-index.ts), no longer MiniSearch's.
// 8: a version may be a commit point over another (`uses`): a base version and segments of
//    articles written since (index-writer.ts); a format-7 reader would take it for an empty index.
// 9: opened by reading bytes, not parsing them: files checked by CRC-32 rather than SHA-256 (a
//    third of the time), the articles read from disk line by line (a line index with each
//    line's checksum), the columns and each article's distinct-term count as binary files.
// 10: the postings hold each term's counts in the title and the body apart, for BM25F with the
//    body's length normalised and the title's not; no distinct-term counts. Formats 7 to 9 are
//    read, their postings made again from the forward index when first searched.
/** The index format this Gazette writes. */
export const FORMAT_VERSION = 10;
// The oldest format this Gazette reads; older ones are refused, with the advice to rebuild.
const OLDEST_READABLE_FORMAT = 7;
const POINTER = 'CURRENT';
const MANIFEST = 'manifest.json';

/**
 * What a version's file is written from: text, bytes, or parts written one after the other:
 * bytes (views of an index's arrays, not copied into one) and files copied as they stand (in
 * chunks, never whole in memory).
 */
export type VersionFile = string | Buffer | HeldFile | readonly (Buffer | HeldFile)[];

/** A data file of a version as the manifest lists it: its length and checksum, checked when the version is read. */
export interface ManifestFile {
  bytes: number;
  /** From format 9. */
  crc32?: number;
  /** Formats 7 and 8. */
  sha256?: string;
}

/** A version's manifest.json: what it is, when it was built, its files, and what the index records beside them (`meta`). */
export interface Manifest<Meta> {
  format: 'gazette-index';
  formatVersion: number;
  version: string;
  builtAt: string;
  files: Record<string, ManifestFile>;
  meta: Meta;
  /** Versions whose files this one reads too (from format 8): kept on disk while this one may be read. */
  uses?: string[];
  /** SHA-256 of the manifest's text without this field (from format 6). */
  checksum?: string;
}

/**
 * Writes a new version of the index at `directory` and makes it live. Returns the version's name.
 * `meta` may be a function, called under the folder's lock, that makes it (or refuses the write).
 * Refuses (UnsafeIndexFolderError) a folder that is not empty and not a Gazette index, and
 * (IndexLockedError) one another writer holds.
 */
export async function writeIndexVersion<Meta>(
  directory: string,
  files: Record<string, VersionFile>,
  meta: Meta | (() => Promise<Meta>),
  uses: readonly string[] = [],
  // Versions named from this one on are kept by the cleanup that follows (a fold's new base, written meanwhile).
  keepFrom?: string,
): Promise<string> {
  // Foreign files are refused before the lock is made in the folder; the rest is judged under
  // the lock, when no other writer can be between writing a first version and naming it.
  await refuseForeignFolder(directory);
  try {
    return await withIndexLock(directory, async () => {
      const state = await indexFolderState(directory);
      const previous = state === 'index' ? await readPointer(directory) : undefined;
      // A meta given as a function is made under the lock, from what the folder holds then.
      const made = typeof meta === 'function' ? await (meta as () => Promise<Meta>)() : meta;
      const version = await commitVersion(directory, files, made, uses);
      await removeOldVersions(directory, version, previous, keepFrom).catch(() => undefined);
      return version;
    });
  } catch (error) {
    // Taking the lock writes too (a read-only or full disk refuses it).
    throw error instanceof GazetteError ? error : asWriteError(directory, error, false);
  }
}

// Writes the version and renames CURRENT to name it. Before the rename, a failure removes what
// was written and the previous version stays live; after it, the new version is the index.
async function commitVersion<Meta>(
  directory: string,
  files: Record<string, VersionFile>,
  meta: Meta,
  uses: readonly string[],
): Promise<string> {
  const builtAt = new Date();
  const version = versionName(builtAt);
  const versionDirectory = join(directory, version);
  const pointerTemp = join(directory, `${POINTER}.${version}.tmp`);
  try {
    await mkdir(versionDirectory);
    await writeVersionFiles(versionDirectory, version, builtAt, files, meta, uses);
    await writeDurably(pointerTemp, [Buffer.from(`${version}\n`)]);
    await rename(pointerTemp, join(directory, POINTER));
  } catch (error) {
    // A half-written version must not keep the space it took (a full disk stays full).
    await rm(versionDirectory, { recursive: true, force: true }).catch(() => undefined);
    await rm(pointerTemp, { force: true }).catch(() => undefined);
    throw asWriteError(directory, error, false);
  }
  try {
    await fsyncDirectory(directory);
  } catch (error) {
    throw asWriteError(directory, error, true);
  }
  return version;
}

// Names sort by start time (to the millisecond), which is how cleanup tells older versions from newer ones.
function versionName(builtAt: Date): string {
  return `v-${builtAt.toISOString().replace(/[-:.Z]/g, '')}-${process.pid}-${Math.random().toString(16).slice(2, 6)}`;
}

/**
 * Writes a version folder beside the live one without making it live, for a writer that holds
 * the folder's lock and names the version in a commit point of its own next (a fold of
 * segments into a new base, written by another process). Returns its name. The folder goes
 * with the next cleanup unless a commit point uses it by then.
 */
export async function writeDetachedVersion<Meta>(directory: string, files: Record<string, VersionFile>, meta: Meta): Promise<string> {
  const builtAt = new Date();
  const version = versionName(builtAt);
  const versionDirectory = join(directory, version);
  try {
    await mkdir(versionDirectory);
    await writeVersionFiles(versionDirectory, version, builtAt, files, meta, []);
    await fsyncDirectory(directory);
  } catch (error) {
    await rm(versionDirectory, { recursive: true, force: true }).catch(() => undefined);
    throw asWriteError(directory, error, false);
  }
  return version;
}

/**
 * What a folder holds, as far as writing an index into it goes: nothing (`absent`, `empty`,
 * where an interrupted first build's leftovers count as nothing) or a Gazette index whose
 * `CURRENT` names its live version (`index`). Throws UnsafeIndexFolderError for anything
 * else: files that are not Gazette's, or versions with `CURRENT` missing, empty or garbled.
 */
export async function indexFolderState(directory: string): Promise<'absent' | 'empty' | 'index'> {
  const entries = await entriesOf(directory);
  if (entries === undefined) return 'absent';
  const pointer = await readPointer(directory).then(
    (version) => version,
    () => undefined,
  );
  // CURRENT counts only when the version it names is there, whole: a bit flip in it must not
  // make the real version look like an old one to remove.
  if (pointer !== undefined && (await isFile(join(directory, pointer, MANIFEST)))) return 'index';
  refuseForeignEntries(directory, entries);
  const complete: string[] = [];
  for (const name of entries.filter(isVersionName)) {
    if (await isFile(join(directory, name, MANIFEST))) complete.push(name);
  }
  // A first build writes CURRENT last: one that is there, and useless, was an index once.
  if (complete.length === 0 && !entries.includes(POINTER)) return 'empty';
  const what =
    pointer !== undefined
      ? `${POINTER} names ${pointer}, which is not there`
      : entries.includes(POINTER)
        ? `${POINTER} does not name an index version`
        : `${POINTER} is missing`;
  const newest = complete.sort().at(-1);
  const advice =
    newest === undefined
      ? 'no version is left to serve: move the folder away (or remove CURRENT) to build a new index'
      : `to serve the newest, write its name into ${join(directory, POINTER)} (echo ${newest} > ${join(directory, POINTER)}), ` +
        'or move the folder away to build a new index';
  throw new UnsafeIndexFolderError(
    directory,
    `holds ${complete.length} index version(s) but ${what}, so the live one is unknown; ${advice}`,
  );
}

/**
 * Throws UnsafeIndexFolderError when `directory` is a file, or a folder holding anything that
 * Gazette did not put there; an index, versions without CURRENT and nothing at all pass.
 */
export async function refuseForeignFolder(directory: string): Promise<void> {
  const entries = await entriesOf(directory);
  if (
    entries === undefined ||
    (await readPointer(directory).then(
      () => true,
      () => false,
    ))
  )
    return;
  refuseForeignEntries(directory, entries);
}

// The folder's entries, or undefined when there is no folder.
async function entriesOf(directory: string): Promise<string[] | undefined> {
  try {
    return await readdir(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new UnsafeIndexFolderError(directory, 'is a file, not a folder');
    throw error;
  }
}

function refuseForeignEntries(directory: string, entries: readonly string[]): void {
  const foreign = entries.filter((name) => !isIndexEntry(name));
  if (foreign.length === 0) return;
  throw new UnsafeIndexFolderError(
    directory,
    `holds files that are not part of a Gazette index (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); give an empty or new folder`,
  );
}

// What Gazette itself puts in an index folder, by the exact names it gives (a folder of
// someone else's named "v-1.0" is not a version to build beside, nor to remove).
function isIndexEntry(name: string): boolean {
  return (
    name === POINTER ||
    name === LOCK_FILES.lock ||
    name === LOCK_FILES.breaking ||
    isLockTemporaryName(name) ||
    isLogFileName(name) ||
    isVersionName(name) ||
    (name.startsWith(`${POINTER}.`) && name.endsWith('.tmp') && isVersionName(name.slice(POINTER.length + 1, -'.tmp'.length)))
  );
}

// The names writeIndexVersion gives: v-<UTC time to the millisecond>-<pid>-<random hex>.
function isVersionName(name: string): boolean {
  return /^v-\d{8}T\d{9}-\d{1,10}-[0-9a-f]{1,4}$/.test(name);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function writeVersionFiles<Meta>(
  versionDirectory: string,
  version: string,
  builtAt: Date,
  files: Record<string, VersionFile>,
  meta: Meta,
  uses: readonly string[],
): Promise<void> {
  const manifest: Manifest<Meta> = {
    format: 'gazette-index',
    formatVersion: FORMAT_VERSION,
    version,
    builtAt: builtAt.toISOString(),
    files: {},
    meta,
  };
  if (uses.length > 0) manifest.uses = [...uses];
  for (const [name, content] of Object.entries(files)) {
    const parts =
      typeof content === 'string'
        ? [Buffer.from(content, 'utf8')]
        : Buffer.isBuffer(content) || content instanceof HeldFile
          ? [content]
          : content;
    manifest.files[name] = await writeDurably(join(versionDirectory, name), parts);
  }
  manifest.checksum = manifestChecksum(manifest);
  await writeDurably(join(versionDirectory, MANIFEST), [Buffer.from(JSON.stringify(manifest, null, 2))]);
  await fsyncDirectory(versionDirectory);
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

function asWriteError(directory: string, error: unknown, committed: boolean): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error as Error;
  return new IndexWriteError(directory, code, `${WRITE_FAILURES[code] ?? (error as Error).message}, ${code}`, committed);
}

// The checksum of the manifest's text as written without its checksum field. JSON.parse keeps
// the order of keys and JSON.stringify gives numbers and strings back as it wrote them, so
// reading and writing again reproduces the text exactly when nothing changed.
function manifestChecksum(manifest: Manifest<unknown>): string {
  const { checksum: _written, ...rest } = manifest;
  return sha256(Buffer.from(JSON.stringify(rest, null, 2)));
}

/**
 * A file read whole: its bytes, or, past what one Buffer can view (4 GiB in Node 20), its
 * 32-bit words. At ten million articles the postings pass that size; they, like the forward
 * index, are Int32 streams, which is all such a file may be (see LARGE_FILE).
 */
export type FileBytes = Buffer | Int32Array;

/** Past this many bytes, a file is read as 32-bit words (FileBytes). A setting so that tests reach that path with small files. */
export const LARGE_FILE = { bytes: constants.MAX_LENGTH };

/** A file's bytes as a Buffer: IndexCorruptError when the file was too large to be one (only Int32 streams may be). */
export function bytesOfFile(bytes: FileBytes, path: string): Buffer {
  if (bytes instanceof Int32Array) throw new IndexCorruptError(path, `has ${bytes.byteLength} bytes, more than this Gazette reads whole`);
  return bytes;
}

/** A version's files: those read whole, verified, and those held open to be read by position (see readVersion). */
export interface VersionFiles<Meta> {
  manifest: Manifest<Meta>;
  files: Record<string, FileBytes>;
  held: Record<string, HeldFile>;
}

/** Which files of a version to hold open rather than read, given its manifest. */
export type HeldFiles = (manifest: Manifest<unknown>) => readonly string[];

/** How a version's files are read into memory. */
export interface ReadOptions {
  /**
   * Read each file into a SharedArrayBuffer of its own, so that worker threads given the
   * buffers read the same bytes rather than copies (src/threads/). Default false.
   */
  shared?: boolean;
  /** Files of the version not read (nor checked): what the reader has no use for. */
  skip?: readonly string[];
}

/** Reads the live version of the index at `directory`, verifying every file against the manifest (see readVersion). */
export async function readIndexVersion<Meta>(
  directory: string,
  hold: HeldFiles = () => [],
  options: ReadOptions = {},
): Promise<VersionFiles<Meta>> {
  // A build that finishes while we read may remove the version we started on (two builds
  // later): then CURRENT names another one, and reading that one is the right answer.
  for (let attempt = 1; ; attempt++) {
    const version = await readPointer(directory);
    try {
      return await readVersion<Meta>(directory, version, hold, options);
    } catch (error) {
      if (attempt >= 3 || (await readPointer(directory)) === version) throw error;
    }
  }
}

/**
 * Reads the version named `version` of the index at `directory`, verifying every file against
 * its manifest. The files `hold` names are opened, not read: their length is checked now, their
 * bytes by whoever reads them (the articles, each line against its own checksum).
 */
export async function readVersion<Meta>(
  directory: string,
  version: string,
  hold: HeldFiles = () => [],
  options: ReadOptions = {},
): Promise<VersionFiles<Meta>> {
  const versionDirectory = join(directory, version);
  const manifest = await readManifest<Meta>(versionDirectory);
  const heldNames = new Set(hold(manifest));
  const files: Record<string, FileBytes> = {};
  const held: Record<string, HeldFile> = {};
  // Read in parallel: the reads overlap with checking the files already read.
  const skipped = new Set(options.skip ?? []);
  const entries = Object.entries(manifest.files).filter(([name]) => !heldNames.has(name) && !skipped.has(name));
  const contents = await Promise.all(
    entries.map(([name, expected]) => readVerified(join(versionDirectory, name), expected, options.shared === true)),
  );
  entries.forEach(([name], position) => {
    files[name] = contents[position] ?? Buffer.alloc(0);
  });
  for (const name of heldNames) {
    const expected = manifest.files[name];
    if (expected !== undefined) held[name] = openHeldFile(join(versionDirectory, name), expected);
  }
  return { manifest, files, held };
}

/** Opens a file of a version to be read by position, checking its length against the manifest's (IndexCorruptError). */
export function openHeldFile(path: string, expected: ManifestFile): HeldFile {
  let file: HeldFile;
  try {
    file = HeldFile.open(path);
  } catch {
    throw new IndexCorruptError(path, 'listed in the manifest but missing');
  }
  if (file.size !== expected.bytes) {
    file.close();
    throw new IndexCorruptError(path, `has ${file.size} bytes, the manifest says ${expected.bytes} (truncated?)`);
  }
  return file;
}

/** The manifest of the live version at `directory`, without reading or verifying its data files. */
export async function readLiveManifest<Meta>(directory: string): Promise<Manifest<Meta>> {
  return readManifest<Meta>(join(directory, await readPointer(directory)));
}

// Large files are read in chunks, each checked while the next is being read: at a million
// articles that hides the checksum's 0.3 s behind the reading.
const READ_CHUNK_BYTES = 16 * 1024 * 1024;

async function readVerified(path: string, expected: ManifestFile, shared: boolean): Promise<FileBytes> {
  const handle = await open(path, 'r').catch(() => {
    throw new IndexCorruptError(path, 'listed in the manifest but missing');
  });
  try {
    const { size } = await handle.stat();
    if (size !== expected.bytes) throw new IndexCorruptError(path, `has ${size} bytes, the manifest says ${expected.bytes} (truncated?)`);
    const large = size > LARGE_FILE.bytes;
    if (large && size % 4 !== 0) throw new IndexCorruptError(path, `has ${size} bytes, more than this Gazette reads whole`);
    const memory = memoryFor(size, shared, large);
    const check = checksumOf(expected);
    let next = readChunk(handle, memory, 0);
    for (let at = 0; at < size; ) {
      const { read, chunk } = await next;
      if (read === 0) throw new IndexCorruptError(path, `was cut short while being read (${at} of ${size} bytes)`);
      // The next chunk is read (by libuv's threads) while this one is checked here.
      next = readChunk(handle, memory, at + read);
      check.update(chunk.subarray(0, read));
      at += read;
    }
    if (!check.matches()) throw new IndexCorruptError(path, 'does not match its checksum in the manifest');
    return large ? new Int32Array(memory.buffer, 0, size / 4) : Buffer.from(memory.buffer, memory.offset, size);
  } finally {
    await handle.close();
  }
}

// Where a file's bytes go: shared memory for other threads; a plain ArrayBuffer past what a Buffer
// views; otherwise a Buffer's own memory (not zeroed: every byte is read into it).
function memoryFor(size: number, shared: boolean, large: boolean): { buffer: ArrayBufferLike; offset: number; size: number } {
  if (shared) return { buffer: new SharedArrayBuffer(size), offset: 0, size };
  if (large) return { buffer: new ArrayBuffer(size), offset: 0, size };
  const bytes = Buffer.allocUnsafe(size);
  return { buffer: bytes.buffer, offset: bytes.byteOffset, size };
}

// Each chunk is read through a view of its own: one view of a whole file past 4 GiB cannot be made.
async function readChunk(
  handle: FileHandle,
  memory: { buffer: ArrayBufferLike; offset: number; size: number },
  at: number,
): Promise<{ read: number; chunk: Buffer }> {
  const length = Math.min(READ_CHUNK_BYTES, memory.size - at);
  const chunk = Buffer.from(memory.buffer, memory.offset + at, Math.max(0, length));
  if (length <= 0) return { read: 0, chunk };
  const { bytesRead } = await handle.read(chunk, 0, length, at);
  return { read: bytesRead, chunk };
}

// The checksum the manifest lists for a file, computed over its bytes chunk by chunk.
function checksumOf(expected: ManifestFile): { update(chunk: Buffer): void; matches(): boolean } {
  if (expected.crc32 !== undefined) {
    let value = 0;
    return {
      update: (chunk) => {
        value = crc32(chunk, value);
      },
      matches: () => value === expected.crc32,
    };
  }
  const hash = createHash('sha256');
  return {
    update: (chunk) => hash.update(chunk),
    matches: () => hash.digest('hex') === expected.sha256,
  };
}

/**
 * True when `directory` holds a live index version (without verifying it); false when it is
 * absent or empty, so that an index may be built there. Throws UnsafeIndexFolderError when it
 * is neither (see indexFolderState): building there would overwrite what it holds.
 */
export async function hasIndex(directory: string): Promise<boolean> {
  return (await indexFolderState(directory)) === 'index';
}

async function readPointer(directory: string): Promise<string> {
  let pointer: string;
  try {
    pointer = (await readFile(join(directory, POINTER), 'utf8')).trim();
  } catch {
    throw new IndexNotFoundError(directory, `no index here (no ${POINTER} file)`);
  }
  if (!/^v-[\w-]{1,80}$/.test(pointer)) throw new IndexCorruptError(join(directory, POINTER), 'does not name an index version');
  return pointer;
}

async function readManifest<Meta>(versionDirectory: string): Promise<Manifest<Meta>> {
  const path = join(versionDirectory, MANIFEST);
  let manifest: Manifest<Meta>;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest<Meta>;
  } catch (error) {
    throw new IndexCorruptError(path, `cannot be read (${(error as Error).message})`);
  }
  if (manifest?.format !== 'gazette-index' || typeof manifest.files !== 'object') {
    throw new IndexCorruptError(path, 'is not a Gazette index manifest');
  }
  if (manifest.formatVersion < OLDEST_READABLE_FORMAT) {
    throw new IndexCorruptError(
      path,
      `was written in index format ${manifest.formatVersion}, older than this Gazette reads (${OLDEST_READABLE_FORMAT})`,
    );
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new IndexCorruptError(
      path,
      `was written in index format ${manifest.formatVersion}, newer than this Gazette reads (${FORMAT_VERSION}); upgrade Gazette or rebuild the index`,
    );
  }
  if (manifest.checksum !== manifestChecksum(manifest)) {
    throw new IndexCorruptError(path, 'does not match its own checksum (a changed or damaged manifest)');
  }
  return manifest;
}

/**
 * The most one write is given. fs.write refuses more than 2 GiB at once, and ten million
 * articles' postings hold 2.9 GB of article numbers in one array. A setting so that tests
 * reach the slicing with small files.
 */
export const WRITE_CHUNK = { bytes: 1 << 30 };

// Writes the parts one after the other, bytes as they are and held files copied chunk by chunk
// (a million articles are 880 MB), checksumming as it goes; synced before it returns.
async function writeDurably(path: string, parts: readonly (Buffer | HeldFile)[]): Promise<ManifestFile> {
  const handle = await open(path, 'w');
  try {
    let position = 0;
    let checksum = 0;
    const write = async (bytes: Buffer) => {
      // A write may take fewer bytes than it was given: the rest is written next.
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, done, Math.min(WRITE_CHUNK.bytes, bytes.length - done), position);
        if (bytesWritten === 0) throw new Error(`${path}: a write took none of its bytes`);
        done += bytesWritten;
        position += bytesWritten;
      }
      // Skipped when empty: zlib.crc32 of a view of an empty ArrayBuffer returns 0, not the CRC it was given (Node 20.20).
      if (bytes.length > 0) checksum = crc32(bytes, checksum);
    };
    for (const part of parts) {
      if (part instanceof HeldFile) await copyHeld(part, write);
      else await write(part);
    }
    await handle.sync();
    return { bytes: position, crc32: checksum };
  } finally {
    await handle.close();
  }
}

async function copyHeld(source: HeldFile, write: (bytes: Buffer) => Promise<void>): Promise<void> {
  const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  for (let at = 0; at < source.size; ) {
    const read = source.read(chunk, at, Math.min(chunk.length, source.size - at));
    if (read === 0) throw new Error(`${source.path} ended at ${at} of ${source.size} bytes while being copied`);
    await write(chunk.subarray(0, read));
    at += read;
  }
}

// Once a version is live: removes older versions and leftovers of builds that crashed.
// Kept: the live version, the one it replaced (a server may be reading it right now),
// versions named after the live one, whatever CURRENT names when read again now, and the
// versions any of those uses (a commit point's base and segments).
async function removeOldVersions(directory: string, live: string, previous: string | undefined, keepFrom = live): Promise<void> {
  const named = await readPointer(directory);
  const kept = new Set([live, named, ...(previous === undefined ? [] : [previous])]);
  for (const version of await recentlyReplacedCommits(directory)) kept.add(version);
  for (const version of [...kept]) {
    const manifest = await readManifest(join(directory, version)).catch(() => undefined);
    for (const used of manifest?.uses ?? []) kept.add(used);
  }
  const entries = await readdir(directory);
  await removeAbandonedLockFiles(directory, entries);
  for (const entry of entries) {
    const version = entry.startsWith(`${POINTER}.`) ? entry.slice(POINTER.length + 1).replace(/\.tmp$/, '') : entry;
    if (!isVersionName(version) || kept.has(version) || version > live || version >= keepFrom) continue;
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}

// How long a commit point (and what it uses) outlives the moment a newer version replaced it:
// a reader in another process that opened it may still be reading its base, seconds for a large one.
const COMMIT_GRACE_MS = 60_000;

// Commit points (versions that use others) replaced less than COMMIT_GRACE_MS ago.
async function recentlyReplacedCommits(directory: string): Promise<string[]> {
  const versions = (await readdir(directory)).filter(isVersionName).sort();
  const recent: string[] = [];
  for (let at = 0; at + 1 < versions.length; at++) {
    const replacedAt = timeOfVersion(versions[at + 1] as string);
    if (Date.now() - replacedAt >= COMMIT_GRACE_MS) continue;
    const manifest = await readManifest(join(directory, versions[at] as string)).catch(() => undefined);
    if ((manifest?.uses?.length ?? 0) > 0) recent.push(versions[at] as string);
  }
  return recent;
}

// A version's name starts with its start time: v-20261129T030000123-… is 2026-11-29 03:00:00.123 UTC.
function timeOfVersion(name: string): number {
  const match = /^v-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})-/.exec(name);
  if (match === null) return 0;
  const [year, month, day, hour, minute, second, ms] = match.slice(1).map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second, ms);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
