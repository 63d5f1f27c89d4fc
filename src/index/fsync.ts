import { open } from 'node:fs/promises';

/** Fsyncs a folder, so that the names of the files made or renamed in it survive a power cut too. */
export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
