import { readFile } from 'node:fs/promises';
import { GazetteError } from '../errors.js';
import { splitWords } from './tokenize.js';

/**
 * One line of a synonyms file: each word of `from` is also searched as every word of `to`.
 * A group of equals (`kyiv, kiev`) has the same words in both; a one-way rule
 * (`ukraine => kyiv, kiev`) expands its left side only.
 */
export interface SynonymRule {
  from: string[];
  to: string[];
}

/** A synonyms file that cannot be read as rules; `line` and the message say where and why. */
export class SynonymsFileError extends GazetteError {
  readonly path: string;
  readonly line: number;
  constructor(path: string, line: number, reason: string) {
    super('invalid_synonyms', `${path}:${line}: ${reason}`);
    this.path = path;
    this.line = line;
  }
}

/**
 * Reads a synonyms file: one rule per line, `a, b, c` (equals) or `a => b, c` (one way);
 * `#` starts a comment; blank lines are skipped. Each entry is one word.
 *
 *     kyiv, kiev
 *     ukraine => kyiv, kiev
 */
export function parseSynonyms(text: string, path = 'synonyms'): SynonymRule[] {
  const rules: SynonymRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const sides = line.split('=>');
    if (sides.length > 2) throw new SynonymsFileError(path, index + 1, 'has "=>" more than once');
    const [left, right] = sides.map((side) => wordsOf(side, path, index + 1));
    if (right === undefined) {
      if ((left as string[]).length < 2)
        throw new SynonymsFileError(path, index + 1, 'a group needs two words or more, separated by commas');
      rules.push({ from: left as string[], to: left as string[] });
    } else {
      rules.push({ from: left as string[], to: right });
    }
  });
  return rules;
}

/** Reads and parses a synonyms file. Throws SynonymsFileError, naming the line. */
export async function readSynonymsFile(path: string): Promise<SynonymRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SynonymsFileError(path, 0, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseSynonyms(text, path);
}

function wordsOf(side: string, path: string, line: number): string[] {
  const entries = side.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === ''))
    throw new SynonymsFileError(path, line, 'has an empty entry: words are separated by single commas');
  for (const entry of entries) {
    const words = splitWords(entry);
    if (words.length !== 1 || words[0]?.text !== entry) {
      throw new SynonymsFileError(path, line, `"${entry}" is not one word (entries of several words are not supported)`);
    }
  }
  return entries;
}
