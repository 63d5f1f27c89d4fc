import { execFileSync } from 'node:child_process';

// The README's library example imports the package by its name, which resolves to
// dist/: build it from the current sources so that the example tests this tree.
export default function buildPackage(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
