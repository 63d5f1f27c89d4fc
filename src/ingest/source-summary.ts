import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { listInputFiles } from './input-files.js';
import { emptyReport } from './report.js';

/** One input file as it was when an index was built from it. */
export interface SourceFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * What an index was built from: the inputs as given on the command line and every
 * file found under them. Written into the manifest, so that an incremental rebuild
 * can tell which files changed since.
 */
export interface SourceSummary {
  inputs: string[];
  files: SourceFile[];
}

/** How the inputs differ from the ones an index was built from (paths). */
export interface SourceChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * Lists and fingerprints every file under `inputs`, with the walk ingest reads them by
 * (folders recursively, symbolic links followed, dot files ignored, sorted), so that a
 * change to a linked file is seen. Missing inputs, FIFOs and the like are left out:
 * ingest reports them.
 */
export async function summarizeSources(inputs: readonly string[]): Promise<SourceSummary> {
  const files: SourceFile[] = [];
  for (const input of inputs) {
    for (const { path } of await listInputFiles(input, emptyReport())) {
      const info = await stat(path);
      files.push({ path, bytes: info.size, mtimeMs: info.mtimeMs, sha256: await hashFile(path) });
    }
  }
  return { inputs: [...inputs], files };
}

/**
 * Compares two summaries file by file. A file counts as changed when its size or its
 * content hash differs; a new mtime alone (a `touch`) changes nothing.
 */
export function compareSources(before: SourceSummary, now: SourceSummary): SourceChanges {
  const previous = new Map(before.files.map((file) => [file.path, file]));
  const changes: SourceChanges = { added: [], changed: [], removed: [], unchanged: [] };
  for (const file of now.files) {
    const old = previous.get(file.path);
    if (old === undefined) changes.added.push(file.path);
    else if (old.bytes !== file.bytes || old.sha256 !== file.sha256) changes.changed.push(file.path);
    else changes.unchanged.push(file.path);
    previous.delete(file.path);
  }
  for (const path of previous.keys()) changes.removed.push(path);
  return changes;
}

/** True when nothing was added, changed or removed. */
export function sourcesUnchanged(changes: SourceChanges): boolean {
  return changes.added.length === 0 && changes.changed.length === 0 && changes.removed.length === 0;
}

/** The file an article came from: its `source` without the ":line" suffix of line-oriented formats. */
export function sourceFileOf(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const colon = source.lastIndexOf(':');
  return colon > 0 && /^\d{1,12}$/.test(source.slice(colon + 1)) ? source.slice(0, colon) : source;
}

/**
 * The size and modification time of every input file, by path: a cheap look (no file is read)
 * for what changed since the last look, as `build-index --watch` takes every second.
 */
export async function statSources(inputs: readonly string[]): Promise<Map<string, { bytes: number; mtimeMs: number }>> {
  const files = new Map<string, { bytes: number; mtimeMs: number }>();
  for (const input of inputs) {
    for (const { path } of await listInputFiles(input, emptyReport())) {
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined) files.set(path, { bytes: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return files;
}

// Streamed, so that a large JSON lines file is never held in memory twice.
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
