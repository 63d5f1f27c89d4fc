// `npm start`: runs the server (scripts/serve.ts) from a JavaScript bundle that esbuild
// rebuilds whenever a file it was built from is newer than it, so that nobody runs stale
// code. Why a bundle: under tsx, and even as plain files, Node spent ~1 s resolving,
// transforming and compiling hundreds of modules before the server could answer; one
// bundle with its dependencies inside loads in ~0.2 s (README "Time to first answer").
// Plain JavaScript, so that Node runs it without a TypeScript loader.
import { mkdir, readFile, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'build', 'server');
const ENTRY = join(OUT, 'serve.mjs');
const METAFILE = join(OUT, 'inputs.json');
// npm rewrites this file on every install: dependencies changed when it is newer than the bundle.
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');

/**
 * True when the bundle exists and no source it was built from (nor the installed
 * dependencies, nor this script) changed since.
 * @returns {Promise<boolean>}
 */
async function bundleIsFresh() {
  let built;
  try {
    built = JSON.parse(await readFile(METAFILE, 'utf8'));
    await stat(ENTRY);
  } catch {
    return false;
  }
  const { startedAt, inputs } = built;
  // Sources outside node_modules one by one; dependencies all at once, by npm's record of the install.
  const watched = [...inputs.filter((path) => !path.startsWith('node_modules/')), relative(ROOT, fileURLToPath(import.meta.url))];
  const times = await Promise.all(
    [...watched.map((path) => join(ROOT, path)), INSTALLED].map((path) =>
      stat(path).then(
        (stats) => stats.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      ),
    ),
  );
  return times.every((time) => time < startedAt);
}

/** Bundles scripts/serve.ts and everything it imports into build/server/. */
async function buildBundle() {
  // Sources are compared with the moment the build began: one saved during the build is newer.
  const startedAt = Date.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { serve: 'scripts/serve.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Modules loaded with import() (the article readers: linkedom, Readability, csv-parse,
    // YAML) stay in chunks of their own, loaded only when articles are read.
    splitting: true,
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Smaller to parse; identifiers are kept, since error classes are named after them.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // Bundled CommonJS dependencies call require() for Node's built-in modules.
    banner: { js: "import { createRequire as __gazetteRequire } from 'node:module'; const require = __gazetteRequire(import.meta.url);" },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    // Written beside and renamed: a server starting meanwhile reads the old file or the new one, whole.
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  // The server finds its page next to its code (new URL('./public/', import.meta.url)).
  await symlink(join('..', '..', 'src', 'server', 'public'), join(OUT, 'public'), 'dir').catch((error) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const temporary = `${METAFILE}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ startedAt, inputs: Object.keys(result.metafile.inputs) }));
  await rename(temporary, METAFILE);
}

if (!(await bundleIsFresh())) await buildBundle();
await import(pathToFileURL(ENTRY).href);
