import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Prefix of every temporary folder a test makes (inside this run's own temporary folder). */
export const TEMPORARY_PREFIX = 'gazette-test-';

// The README's library example imports the package by its name, which resolves to dist/, and
// the packed package's test packs dist/: build it (as `npm run build` does) from the current
// sources, once, before any test reads it. Every test's temporary folders go in one folder of
// this run's (TMPDIR, which the test workers and their children inherit), removed at the end:
// removing every gazette-test-* of the machine took those of another run still going.
export default function buildPackage(): () => void {
  execFileSync(process.execPath, ['scripts/build-package.mjs'], { stdio: 'inherit' });
  const run = mkdtempSync(join(tmpdir(), 'gazette-run-'));
  process.env.TMPDIR = run;
  return function removeTemporaryFolders() {
    rmSync(run, { recursive: true, force: true });
  };
}
