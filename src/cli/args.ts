import { type ParseArgsConfig, parseArgs } from 'node:util';
import { GazetteError } from '../index.js';

/** A command line that cannot be run; the message says what to change. */
export class UsageError extends GazetteError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** node:util's parseArgs, with its errors turned into UsageErrors that carry the command's usage. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

/** Runs a command's main function: prints a GazetteError's message (not a stack) and sets the exit code. */
export async function runCommand(main: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof GazetteError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
      return;
    }
    throw error;
  }
}

/** Reads a positive whole number option. */
export function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}
