// `prepare` (run by `npm install` and `npm ci` in a clone, and by `npm pack`): builds dist/.
// TypeScript and esbuild are development tools: under `npm ci --omit=dev` they are absent and
// nothing can be built, which must not fail the install. It says so instead: an operator's
// install is the packed package (npm pack), which carries dist/ ready to run.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const installed = (name) => {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
};

if (!installed('typescript') || !installed('esbuild')) {
  console.error(
    'gazette: dist/ not built (TypeScript and esbuild are dev dependencies, left out by --omit=dev). ' +
      'Run `npm ci` to build here, or install the packed package (npm pack), which carries dist/.',
  );
} else {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
