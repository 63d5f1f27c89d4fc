import { runCommand } from '../src/cli/args.js';
import { evalCommand } from './cli.js';

await runCommand(() => evalCommand(process.argv.slice(2)));
