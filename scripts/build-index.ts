import { runCommand } from '../src/cli/args.js';
import { buildIndexCommand } from '../src/cli/build-index.js';

await runCommand(() => buildIndexCommand(process.argv.slice(2)));
