import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so that `import … from 'gazette'` resolves to this package (built into dist/ by the global setup).
const EXAMPLE = fileURLToPath(new URL('./.readme-example.mts', import.meta.url));

async function readmeExample(): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const match = /<!-- readme-example -->\n```ts\n([\s\S]*?)\n```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no <!-- readme-example --> code block');
  return match[1];
}

describe('the README', () => {
  it('has a library example that runs and finds the Minsk protests', async () => {
    await writeFile(EXAMPLE, await readmeExample());
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', EXAMPLE], { cwd: ROOT });
      expect(stdout).toMatch(/^indexed 48 articles, rejected 0$/m);
      expect(stdout).toMatch(/matches; best: .*Minsk/);
      expect(stdout).toMatch(/^2020-08: \d+$/m);
    } finally {
      await rm(EXAMPLE, { force: true });
      await rm('/tmp/gazette-example-index', { recursive: true, force: true });
    }
  });
});
