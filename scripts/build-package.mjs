// `npm run build` (and `prepare`, so `npm pack` ships a fresh build): dist/ from nothing, so
// that no file of an older build (a module since removed) is packed.
//
// 0. `tsc -p tsconfig.build.json`: the ES modules and their types.
// 1. The search page the server serves (dist/server/public), read beside its code.
// 2. The CommonJS entry (dist/cjs/index.js) for `require('gazette')`: one esbuild bundle of
//    src/index.ts with every dependency left to `require` except marked, which ships only as an
//    ES module (bundled, so that requiring Gazette loads no ES module and prints no warning on
//    Node 20). A second tsc emit was the other way: tsc decides a file's module kind by the
//    package's "type", so it would need a copy of the sources under a CommonJS package.json.
// 3. The types of that entry: the same declarations, copied under dist/cjs/, whose package.json
//    says "commonjs", so TypeScript reads them as what `require` returns (not as ESM in disguise).
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const CJS = join(DIST, 'cjs');
// Faces, not library: the CommonJS entry exports the library only.
const NOT_LIBRARY = ['cjs', 'cli', 'server'];
const BUNDLED_PACKAGES = ['marked'];

const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]
  .filter((name) => !BUNDLED_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

await rm(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
await cp(join(ROOT, 'src', 'server', 'public'), join(DIST, 'server', 'public'), { recursive: true });

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/index.ts'],
  outfile: join(CJS, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external,
  // Error classes are named after their identifiers: keep them.
  keepNames: true,
  // CommonJS has no import.meta: the writer then finds its fold script from __dirname.
  define: { 'import.meta.url': 'undefined' },
  logLevel: 'warning',
});
await writeFile(join(CJS, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

for (const file of await declarationFiles(DIST)) {
  const target = join(CJS, relative(DIST, file));
  await mkdir(dirname(target), { recursive: true });
  await cp(file, target);
}

async function declarationFiles(folder) {
  const files = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!(folder === DIST && NOT_LIBRARY.includes(entry.name))) files.push(...(await declarationFiles(path)));
    } else if (entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
