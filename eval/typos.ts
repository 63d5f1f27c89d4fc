import { seededRandom } from '../bench/random.js';
import type { EvalQuery } from './collections.js';

// Typo'd queries for the evaluation (issue 21); the rules and their reasons are in the doc
// comment of typoQueries, and in docs/relevance.md ("Typos").

/** How many typos typoQueries makes, and from which seed. */
export interface TypoOptions {
  /** Seed of the random draws (default 21, the number). */
  seed?: number;
  /** Chance that a word of 5+ letters gets a typo, 0 to 1 (default 0.5). */
  rate?: number;
}

/** The four slips of typing the generator makes. */
export type TypoKind = 'transposition' | 'omission' | 'doubling' | 'neighbouring key';

/** The four kinds, each drawn with the same chance. */
export const TYPO_KINDS: readonly TypoKind[] = ['transposition', 'omission', 'doubling', 'neighbouring key'];

/** Shortest word that gets a typo. */
export const MIN_TYPO_LENGTH = 5;

/** The seed of the sets measured in docs/relevance.md: the number. */
export const DEFAULT_TYPO_SEED = 21;
/** Chance that a word of 5+ letters gets a typo. */
export const DEFAULT_TYPO_RATE = 0.5;

const WORD = /\p{L}+/gu;

// QWERTY letter rows; each row sits about half a key right of the one above, so a key
// touches columns c - 1 and c + 1 of its own row, c and c + 1 of the row above, and
// c - 1 and c of the row below.
const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function qwertyNeighbours(): Map<string, string[]> {
  const neighbours = new Map<string, string[]>();
  QWERTY_ROWS.forEach((row, r) => {
    [...row].forEach((key, c) => {
      const around = [
        row[c - 1],
        row[c + 1],
        QWERTY_ROWS[r - 1]?.[c],
        QWERTY_ROWS[r - 1]?.[c + 1],
        QWERTY_ROWS[r + 1]?.[c - 1],
        QWERTY_ROWS[r + 1]?.[c],
      ];
      neighbours.set(
        key,
        around.filter((k): k is string => k !== undefined),
      );
    });
  });
  return neighbours;
}

/** The keys next to each letter on a QWERTY keyboard, in lower case. */
export const QWERTY_NEIGHBOURS: ReadonlyMap<string, readonly string[]> = qwertyNeighbours();

function neighboursOf(letter: string): readonly string[] {
  const lower = letter.toLowerCase();
  const keys = QWERTY_NEIGHBOURS.get(lower) ?? [];
  return lower === letter ? keys : keys.map((key) => key.toUpperCase());
}

function randomIndex(random: () => number, length: number): number {
  return Math.floor(random() * length);
}

// Positions (never 0, the first letter) where an edit of this kind changes the word.
function positionsFor(kind: TypoKind, letters: readonly string[]): number[] {
  const positions: number[] = [];
  for (let i = 1; i < letters.length; i++) {
    const letter = letters[i] ?? '';
    if (kind === 'transposition' && (i + 1 >= letters.length || letters[i + 1] === letter)) continue;
    if (kind === 'neighbouring key' && neighboursOf(letter).length === 0) continue;
    positions.push(i);
  }
  return positions;
}

function applyEdit(kind: TypoKind, letters: readonly string[], i: number, random: () => number): string[] {
  const edited = [...letters];
  const letter = letters[i] ?? '';
  if (kind === 'transposition') edited.splice(i, 2, letters[i + 1] ?? '', letter);
  else if (kind === 'omission') edited.splice(i, 1);
  else if (kind === 'doubling') edited.splice(i, 0, letter);
  else {
    const keys = neighboursOf(letter);
    edited[i] = keys[randomIndex(random, keys.length)] ?? letter;
  }
  return edited;
}

/**
 * One typo in a word of 5+ letters: a kind drawn at random among those that can change
 * the word (a transposition needs two different neighbouring letters after the first, a
 * neighbouring key a letter of the QWERTY layout), then a position, never the first letter.
 */
