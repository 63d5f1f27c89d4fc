import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packThisPackage, writeProjectOfTarball } from '../../bench/packed-install.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';

// What a user of the published package gets: `npm pack`, then, in a clean folder, `npm ci
// --omit=dev` of that tarball alone (offline, from the cache this repository's `npm ci` filled).
const run = promisify(execFile);
const STORIES = fileURLToPath(new URL('../fixtures/stories/', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
// The server's packages, and the database clients natural depends on but Gazette never needs.
const SERVER_PACKAGES = /[\\/]node_modules[\\/](express|helmet|compression|pino|prom-client|zod|mongoose|mongodb|pg|redis|memjs)[\\/]/;

let folder: string;
let tarball: string;

async function npm(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npm', [...args, '--offline', '--no-audit', '--no-fund'], { cwd: folder });
}

async function gazette(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npx', ['--no', 'gazette', ...args], { cwd: folder }).catch(
    (error: Error & { code?: number; stdout?: string; stderr?: string }) => {
      // What the command printed on stdout too, for a failure that says why.
      const { code, stdout, stderr } = error;
      throw Object.assign(new Error(`${error.message}\n${stdout ?? ''}`), { code, stdout, stderr });
    },
  );
}

async function node(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, args, { cwd: folder });
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} in:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += String(chunk);
      if (!pattern.test(output)) return;
      clearTimeout(timer);
      resolve(output);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)));
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), `${TEMPORARY_PREFIX}package-`));
  tarball = await packThisPackage(folder, { build: false });
  await writeProjectOfTarball(folder, tarball);
  await npm(['ci', '--omit=dev']);
  await cp(STORIES, join(folder, 'my-articles'), { recursive: true });
}, 180_000);

afterAll(async () => {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('the packed package, installed with npm ci --omit=dev in a clean folder', () => {
  it('ships its licence, its compiled command and no TypeScript sources', () => {
    const installed = join(folder, 'node_modules', 'gazette');
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'cli', 'bin.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // Development tools stay out of a production install: the command runs without them.
    for (const tool of ['typescript', 'tsx', 'esbuild', 'vitest']) expect(existsSync(join(folder, 'node_modules', tool))).toBe(false);
  });

  it('runs `npx gazette build-index` and `npx gazette search` on the user’s own articles', async () => {
    const built = await gazette(['build-index', '--input', 'my-articles', '--out', 'my-index', '--quiet']);
    expect(built.stdout).toMatch(/^Indexed \d+ articles/m);
    const found = await gazette(['search', '--index', 'my-index', '--json', 'harbour']);
    expect((JSON.parse(found.stdout) as { total: number }).total).toBeGreaterThan(0);
  }, 60_000);

  it('runs `npx gazette serve --articles <folder>`, which indexes the folder and answers a search', async () => {
    const child = spawn('npx', ['--no', 'gazette', 'serve', '--articles', 'my-articles', '--index', 'served-index', '--port', '0'], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npx runs the server as its child: the whole group is stopped at the end.
      detached: true,
    });
    try {
      const output = await waitForOutput(child, /ready/);
      const port = Number(/"port":(\d+)/.exec(output)?.[1]);
      const answer = await fetch(`http://127.0.0.1:${port}/search?q=harbour`);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { total: number }).total).toBeGreaterThan(0);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  }, 60_000);

  it('is importable from ESM and from CommonJS, printing nothing and loading none of the server’s packages nor natural’s database clients', async () => {
    const esm = await node([
      '--input-type=module',
      '-e',
      `import { SearchEngine } from 'gazette';
       import { createRequire } from 'node:module';
       const engine = await SearchEngine.fromArticles([{ id: 'a', title: 'Harbour strike', body: 'Dockers stopped work.', tags: [] }]);
       const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => ${SERVER_PACKAGES}.test(path));
       if (engine.search({ q: 'harbour' }).total !== 1 || loaded.length > 0) process.exitCode = 3;`,
    ]);
    expect(esm).toEqual({ stdout: '', stderr: '' });
    const cjs = await node([
      '-e',
      `const { SearchEngine, GazetteError } = require('gazette');
       if (typeof SearchEngine.fromArticles !== 'function' || typeof GazetteError !== 'function') process.exitCode = 3;
       if (Object.keys(require.cache).some((path) => ${SERVER_PACKAGES}.test(path))) process.exitCode = 4;`,
    ]);
    expect(cjs).toEqual({ stdout: '', stderr: '' });
  });

  it('gives TypeScript its types both for `import` and for `require`', async () => {
    const use = `const engine: SearchEngine = await SearchEngine.fromArticles([]);\nconst size: number = engine.size;\nvoid size;\n`;
    await writeFile(join(folder, 'use.mts'), `import { SearchEngine } from 'gazette';\n${use}`);
    await writeFile(
      join(folder, 'use.cts'),
      `import { SearchEngine } from 'gazette';\nasync function main(): Promise<void> {\n${use}}\nvoid main();\n`,
    );
    const options = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck'];
    // @types/node is a development dependency of Gazette, not of its users: borrowed from this repository.
    const typeRoots = ['--typeRoots', fileURLToPath(new URL('../../node_modules/@types', import.meta.url))];
    await expect(node([TSC, ...options, ...typeRoots, 'use.mts', 'use.cts'])).resolves.toMatchObject({ stdout: '' });
  }, 60_000);
});

describe('the packed package installed as a library only (--omit=optional)', () => {
  it('leaves out the server’s packages, still indexes, and says in one line what `serve` needs', async () => {
    await rm(join(folder, 'node_modules'), { recursive: true, force: true });
    await npm(['ci', '--omit=dev', '--omit=optional']);
    for (const name of ['express', 'pino', 'zod', 'prom-client']) expect(existsSync(join(folder, 'node_modules', name))).toBe(false);
    const built = await gazette(['build-index', '--input', 'my-articles', '--out', 'library-index', '--quiet']);
    expect(built.stdout).toMatch(/^Indexed \d+ articles/m);
    const served = await gazette(['serve', '--articles', 'my-articles']).catch((error: { code: number; stderr: string }) => error);
    expect(served).toMatchObject({ code: 1 });
    expect((served as { stderr: string }).stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: gazette serve needs the server's packages .* is not installed: .*--omit=optional/),
    ]);
  }, 120_000);
});
