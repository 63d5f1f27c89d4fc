// `npm start`: runs the server (scripts/serve.ts) from one JavaScript bundle, with V8's
// compiled code cached beside it. Why: under tsx, and even as plain files, Node spent
// ~1 s resolving, transforming and compiling hundreds of modules before the server could
// answer; the bundle, its code cache warm, is ready in ~0.15 s (docs/benchmarks.md, "Time to first answer").
//
// The bundle is rebuilt (esbuild, 0.5 s) whenever a file it was built from, the installed
// dependencies or this script are newer than its build, so nobody runs stale code. It is
// named after its content, and so is its code cache: a cache is only ever used with the
// bundle it was made from. Plain CommonJS, so that Node runs it without a TypeScript loader
// and without starting its ES module loader (0.02 s).
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { mkdir, readdir, rename, rm, symlink, writeFile } = require('node:fs/promises');
const Module = require('node:module');
const { dirname, join, relative } = require('node:path');
const { Script } = require('node:vm');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'build', 'server');
// What the last build made and from what: { startedAt, bundle, inputs }.
const RECORD = join(OUT, 'build.json');
// npm rewrites this file on every install: dependencies changed when it is newer than the build.
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');
const THIS_SCRIPT = relative(ROOT, __filename);
// What the bundle runs: scripts/serve.ts without its top-level await, which a CommonJS bundle cannot hold.
// Started again as a search thread (src/threads/search-threads.ts), the bundle answers searches only.
const ENTRY = `import { runCommand } from './src/cli/args.js';
import { serveCommand } from './src/cli/serve.js';
import { isSearchThread } from './src/threads/search-worker.js';
if (!isSearchThread()) void runCommand(() => serveCommand(process.argv.slice(2)));`;
// The name esbuild gives that text, which is no file to watch.
const ENTRY_NAME = '<serve entry>';

/**
 * The bundle's file name when it exists and nothing it was built from changed since.
 * Synchronous: some fifty stat calls, faster than as many trips through the thread pool.
 * @returns {string | undefined}
 */
function freshBundle() {
  let record;
  try {
    record = JSON.parse(readFileSync(RECORD, 'utf8'));
    statSync(join(OUT, record.bundle));
  } catch {
    return undefined;
  }
  // Sources outside node_modules one by one; dependencies all at once, by npm's record of the install.
  const sources = record.inputs.filter((path) => !path.startsWith('node_modules/') && path !== ENTRY_NAME);
  const watched = [...sources, THIS_SCRIPT].map((path) => join(ROOT, path));
  return [...watched, INSTALLED].every(
    (path) => (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) < record.startedAt,
  )
    ? record.bundle
    : undefined;
}

/**
 * Bundles the server and everything it imports into build/server/serve-<hash>.cjs.
 * @returns {Promise<string>} the bundle's file name
 */
async function buildBundle() {
  // Sources are compared with the moment the build began: one saved during the build is newer.
  const startedAt = Date.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: ENTRY_NAME, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    // CommonJS, because Node 20 can cache compiled code only for scripts (vm.Script), not ES modules.
    format: 'cjs',
    // Smaller to parse; identifiers are kept, since error classes are named after them.
    minifyWhitespace: true,
    minifySyntax: true,
    // The server finds its page next to its code (new URL('./public/', import.meta.url)).
    define: { 'import.meta.url': '__gazetteBundleUrl' },
    banner: { js: "const __gazetteBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  const bundle = `serve-${createHash('sha256').update(output.contents).digest('hex').slice(0, 16)}.cjs`;
  await mkdir(OUT, { recursive: true });
  await writeAtomically(join(OUT, bundle), output.contents);
  await symlink(join('..', '..', 'src', 'server', 'public'), join(OUT, 'public'), 'dir').catch((error) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await writeAtomically(RECORD, JSON.stringify({ startedAt, bundle, inputs: Object.keys(result.metafile.inputs) }));
  // Older bundles and their caches go; a server still running one has it in memory already.
  for (const name of await readdir(OUT)) {
    if (name.startsWith('serve-') && !name.startsWith(bundle)) await rm(join(OUT, name), { force: true });
  }
  return bundle;
}

// Written beside and renamed: a process starting meanwhile reads the old file or the new one, whole.
async function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/**
 * Runs the bundle as Node runs a CommonJS module, from V8's code cache when there is one.
 * Without one (or when V8 rejects it: another Node version), the code compiled by the time
 * the server has run a while, or stops, is saved for the next start.
 */
function runBundle(file) {
  const cacheFile = `${file}.v8-cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const helpOnly = process.argv.includes('--help') || process.argv.includes('-h');
  if ((cachedData === undefined || script.cachedDataRejected) && !helpOnly) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    };
    setTimeout(save, 10_000).unref();
    process.once('beforeExit', save);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
}

// Without esbuild (an install with --omit=dev), the compiled package serves: dist/cli/bin.js.
function esbuildInstalled() {
  try {
    require.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

function runCompiledPackage() {
  const bin = join(ROOT, 'dist', 'cli', 'bin.js');
  if (!existsSync(bin)) {
    console.error('error: npm start needs esbuild (npm ci) or a built dist/ (npm run build); an operator installs the packed package');
    process.exitCode = 1;
    return;
  }
  process.argv.splice(2, 0, 'serve');
  import(require('node:url').pathToFileURL(bin).href);
}

const fresh = freshBundle();
if (fresh !== undefined) runBundle(join(OUT, fresh));
else if (!esbuildInstalled()) runCompiledPackage();
else
  buildBundle().then(
    (bundle) => runBundle(join(OUT, bundle)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
