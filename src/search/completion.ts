import { splitWords } from '../analysis/tokenize.js';
import { InvalidParameterError } from '../errors.js';
import type { FacetField } from '../index/document-store.js';
import type { IndexView } from './index-view.js';
import { LabelCompletion, type LabelMatch } from './label-completion.js';
import { type TitleWordCompletions, TitleWords } from './title-words.js';

/** What a suggestion completes: a word of the titles, or an author, tag or source. */
export type SuggestionKind = 'word' | FacetField;

/**
 * A completion of what a user is typing. A `word` (a word of the archive's titles, lower-cased,
 * as titles spell it) completes the last word typed; an author, tag or source completes the
 * whole text. `count` is how many articles it leads to: those whose titles hold the word (and
 * the words typed before it, when they narrowed it), or those that carry the label.
 */
export interface Suggestion {
  kind: SuggestionKind;
  value: string;
  count: number;
}

/** Suggestions one call gives unless told otherwise. */
export const DEFAULT_SUGGESTIONS = 10;
/** The most suggestions one call gives. */
export const MAX_SUGGESTIONS = 50;
/** The longest text completed, in UTF-16 code units: a search box's, with room to spare. */
export const MAX_SUGGEST_TEXT_LENGTH = 200;

// How well a suggestion accounts for what was typed, best first: every word, without a typo;
// every word, one of them by a near spelling; the last word alone, the ones before it ignored
// (no title holds them together with it).
const EXACT = 0;
const NEAR = 1;
const LAST_WORD_ONLY = 2;
const KIND_ORDER: Record<SuggestionKind, number> = { word: 0, author: 1, tag: 2, source: 3 };

interface Ranked extends Suggestion {
  fit: number;
}

/**
 * As-you-type completion: the words of the titles and the labels (authors, tags, sources) that
 * complete a text, in one list. Ranked first by how well they account for what was typed (every
 * word, exactly, then with a typo, then only the last word), then by the articles they lead to,
 * then kind (words first) and spelling. Made when first asked for, from the index as it is; the
 * engine drops it when an article comes or goes.
 *
 *     new Completion(view).suggest('oil pri', 5)   // [{ kind: 'word', value: 'prices', count: 412 }, …]
 */
export class Completion {
  private readonly words: TitleWords;
  private readonly labels: LabelCompletion;

  constructor(view: IndexView) {
    this.words = new TitleWords(view);
    this.labels = new LabelCompletion(view);
  }

  /** At most `limit` suggestions for `text`, best first. Throws InvalidParameterError naming `q` or `limit`. */
  suggest(text: string, limit: number = DEFAULT_SUGGESTIONS): Suggestion[] {
    checkSuggestArguments(text, limit);
    const typed = splitWords(text).map((word) => word.text);
    if (typed.length === 0) return [];
    const ranked = [...wordsRanked(this.words.complete(typed, limit), typed.length), ...this.labels.complete(text, limit).map(labelRanked)];
    return ranked
      .sort(byFitThenCount)
      .slice(0, limit)
      .map(({ kind, value, count }) => ({ kind, value, count }));
  }
}

/** Refuses a text or limit that `suggest` will not take, naming it as the HTTP API does (`q`, `limit`). */
export function checkSuggestArguments(text: unknown, limit: unknown): void {
  if (typeof text !== 'string') throw new InvalidParameterError('q', 'must be a string');
  if (text.length > MAX_SUGGEST_TEXT_LENGTH) {
    throw new InvalidParameterError('q', `is ${text.length} characters long; suggestions complete at most ${MAX_SUGGEST_TEXT_LENGTH}`);
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS) {
    throw new InvalidParameterError('limit', `must be a whole number from 1 to ${MAX_SUGGESTIONS}`);
  }
}

function wordsRanked({ matches, narrowed }: TitleWordCompletions, typedWords: number): Ranked[] {
  const wholeText = narrowed || typedWords === 1;
  return matches.map(({ word, count, fuzzy }) => ({
    kind: 'word',
    value: word,
    count,
    fit: wholeText ? (fuzzy ? NEAR : EXACT) : LAST_WORD_ONLY,
  }));
}

function labelRanked({ field, value, count, fuzzy }: LabelMatch): Ranked {
  return { kind: field, value, count, fit: fuzzy ? NEAR : EXACT };
}

function byFitThenCount(a: Ranked, b: Ranked): number {
  return (
    a.fit - b.fit || b.count - a.count || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)
  );
}
