import { runCommand } from '../src/cli/args.js';
import { serveCommand } from '../src/cli/serve.js';

await runCommand(() => serveCommand(process.argv.slice(2)));
