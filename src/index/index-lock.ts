import { AsyncLocalStorage } from 'node:async_hooks';
import { link, mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { IndexLockedError } from '../errors.js';

/** The lock file, and the file that makes breaking a stale lock one process's job at a time. */
export const LOCK_FILES = { lock: 'LOCK', breaking: 'LOCK.break' } as const;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** When the lock file was last touched: its holder touches it every HEARTBEAT_MS. */
  touchedMs: number;
}

// A holder touches its lock this often, so that others can tell a live holder from a dead one
// where they cannot ask the operating system (another machine, another container).
const HEARTBEAT_MS = 10_000;
// A lock of another machine untouched this long is stale (six missed heartbeats).
const REMOTE_STALE_MS = 60_000;
// A lock of this machine whose pid runs but which is untouched this long names a reused pid.
const LOCAL_STALE_MS = 10 * 60_000;
// How long a lock (or a break) may stay unreadable while its writer fills it.
const UNREADABLE_GRACE_MS = 10_000;
// The owner of an unreadable lock that is still being written.
const STARTING = 0;

/**
 * Runs `write` while holding the index folder's lock, so that one writer at a time builds,
 * updates or saves it. The lock is a file made with O_EXCL naming the process that holds
 * it, touched every 10 s while held. A lock whose process is gone (a writer killed with -9),
 * one naming this very process (a restarted container that got the same pid), and one of
 * another machine left untouched for a minute are taken over, so a crash cannot leave the
 * folder locked. A second writer is refused with IndexLockedError, not made to wait: a build
 * that waits minutes behind another would save over its work. Within `write`, taking the
 * same lock again (an update that saves) is a no-op.
 *
 * The caller checks first that the folder is absent, empty or an index (persistence.ts):
 * the lock is made inside the folder.
 */
export async function withIndexLock<T>(directory: string, write: () => Promise<T>): Promise<T> {
  const key = resolve(directory);
  const holding = held.getStore();
  if (holding?.has(key)) return write();
  // Another call of this process holds or is taking this lock: refused at once, as another process would be.
  if (busyHere.has(key)) throw new IndexLockedError(directory, 'this process is writing it');
  busyHere.add(key);
  try {
    return await lockedWrite(directory, key, holding, write);
  } finally {
    busyHere.delete(key);
  }
}

async function lockedWrite<T>(
  directory: string,
  key: string,
  holding: ReadonlySet<string> | undefined,
  write: () => Promise<T>,
): Promise<T> {
  const release = await takeLock(directory);
  try {
    return await held.run(new Set([...(holding ?? []), key]), write);
  } finally {
    await release();
  }
}

// Makes the lock file and keeps it touched; returns what removes it.
async function takeLock(directory: string): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, LOCK_FILES.lock);
  await acquire(path, directory);
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await rm(path, { force: true });
  };
}

/** The lock of an index folder held by a long-lived writer (holdIndexLock). */
export interface IndexLockHold {
  /** Runs `write` as the lock's holder: the saves it makes take the lock they already hold. */
  run<T>(write: () => Promise<T>): Promise<T>;
  /** Gives the lock up. */
  release(): Promise<void>;
}

/**
 * Takes the folder's lock for as long as a writer lives (an index opened for writing), where
 * withIndexLock holds it for one call. Other writers, in this process or another, are refused
 * with IndexLockedError until `release`.
 */
export async function holdIndexLock(directory: string): Promise<IndexLockHold> {
  const key = resolve(directory);
  if (busyHere.has(key)) throw new IndexLockedError(directory, 'this process is writing it');
  busyHere.add(key);
  let release: () => Promise<void>;
  try {
    release = await takeLock(directory);
  } catch (error) {
    busyHere.delete(key);
    throw error;
  }
  let released = false;
  return {
    run: (write) => held.run(new Set([key]), write),
    release: async () => {
      if (released) return;
      released = true;
      await release();
      busyHere.delete(key);
    },
  };
}

// The folders whose lock the current chain of calls holds, and those any call of this process holds or is taking.
const held = new AsyncLocalStorage<ReadonlySet<string>>();
const busyHere = new Set<string>();

