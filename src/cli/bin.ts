#!/usr/bin/env node
// The `gazette` command of the installed package (package.json "bin"): dist/cli/bin.js.
import { runCommand } from './args.js';
import { gazetteCommand } from './gazette.js';

await runCommand(() => gazetteCommand(process.argv.slice(2)));
