import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the search page script', () => {
  // The page is plain JavaScript served as is; its JSDoc types are checked by TypeScript with the DOM library.
  it('type-checks against the DOM (tsconfig.page.json)', () => {
    const run = () =>
      execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.page.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(run).not.toThrow();
  });
});