async function acquire(path: string, directory: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await create(path)) return;
    const owner = await readOwner(path);
    if (owner === undefined) continue; // released meanwhile
    if (isAlive(owner)) throw new IndexLockedError(directory, describe(owner));
    await breakStaleLock(path, owner);
  }
  const owner = await readOwner(path);
  throw new IndexLockedError(directory, owner === undefined ? 'other writers keep taking it' : describe(owner));
}

// Removes the lock only if it is still the stale one that was read, under LOCK.break so that
// of two processes breaking it, the second cannot remove the lock the first has just taken.
async function breakStaleLock(path: string, stale: LockOwner): Promise<void> {
  const breaking = `${path.slice(0, -LOCK_FILES.lock.length)}${LOCK_FILES.breaking}`;
  if (!(await create(breaking))) {
    // Another process is breaking it; a break left by a crash goes once it is old.
    const info = await stat(breaking).catch(() => undefined);
    if (info !== undefined && Date.now() - info.mtimeMs > UNREADABLE_GRACE_MS) await rm(breaking, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    const now = await readOwner(path);
    if (now !== undefined && now.pid === stale.pid && now.host === stale.host && now.since === stale.since) await rm(path, { force: true });
  } finally {
    await rm(breaking, { force: true });
  }
}

// Written whole beside, then linked into place (a link fails when the name exists): a lock is
// never seen empty, which a writer killed between making it and filling it used to leave,
// blocking every other writer for UNREADABLE_GRACE_MS.
async function create(path: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}-${Math.random().toString(16).slice(2, 8)}.tmp`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** True for the names of a lock's files while they are written (create's temporary files). */
export function isLockTemporaryName(name: string): boolean {
  return /^LOCK(\.break)?\.\d{1,10}-[0-9a-f]{1,8}\.tmp$/.test(name);
}

/** Removes the temporary lock files that writers killed while taking the lock left (their process gone, or the file old). */
export async function removeAbandonedLockFiles(directory: string, names: readonly string[]): Promise<void> {
  for (const name of names.filter(isLockTemporaryName)) {
    const pid = Number(/\.(\d+)-[0-9a-f]+\.tmp$/.exec(name)?.[1]);
    // Old too, since it may be another machine's (its pid means nothing here), which lives milliseconds.
    const info = await stat(join(directory, name)).catch(() => undefined);
    const old = info !== undefined && Date.now() - info.mtimeMs > UNREADABLE_GRACE_MS;
    if (pid !== process.pid && (!processRuns(pid) || old)) await rm(join(directory, name), { force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  let text: string;
  let touchedMs: number;
  try {
    [text, touchedMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((info) => info.mtimeMs)]);
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && owner.pid > 0 && typeof owner.host === 'string') {
      return { pid: owner.pid, host: owner.host, since: String(owner.since), touchedMs };
    }
  } catch {
    // Being written right now, or cut short by a crash: told apart by its age.
  }
  const since = new Date(touchedMs).toISOString();
  // An unreadable lock is stale once old: a pid no process has stands for its dead writer.
  return { pid: Date.now() - touchedMs < UNREADABLE_GRACE_MS ? STARTING : -1, host: hostname(), since, touchedMs };
}

function isAlive(owner: LockOwner): boolean {
  const untouchedMs = Date.now() - owner.touchedMs;
  if (owner.pid === STARTING) return true;
  if (owner.pid < 0) return false;
  // Another machine's process cannot be asked: it is alive while it keeps touching the lock.
  if (owner.host !== hostname()) return untouchedMs < REMOTE_STALE_MS;
  // No other call of this process holds it (busyHere): left by an earlier process that had our pid.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return untouchedMs < LOCAL_STALE_MS;
}

function describe(owner: LockOwner): string {
  if (owner.pid === STARTING) return 'a writer is taking it right now';
  const who = owner.pid === process.pid && owner.host === hostname() ? 'this process' : `process ${owner.pid} on ${owner.host}`;
  return `${who} has been writing it since ${owner.since}`;
}
