import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IndexCorruptError, IndexNotFoundError, IndexWriteError } from '../errors.js';

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
 */
// 2: the inverted index's postings moved to a binary file (postings-codec.ts).
// 3: a forward index (forward.bin, vocabulary.txt): titles and bodies as term ids with word offsets.
// 4: the articles as JSON lines, parsed one by one when needed, and their filter and facet
//    columns saved beside them (columns.json), so that opening does not parse every article.
// 5: the text's postings are the forward index inverted, saved as typed arrays (postings.bin);
//    MiniSearch indexes only authors and tags (text-index.json, label-postings.bin).
export const FORMAT_VERSION = 5;
const POINTER = 'CURRENT';
const MANIFEST = 'manifest.json';

export interface ManifestFile {
  bytes: number;
  sha256: string;
}

export interface Manifest<Meta> {
  format: 'gazette-index';
  formatVersion: number;
  version: string;
  builtAt: string;
  files: Record<string, ManifestFile>;
  meta: Meta;
}

/** Writes a new version of the index at `directory` and makes it live. Returns the version's name. */
export async function writeIndexVersion<Meta>(directory: string, files: Record<string, string | Buffer>, meta: Meta): Promise<string> {
  const builtAt = new Date();
  // Names sort by start time (to the millisecond), which is how cleanup tells older versions from builds still running.
  const version = `v-${builtAt.toISOString().replace(/[-:.Z]/g, '')}-${process.pid}-${Math.random().toString(16).slice(2, 6)}`;
  const versionDirectory = join(directory, version);
  const pointerTemp = join(directory, `${POINTER}.${version}.tmp`);
  let previous: string | undefined;
  try {
    await mkdir(directory, { recursive: true });
    await mkdir(versionDirectory);
    await writeVersionFiles(versionDirectory, version, builtAt, files, meta);
    await writeDurably(pointerTemp, Buffer.from(`${version}\n`));
    previous = await readPointer(directory).catch(() => undefined);
    await rename(pointerTemp, join(directory, POINTER));
    await fsyncDirectory(directory);
  } catch (error) {
    // A half-written version must not keep the space it took (a full disk stays full).
    await rm(versionDirectory, { recursive: true, force: true }).catch(() => undefined);
    await rm(pointerTemp, { force: true }).catch(() => undefined);
    throw asWriteError(directory, error);
  }
  await removeOldVersions(directory, version, previous);
  return version;
}

async function writeVersionFiles<Meta>(
  versionDirectory: string,
  version: string,
  builtAt: Date,
  files: Record<string, string | Buffer>,
  meta: Meta,
): Promise<void> {
  const manifest: Manifest<Meta> = {
    format: 'gazette-index',
    formatVersion: FORMAT_VERSION,
    version,
    builtAt: builtAt.toISOString(),
    files: {},
    meta,
  };
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeDurably(join(versionDirectory, name), bytes);
    manifest.files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  await writeDurably(join(versionDirectory, MANIFEST), Buffer.from(JSON.stringify(manifest, null, 2)));
  await fsyncDirectory(versionDirectory);
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

function asWriteError(directory: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error as Error;
  return new IndexWriteError(directory, code, `${WRITE_FAILURES[code] ?? (error as Error).message}, ${code}`);
}

/** Reads the live version of the index at `directory`, verifying every file against the manifest. */
export async function readIndexVersion<Meta>(directory: string): Promise<{ manifest: Manifest<Meta>; files: Record<string, Buffer> }> {
  // A build that finishes while we read may remove the version we started on (two builds
  // later): then CURRENT names another one, and reading that one is the right answer.
  for (let attempt = 1; ; attempt++) {
    const version = await readPointer(directory);
    try {
      return await readVersion<Meta>(directory, version);
    } catch (error) {
      if (attempt >= 3 || (await readPointer(directory)) === version) throw error;
    }
  }
}

async function readVersion<Meta>(directory: string, version: string): Promise<{ manifest: Manifest<Meta>; files: Record<string, Buffer> }> {
  const versionDirectory = join(directory, version);
  const manifest = await readManifest<Meta>(versionDirectory);
  const files: Record<string, Buffer> = {};
  // Read in parallel: the reads overlap with hashing the files already read.
  const entries = Object.entries(manifest.files);
  const contents = await Promise.all(entries.map(([name, expected]) => readVerified(join(versionDirectory, name), expected)));
  entries.forEach(([name], position) => {
    files[name] = contents[position] ?? Buffer.alloc(0);
  });
  return { manifest, files };
}

/** The manifest of the live version at `directory`, without reading or verifying its data files. */
export async function readLiveManifest<Meta>(directory: string): Promise<Manifest<Meta>> {
  return readManifest<Meta>(join(directory, await readPointer(directory)));
}

async function readVerified(path: string, expected: ManifestFile): Promise<Buffer> {
  const bytes = await readFile(path).catch(() => {
    throw new IndexCorruptError(path, 'listed in the manifest but missing');
  });
  if (bytes.length !== expected.bytes) {
    throw new IndexCorruptError(path, `has ${bytes.length} bytes, the manifest says ${expected.bytes} (truncated?)`);
  }
  if (sha256(bytes) !== expected.sha256) throw new IndexCorruptError(path, 'does not match its checksum in the manifest');
  return bytes;
}

/** True when `directory` holds a live index version (without verifying it). */
export async function hasIndex(directory: string): Promise<boolean> {
  return readPointer(directory).then(
    () => true,
    () => false,
  );
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
  if (manifest.formatVersion < FORMAT_VERSION) {
    throw new IndexCorruptError(
      path,
      `was written in index format ${manifest.formatVersion}, older than this Gazette reads (${FORMAT_VERSION})`,
    );
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new IndexCorruptError(
      path,
      `was written in index format ${manifest.formatVersion}, newer than this Gazette reads (${FORMAT_VERSION}); upgrade Gazette or rebuild the index`,
    );
  }
  return manifest;
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Once a version is live: removes older versions and leftovers of builds that crashed.
// Kept: the live version, the one it replaced (a server may be reading it right now),
// and versions named after the live one (builds still running in other processes).
async function removeOldVersions(directory: string, live: string, previous: string | undefined): Promise<void> {
  for (const entry of await readdir(directory)) {
    const version = entry.startsWith(`${POINTER}.`) ? entry.slice(POINTER.length + 1).replace(/\.tmp$/, '') : entry;
    if (!version.startsWith('v-') || version === live || version === previous || version > live) continue;
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