export function typoWord(word: string, random: () => number): { word: string; kind: TypoKind } {
  const letters = [...word];
  const kinds = [...TYPO_KINDS];
  while (kinds.length > 0) {
    const kind = kinds.splice(randomIndex(random, kinds.length), 1)[0] as TypoKind;
    const positions = positionsFor(kind, letters);
    if (positions.length === 0) continue;
    const position = positions[randomIndex(random, positions.length)] ?? 1;
    return { word: applyEdit(kind, letters, position, random).join(''), kind };
  }
  // Unreachable for words of 2+ letters: omission and doubling always apply.
  throw new RangeError(`typoWord: no edit applies to "${word}"`);
}

/** A query's text with typos, the rest of the text (spacing, punctuation, digits) untouched. */
export function typoText(text: string, random: () => number, rate = DEFAULT_TYPO_RATE): string {
  const words = [...text.matchAll(WORD)];
  const eligible = words.map((match, i) => ({ match, i })).filter(({ match }) => [...match[0]].length >= MIN_TYPO_LENGTH);
  if (eligible.length === 0) return text;
  const chosen = new Set(eligible.filter(() => random() < rate).map(({ i }) => i));
  if (chosen.size === 0) chosen.add(eligible[randomIndex(random, eligible.length)]?.i ?? 0);
  let out = '';
  let last = 0;
  words.forEach((match, i) => {
    const start = match.index ?? 0;
    out += text.slice(last, start);
    out += chosen.has(i) ? typoWord(match[0], random).word : match[0];
    last = start + match[0].length;
  });
  return out + text.slice(last);
}

// FNV-1a: a query's draws depend on the seed and its id only, so that adding, removing
// or reordering queries does not change the typos of the others.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The queries with typos, same ids, same order: each query of a collection with some of
 * its words misspelt as a typist misspells them, one edit per word, drawn from a fixed
 * seed so that every run, on every machine, measures the same typos.
 *
 * The rules, and why:
 * - Only words (runs of letters) of 5 letters or more are touched: shorter words are the
 *   ones a typo-tolerant engine is told not to correct (Meilisearch: no typo under 5
 *   letters), and a typo in them often makes another word.
 * - A word of 5+ letters gets one edit with probability `rate` (default 0.5), and a query
 *   that has such words gets at least one (a query left clean measures nothing). The
 *   collections' queries are long prose (Cranfield's have about nine words of 5+ letters),
 *   so 0.5 means several typos in most queries: harder than a typist's one slip in a
 *   query, on purpose, since a measure must show the loss. `rate: 0` gives exactly one
 *   typo per query, the gentler reading ("one edit per query").
 * - The edit is one of the four slips of typing (Damerau 1964; Kukich 1992 finds them
 *   behind most typos), drawn with equal chances: two neighbouring letters swapped
 *   (transposition), a letter left out (omission), a letter struck twice (doubling), or a
 *   letter replaced by a key next to it on a QWERTY keyboard (neighbouring key).
 * - The first letter is never touched: typists get it right far more often than the
 *   others (Yannakoudakis & Fawthrop 1983), and spelling correctors rely on it.
 * - Case is kept (LISA's and NPL's queries are in capitals): a neighbouring key of a
 *   capital is a capital.
 *
 * A query's draws depend on the seed and its id only.
 *
 * Usage:
 * ```ts
 * typoQueries([{ id: '1', text: 'flutter of thin wings at supersonic speed' }]);
 * // e.g. [{ id: '1', text: 'flutter of thin wings at supersnoic speed' }]
 * ```
 */
export function typoQueries(queries: readonly EvalQuery[], options: TypoOptions = {}): EvalQuery[] {
  const seed = options.seed ?? DEFAULT_TYPO_SEED;
  const rate = options.rate ?? DEFAULT_TYPO_RATE;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`typo rate must be between 0 and 1, got ${rate}`);
  return queries.map((query) => ({ id: query.id, text: typoText(query.text, seededRandom(hash(`${seed}:${query.id}`)), rate) }));
}

/** How many words of a typo'd text differ from the clean text's (typoText keeps the words in place). */
export function changedWords(clean: string, typod: string): number {
  const before = clean.match(WORD) ?? [];
  const after = typod.match(WORD) ?? [];
  return before.filter((word, i) => word !== after[i]).length;
}
