import { runCommand } from '../src/cli/args.js';
import { evalCommand } from './eval/cli.js';

await runCommand(() => evalCommand(process.argv.slice(2)));
