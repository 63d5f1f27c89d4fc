import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';
import { normalizeWord } from './normalize.js';
import type { SynonymRule } from './synonyms.js';
import { splitWords, type WordSpan } from './tokenize.js';

/**
 * How text becomes index terms. It is written into every index's manifest and read
 * back when the index is opened, so that queries are always analysed exactly as
 * the documents were.
 */
export interface AnalyzerSettings {
  tokenizer: 'unicode-words';
  foldAccents: true;
  stopWords: 'natural-english' | 'none';
  stemmer: 'porter' | 'none';
  /** Words also searched as other words (synonyms.ts); applied to queries, not to the articles. */
  synonyms?: SynonymRule[];
  /** `false`: this index searches every word as written unless a request asks for typo tolerance. Default true. */
  typoTolerance?: boolean;
}

const MAX_STEMMED_LENGTH = 40;

/** The analysis every index gets unless told otherwise: Unicode words, lower-cased, accents folded, English stop words, Porter stemming. */
export const DEFAULT_ANALYZER: AnalyzerSettings = {
  tokenizer: 'unicode-words',
  foldAccents: true,
  stopWords: 'natural-english',
  stemmer: 'porter',
};

/** A word of the text with the index term it stands for. */
export interface Token extends WordSpan {
  term: string;
}

/** Turns text into index terms: split into words, normalize, drop stop words, stem. */
export class Analyzer {
  readonly settings: AnalyzerSettings;
  private readonly stopWords: ReadonlySet<string>;
  // Most words of a corpus repeat, and Porter stemming dominates analysis time:
  // one stem per distinct word form.
  private readonly termCache = new Map<string, string | null>();
  // Each term of a synonym rule's left side, to the terms it is also searched as.
  private readonly synonyms = new Map<string, string[]>();

  constructor(settings: AnalyzerSettings = DEFAULT_ANALYZER) {
    this.settings = { ...settings };
    this.stopWords = new Set(settings.stopWords === 'natural-english' ? naturalStopWords : []);
    for (const rule of settings.synonyms ?? []) this.addSynonyms(rule);
  }

  /**
   * The index terms a word as typed is also searched as, by the synonym rules; none when it has
   * none. Rules are keyed by the word, not its stem: "university, college" must not reach
   * "universe", which stems alike.
   */
  synonymsOf(word: string): readonly string[] {
    return this.synonyms.get(normalizeWord(word)) ?? [];
  }

  private addSynonyms(rule: SynonymRule): void {
    const to = rule.to.map((word) => this.termOf(word)).filter((term): term is string => term !== null);
    for (const from of rule.from) {
      const key = normalizeWord(from);
      const own = this.termOf(from);
      const known = this.synonyms.get(key) ?? [];
      this.synonyms.set(key, [...new Set([...known, ...to.filter((term) => term !== own)])]);
    }
  }

  /** The index term of one word, or null for a stop word. */
  termOf(word: string): string | null {
    const cached = this.termCache.get(word);
    if (cached !== undefined) return cached;
    const term = this.termOfUncached(word);
    if (this.termCache.size < 1_000_000 && word.length <= MAX_STEMMED_LENGTH) this.termCache.set(word, term);
    return term;
  }

  /** Index terms of a text, in order, stop words removed. */
  terms(text: string): string[] {
    const terms: string[] = [];
    for (const word of splitWords(text)) {
      const term = this.termOf(word.text);
      if (term !== null) terms.push(term);
    }
    return terms;
  }

  /** Tokens of a text with their offsets into it, stop words removed. */
  tokens(text: string): Token[] {
    const tokens: Token[] = [];
    for (const word of splitWords(text)) {
      const term = this.termOf(word.text);
      if (term !== null) tokens.push({ ...word, term });
    }
    return tokens;
  }

  /** `termOf` without its cache, for callers that keep their own (indexing remembers each word form once). */
  termOfUncached(word: string): string | null {
    const form = this.indexForm(word);
    return form === null ? null : this.termOfForm(form);
  }

  /**
   * A word normalised (termOf before stemming), or null for a stop word: what a build records
   * while another thread stems (deferred-terms.ts).
   */
  indexForm(word: string): string | null {
    const normalized = normalizeWord(word);
    return normalized === '' || this.stopWords.has(normalized) ? null : normalized;
  }

  /** Whether a normalised word's term is its stem (Porter's), not the word itself. */
  stems(form: string): boolean {
    // natural's Porter stemmer takes quadratic time in a word's length (a 40,000-digit
    // "word" took 11 s); no word that stemming helps is this long.
    // A number has no suffix to strip: a quarter of a news archive's word forms (prices, sums, dates).
    return this.settings.stemmer === 'porter' && form.length <= MAX_STEMMED_LENGTH && !isAsciiNumber(form);
  }

  /** The index term of a normalised word (indexForm's). */
  termOfForm(form: string): string {
    return this.stems(form) ? PorterStemmer.stem(form) : form;
  }
}

/** The module of the stemmer `termOfForm` applies, for a thread that stems for a build (deferred-terms.ts). */
export const STEMMER_MODULE = 'natural/lib/natural/stemmers/porter_stemmer.js';

function isAsciiNumber(word: string): boolean {
  for (let at = 0; at < word.length; at++) {
    const code = word.charCodeAt(at);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** The first characters (UTF-16 code units) of index terms, for `mayAnalyseToOneOf`. */
export function termInitials(terms: Iterable<string>): Set<number> {
  const initials = new Set<number>();
  for (const term of terms) initials.add(term.charCodeAt(0));
  return initials;
}

/**
 * Whether analysing `word` may give a term that starts with one of `initials`, so that
 * long texts are analysed only where it matters. Stemming and folding keep a word's first
 * letter (lower-cased); a non-ASCII first letter may fold to anything, so such a word may.
 */
export function mayAnalyseToOneOf(word: string, initials: ReadonlySet<number>): boolean {
  const first = word.charCodeAt(0);
  if (first >= 0x80) return true;
  return initials.has(first >= 65 && first <= 90 ? first + 32 : first);
}
