import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IndexWriteError, SearchEngine } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

// The folder whose sync (an open for reading, then fsync) fails, as a disk that errs after the rename would.
const failing = vi.hoisted(() => ({ directory: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (path, flags, mode) => {
    if (failing.directory !== '' && flags === 'r' && resolve(String(path)) === failing.directory) {
      throw Object.assign(new Error(`EIO: i/o error, open '${String(path)}'`), { code: 'EIO' });
    }
    return actual.open(path, flags, mode);
  };
  return { ...actual, open, default: { ...actual, open } };
});

describe('an error after the commit point', () => {
  it('keeps the new version that CURRENT names, and says it is live', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    await (await engineOf([article({ id: 'a', title: 'Harbour storm', body: 'A storm.' })])).save(directory);

    failing.directory = resolve(directory);
    const failure = await (await engineOf([article({ id: 'b', title: 'Ferry timetable', body: 'Ferries run.' })]))
      .save(directory)
      .catch((error: unknown) => error);
    failing.directory = '';

    expect(failure).toBeInstanceOf(IndexWriteError);
    expect((failure as IndexWriteError).committed).toBe(true);
    expect((failure as Error).message).toMatch(/the new index is live, but the folder could not be synced to disk \(.*EIO\)/);
    expect((failure as Error).message).not.toMatch(/previous index is unchanged/);
    const named = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
    expect(await readdir(directory)).toContain(named);
    const reopened = await SearchEngine.open(directory);
    expect(reopened.search({ q: 'ferry' }).total).toBe(1);
  });
});
