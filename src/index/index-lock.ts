import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { IndexLockedError } from '../errors.js';

const LOCK = 'LOCK';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Runs `write` while holding the index folder's lock, so that one writer at a time builds,
 * updates or saves it. The lock is a file made with O_EXCL naming the process that holds
 * it; a lock whose process is gone (a writer killed with -9) is taken over, so a crash
 * cannot leave the folder locked. A second writer is refused with IndexLockedError, not
 * made to wait: a build that waits minutes behind another would save over its work.
 * Within `write`, taking the same lock again (an update that saves) is a no-op.
 */
export async function withIndexLock<T>(directory: string, write: () => Promise<T>): Promise<T> {
  const key = resolve(directory);
  const holding = held.getStore();
  if (holding?.has(key)) return write();
  await mkdir(directory, { recursive: true });
  const path = join(directory, LOCK);
  await acquire(path, directory);
  try {
    return await held.run(new Set([...(holding ?? []), key]), write);
  } finally {
    await rm(path, { force: true });
  }
}

// The folders whose lock the current chain of calls holds.
const held = new AsyncLocalStorage<ReadonlySet<string>>();

async function acquire(path: string, directory: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(path)) return;
    const owner = await readOwner(path);
    if (owner === undefined) continue; // released meanwhile
    if (isAlive(owner)) throw new IndexLockedError(directory, describe(owner));
    // The holder is gone: move its lock aside (atomic; of two processes breaking it, one wins) and try again.
    await rename(path, `${path}.stale-${process.pid}`).then(
      () => rm(`${path}.stale-${process.pid}`, { force: true }),
      () => undefined,
    );
  }
  const owner = await readOwner(path);
  throw new IndexLockedError(directory, owner === undefined ? 'another writer keeps taking it' : describe(owner));
}

async function create(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

// How long a lock may stay unreadable while its writer fills it; past that, its writer died between creating and filling it.
const UNREADABLE_LOCK_GRACE_MS = 10_000;
// The owners of unreadable locks: one being written, and one whose writer died.
const STARTING = 0;
const GONE = -1;

async function readOwner(path: string): Promise<LockOwner | undefined> {
  let text: string;
  let modifiedMs: number;
  try {
    [text, modifiedMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((info) => info.mtimeMs)]);
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string')
      return { pid: owner.pid, host: owner.host, since: String(owner.since) };
  } catch {
    // Being written right now, or cut short by a crash: told apart by its age.
  }
  const fresh = Date.now() - modifiedMs < UNREADABLE_LOCK_GRACE_MS;
  return { pid: fresh ? STARTING : GONE, host: hostname(), since: new Date(modifiedMs).toISOString() };
}

// A process on another machine (a shared folder) cannot be checked: its lock is kept.
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === STARTING) return true;
  if (owner.pid === GONE) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(owner: LockOwner): string {
  if (owner.pid === STARTING) return 'a writer is taking it right now';
  const who = owner.pid === process.pid && owner.host === hostname() ? 'this process' : `process ${owner.pid} on ${owner.host}`;
  return `${who} has been writing it since ${owner.since}`;
}
