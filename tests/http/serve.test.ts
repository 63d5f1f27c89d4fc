import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, SERVER_SETTINGS, serverUsage } from '../../src/server/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_STORIES = fileURLToPath(new URL('../fixtures/stories/', import.meta.url));

async function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gazette-test-serve-'));
}

describe('server configuration', () => {
  it('takes flags over environment variables over the config file over defaults', async () => {
    const file = join(await temporaryFolder(), 'gazette.yaml');
    await writeFile(file, 'port: 4100\nmaxConcurrentSearches: 8\ncacheMaxAge: 30\ncorsOrigins: [https://a.example]\n');
    const config = await loadServerConfig({ flags: { port: '4300' }, env: { PORT: '4200', GAZETTE_MAX_CONCURRENT_SEARCHES: '16' }, file });
    expect(config).toMatchObject({
      port: 4300,
      maxConcurrentSearches: 16,
      cacheMaxAge: 30,
      corsOrigins: ['https://a.example'],
      logLevel: 'info',
    });
  });

  it.each([
    [{ flags: { port: 'abc' }, env: {} }, /--port: must be a whole number from 0 to 65535/],
    [{ flags: {}, env: { GAZETTE_LOG_LEVEL: 'loud' } }, /GAZETTE_LOG_LEVEL: .*"loud"/],
    [{ flags: { 'cors-origins': 'news.example' }, env: {} }, /--cors-origins: "news.example" is not an origin/],
  ])('names the setting and its source when a value is wrong (%#)', async (sources, message) => {
    await expect(loadServerConfig(sources)).rejects.toThrow(message);
  });

  it('refuses a config file with an unknown setting or that cannot be read', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'gazette.json');
    await writeFile(file, '{"prot": 80}');
    await expect(loadServerConfig({ flags: {}, env: {}, file })).rejects.toThrow(/unknown settings prot; known settings are port/);
    await expect(loadServerConfig({ flags: {}, env: {}, file: join(folder, 'missing.json') })).rejects.toThrow(
      /cannot read the config file/,
    );
  });

  it('lists every setting, its environment variable and its default in --help', () => {
    const usage = serverUsage();
    for (const [name, setting] of Object.entries(SERVER_SETTINGS)) {
      expect(usage).toContain(`--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
      for (const variable of setting.env) expect(usage).toContain(variable);
    }
  });
});

function waitForLine(child: ChildProcess, pattern: RegExp, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in:\n${output.join('')}`)), 30_000);
    child.stdout?.on('data', (chunk) => {
      output.push(String(chunk));
      if (pattern.test(output.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

// Raw bytes on a new connection; everything the server writes until it closes it.
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += String(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.write(bytes);
  });
}

describe('npm start', () => {
  // As `npm start` runs it: scripts/start.cjs, which (re)builds the bundle of scripts/serve.ts when it is stale.
  it('builds a missing index, becomes ready, serves searches and the page, logs JSON with request ids, and stops cleanly on SIGTERM', async () => {
    const index = join(await temporaryFolder(), 'index');
    const child = spawn(
      process.execPath,
      ['scripts/start.cjs', '--port', '0', '--host', '127.0.0.1', '--index', index, '--articles', FIXTURE_STORIES],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    try {
      await waitForLine(child, /"msg":"serving \d+ articles; ready"/, output);
      const port = Number(/"port":(\d+)/.exec(output.join(''))?.[1]);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, { headers: { 'X-Request-Id': 'serve-test-1' } });
      expect(ready.status).toBe(200);
      const search = await fetch(`http://127.0.0.1:${port}/search?q=harbour`);
      expect(search.status).toBe(200);
      expect(((await search.json()) as { total: number }).total).toBeGreaterThan(0);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('<html');
      expect(await rawExchange(port, 'HELLO THERE\r\n\r\n')).toMatch(
        /^HTTP\/1\.1 400 [\s\S]*application\/problem\+json[\s\S]*"code":"malformed_request"/,
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = output
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toContainEqual(expect.objectContaining({ reqId: 'serve-test-1', url: '/health/ready', status: 200 }));
      expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  // A supervisor (systemd, Kubernetes) restarts a process that exits; one that stays live but never ready waits forever.
  it('exits 1 with a one-line error, instead of staying live and never ready, when the index cannot be opened', async () => {
    const index = join(await temporaryFolder(), 'index');
    await mkdir(index);
    await writeFile(join(index, 'CURRENT'), 'v-deleted-by-mistake\n');
    const child = spawn(
      process.execPath,
      ['scripts/start.cjs', '--port', '0', '--host', '127.0.0.1', '--index', index, '--articles', FIXTURE_STORIES],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout?.on('data', (chunk) => stdout.push(String(chunk)));
    child.stderr?.on('data', (chunk) => stderr.push(String(chunk)));
    try {
      const code = await new Promise<number | null | 'still running'>((resolve) => {
        const timer = setTimeout(() => resolve('still running'), 30_000);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(code, stdout.join('')).toBe(1);
      expect(stderr.join('')).toMatch(/^error: cannot open the index [^\n]*v-deleted-by-mistake[^\n]*\n$/);
      const logged = stdout
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(logged.at(-1)).toMatchObject({ level: 60, msg: expect.stringMatching(/^cannot open the index/) });
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
