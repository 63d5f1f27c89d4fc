import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { IngestReport, ProblemKind } from './report.js';

/** A file to read, found under one input. */
export interface InputFile {
  path: string;
  /** Path relative to the input it was found under: the basis of derived ids. */
  name: string;
  /** Learnt when the file is opened (one stat per file, not two); 0 until then. */
  size: number;
}

/**
 * The files under one input (a file, or a folder read recursively, dot files left out),
 * sorted by path. Problems go to `report`, nothing is thrown:
 *
 * - Symbolic links are followed, to files and to folders, if their target is inside the
 *   input folder (its real path): a link out of it is reported as skipped and not followed,
 *   so that a link named `x.txt` in an untrusted tree cannot get a secret file indexed.
 *   Another folder is indexed by giving it as another input.
 * - Each real folder and file is read once however many links lead to it: a link back to
 *   a folder that contains it (a loop), and a link to (or a folder, reached through a link,
 *   holding) a folder or file already read, are reported as skipped, once each.
 * - FIFOs, sockets and devices are rejected without being opened: opening a FIFO waits
 *   for a writer, and a device can be endless.
 *
 *     const files = await listInputFiles('archive/', report);
 */
export async function listInputFiles(input: string, report: IngestReport): Promise<InputFile[]> {
  let info: Stats;
  try {
    info = await stat(input);
  } catch (error) {
    report.rejected.push({ path: input, ...describeFsError(error) });
    return [];
  }
  if (info.isFile()) return [{ path: input, name: basename(input), size: 0 }];
  if (!info.isDirectory()) {
    report.rejected.push({ path: input, kind: 'not-a-file', reason: notAFileReason(info) });
    return [];
  }
  const walk = new FolderWalk(input, report);
  try {
    await walk.run(await realpath(input));
  } catch (error) {
    report.rejected.push({ path: input, ...describeFsError(error) });
    return [];
  }
  return walk.files.sort().map((path) => ({ path, name: relative(input, path), size: 0 }));
}

/** A symbolic link met while walking, followed once the real folders are all known. */
interface PendingLink {
  path: string;
  /** Real paths of the folders the walk went through to reach the link: following it into one of them loops. */
  ancestors: readonly string[];
}

/**
 * Walks the real folders first and follows links after, so that a file reached both
 * ways keeps its real path (and the id derived from it), and a link's target is
 * already known to be read when the walk met it directly.
 */
class FolderWalk {
  readonly files: string[] = [];
  private readonly readFolders = new Set<string>();
  private readonly readFiles = new Set<string>();
  private readonly links: PendingLink[] = [];
  /** The input folder's real path: links are followed only to targets under it. */
  private root = '';

  constructor(
    private readonly input: string,
    private readonly report: IngestReport,
  ) {}

  async run(realInput: string): Promise<void> {
    this.root = realInput;
    await this.folder(this.input, realInput, []);
    // Links found inside linked folders join the queue; each folder is walked once, so this ends.
    for (let next = this.links.shift(); next !== undefined; next = this.links.shift()) await this.follow(next);
  }

  private async folder(path: string, real: string, ancestors: readonly string[]): Promise<void> {
    this.readFolders.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      this.report.rejected.push({ path, ...describeFsError(error) });
      return;
    }
    const inside = [...ancestors, real];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      // In a folder reached through a link, a real entry may have been read already through another link.
      const realChild = join(real, entry.name);
      if (entry.isFile()) {
        if (this.readFiles.has(realChild)) this.skipAlreadyRead(child, realChild, 'file');
        else this.addFile(child, realChild);
      } else if (entry.isDirectory()) {
        if (this.readFolders.has(realChild)) this.skipAlreadyRead(child, realChild, 'folder');
        else await this.folder(child, realChild, inside);
      } else if (entry.isSymbolicLink()) this.links.push({ path: child, ancestors: inside });
      else this.report.rejected.push({ path: child, kind: 'not-a-file', reason: notAFileReason(entry) });
    }
  }

  private addFile(path: string, real: string): void {
    this.files.push(path);
    this.readFiles.add(real);
  }

  private skipAlreadyRead(path: string, real: string, what: 'file' | 'folder'): void {
    this.report.skipped.push({
      path,
      kind: 'already-read',
      reason: `${real}, a ${what} already read through a symbolic link: not read twice`,
    });
  }

  private async follow(link: PendingLink): Promise<void> {
    const skip = (kind: ProblemKind, reason: string) => this.report.skipped.push({ path: link.path, kind, reason });
    let target: string;
    let info: Stats;
    try {
      target = await realpath(link.path);
      // Checked before the target is even looked at: nothing outside the input is read.
      if (!isInside(this.root, target)) {
        skip(
          'outside-input',
          `symbolic link outside the input folder (to ${target}): not followed; give that path as another input to read it`,
        );
        return;
      }
      info = await stat(target);
    } catch (error) {
      const problem = { path: link.path, ...describeLinkError(error) };
      // A loop loses nothing (its files are read, or there are none); a link to nothing may.
      if (problem.kind === 'symlink-loop') this.report.skipped.push(problem);
      else this.report.rejected.push(problem);
      return;
    }
    if (info.isDirectory()) {
      if (link.ancestors.includes(target)) {
        skip('symlink-loop', `symbolic link loop: it leads back to ${target}, a folder that contains it; not followed`);
      } else if (this.readFolders.has(target)) {
        skip('already-read', `symbolic link to ${target}, a folder already read: not read twice`);
      } else await this.folder(link.path, target, link.ancestors);
    } else if (info.isFile()) {
      if (this.readFiles.has(target)) skip('already-read', `symbolic link to ${target}, a file already read: not read twice`);
      else this.addFile(link.path, target);
    } else this.report.rejected.push({ path: link.path, kind: 'not-a-file', reason: notAFileReason(info) });
  }
}

/** Whether the real path `target` is `root` or under it (`/in-other` is not under `/in`). */
function isInside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/** What a path that is neither a file nor a folder is, for messages: "a named pipe (FIFO)". */
function describeNotAFile(info: Stats | Dirent): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Why a FIFO, socket or device is rejected, for the report. */
export function notAFileReason(info: Stats | Dirent): string {
  return `${describeNotAFile(info)}, not a file of articles: not opened (a pipe waits for a writer, a device may never end); leave it out of the input`;
}

function describeLinkError(error: unknown): { kind: ProblemKind; reason: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'not-found', reason: 'symbolic link to nothing (its target is missing): fix or remove the link' };
  if (code === 'ELOOP') return { kind: 'symlink-loop', reason: 'symbolic link loop: links that lead to each other and never to a file' };
  return describeFsError(error);
}

/** A file system error as a report entry: what happened and what to do. */
export function describeFsError(error: unknown): { kind: ProblemKind; reason: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'not-found', reason: 'no such file or folder' };
  if (code === 'EACCES' || code === 'EPERM')
    return { kind: 'permission-denied', reason: 'permission denied: give Gazette read access (chmod +r) or leave the file out' };
  if (code === 'EISDIR') return { kind: 'unreadable', reason: 'is a folder' };
  if (code === 'ELOOP') return { kind: 'symlink-loop', reason: 'symbolic link loop: links that lead to each other and never to a file' };
  return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
}
