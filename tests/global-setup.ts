import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Prefix of every temporary folder a test makes; the teardown removes them all. */
export const TEMPORARY_PREFIX = 'gazette-test-';

// The README's library example imports the package by its name, which resolves to dist/, and
// the packed package's test packs dist/: build it (as `npm run build` does) from the current
// sources, once, before any test reads it.
export default function buildPackage(): () => void {
  execFileSync(process.execPath, ['scripts/build-package.mjs'], { stdio: 'inherit' });
  return function removeTemporaryFolders() {
    for (const name of readdirSync(tmpdir())) {
      if (name.startsWith(TEMPORARY_PREFIX)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  };
}
