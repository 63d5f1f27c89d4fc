import { runCommand } from '../src/cli/args.js';
import { searchCommand } from '../src/cli/search.js';

await runCommand(() => searchCommand(process.argv.slice(2)));
