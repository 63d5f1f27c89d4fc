import { type ParseArgsConfig, parseArgs } from 'node:util';
import { GazetteError } from '../index.js';

/** A command line that cannot be run; the message says what to change. */
export class UsageError extends GazetteError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** node:util's parseArgs, with its errors turned into UsageErrors that carry the command's usage. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
  usage: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

/** Runs a command's main function: prints a GazetteError's message (not a stack) and sets the exit code. */
export async function runCommand(main: () => Promise<number | undefined>): Promise<void> {
  // `search … | head` closes the pipe once it has its lines: the reader has what it wanted, which
  // is no failure (as for Unix tools), not an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof GazetteError) {
      // Line by line: a usage text keeps its lines, a path in the message cannot send escapes.
      process.stderr.write(`error: ${error.message.split('\n').map(forTerminal).join('\n')}\n`);
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

// Control characters (C0, DEL, C1) and the bidirectional controls that make text read
// backwards ("Trojan Source"): a file name holding them could clear the screen, retitle the
// terminal, forge a line of a report or disguise itself.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from outside (a file name, a record's field, a query id) made safe to print on a
 * terminal: control characters become escapes such as \x1b, \n or \u202e; the rest is
 * unchanged, so a name without them prints as it is.
 *
 *     forTerminal('news\x1b[2J.txt') // 'news\\x1b[2J.txt'
 */
export function forTerminal(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const code = character.charCodeAt(0);
    return (
      SHORT_ESCAPES[character] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    );
  });
}
