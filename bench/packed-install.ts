import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  [field: string]: unknown;
}

/**
 * Packs this repository as `npm pack` does for a release, building dist/ first (its `prepare`);
 * with `build: false`, packs the dist/ there is (the tests' global setup built it: rebuilding it
 * while other tests read it would pull it from under them). Returns the tarball's path.
 */
export async function packThisPackage(destination: string, options: { build: boolean } = { build: true }): Promise<string> {
  const scripts = options.build ? [] : ['--ignore-scripts'];
  const { stdout } = await run('npm', ['pack', '--silent', ...scripts, '--pack-destination', destination], { cwd: ROOT });
  return join(destination, stdout.trim().split('\n').at(-1) as string);
}

/**
 * Writes a project in `folder` that depends on the tarball alone, with a package-lock.json made
 * from this repository's: the same versions and integrity hashes, less what only development needs.
 * `npm ci --offline` then installs it from the npm cache that `npm ci` of this repository filled,
 * without the network (`npm install --offline` would need the registry's package lists, which
 * `npm ci` never downloads).
 */
export async function writeProjectOfTarball(folder: string, tarball: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const { stdout: integrity } = await run(process.execPath, [
    '-e',
    'const c=require("node:crypto"),f=require("node:fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))',
    tarball,
  ]);
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'gazette-user', dependencies: { gazette: spec } },
    'node_modules/gazette': {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true) continue;
    const { devOptional, ...rest } = entry;
    packages[path] = devOptional === true ? { ...rest, optional: true } : rest;
  }
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'gazette-user', private: true, dependencies: { gazette: spec } }));
  await writeFile(
    join(folder, 'package-lock.json'),
    JSON.stringify({ name: 'gazette-user', lockfileVersion: 3, requires: true, packages }),
  );
}
