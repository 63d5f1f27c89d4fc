import { readFileSync } from 'node:fs';
import { GazetteError } from '../index.js';
import { UsageError } from './args.js';

/**
 * `gazette serve` could not load the server's packages: they are optional dependencies, left
 * out by `npm install --omit=optional` (a library-only install).
 */
export class ServerPackagesMissingError extends GazetteError {
  constructor(missing: string) {
    super(
      'server_packages_missing',
      `gazette serve needs the server's packages (express, helmet, compression, pino, prom-client, zod), ` +
        `and ${missing} is not installed: this install left out optional dependencies (--omit=optional). ` +
        'Install again without --omit=optional to serve.',
    );
  }
}

type Command = (argv: string[]) => Promise<number>;

/**
 * The commands of `gazette`. Each is loaded when run: `build-index` and `search` never load
 * the server's packages (express, pino, zod, ...), and an install without them can still index.
 */
const COMMANDS: Record<string, { summary: string; run: Command }> = {
  'build-index': {
    summary: 'read article files and write a search index (npm run build-index)',
    run: async (argv) => (await import('./build-index.js')).buildIndexCommand(argv),
  },
  search: {
    summary: 'search an index from the command line (npm run search)',
    run: async (argv) => (await import('./search.js')).searchCommand(argv),
  },
  serve: {
    summary: 'serve the search API and page over HTTP (npm start)',
    run: async (argv) => (await loadServer()).serveCommand(argv),
  },
};

/** The help text of `gazette`. */
export const GAZETTE_USAGE = `Usage: gazette <command> [options]     (gazette <command> --help for its options)

${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`)
  .join('\n')}

  --version    the installed version`;

async function loadServer(): Promise<typeof import('./serve.js')> {
  try {
    return await import('./serve.js');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec((error as Error).message)?.[1];
    if (code === 'ERR_MODULE_NOT_FOUND' && missing !== undefined && !missing.startsWith('.') && !missing.startsWith('/')) {
      throw new ServerPackagesMissingError(missing);
    }
    throw error;
  }
}

function installedVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs `gazette <command> …`: 0 on success, 1 when the command failed, 2 on a command line it cannot run. */
export async function gazetteCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError(`give a command\n\n${GAZETTE_USAGE}`);
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(GAZETTE_USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(installedVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) throw new UsageError(`unknown command "${name}"\n\n${GAZETTE_USAGE}`);
  return command.run(rest);
}
