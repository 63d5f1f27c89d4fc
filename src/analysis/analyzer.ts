import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';
import { normalizeWord } from './normalize.js';
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
}

const MAX_STEMMED_LENGTH = 40;

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

  constructor(settings: AnalyzerSettings = DEFAULT_ANALYZER) {
    this.settings = { ...settings };
    this.stopWords = new Set(settings.stopWords === 'natural-english' ? naturalStopWords : []);
  }

  /** The index term of one word, or null for a stop word. */
  termOf(word: string): string | null {
    const cached = this.termCache.get(word);
    if (cached !== undefined) return cached;
    const term = this.computeTerm(word);
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

  /**
   * The tokens of a text whose term is one of `terms`, with their offsets: what
   * snippets and highlighting need. Much cheaper than `tokens` on long texts,
   * because a word is only analysed when its first letter can begin one of the terms.
   */
  tokensMatching(text: string, terms: ReadonlySet<string>): Token[] {
    if (terms.size === 0) return [];
    const initials = new Set<string>();
    for (const term of terms) initials.add(term.charAt(0));
    const tokens: Token[] = [];
    for (const word of splitWords(text)) {
      // Stemming and folding keep a word's first letter (lower-cased, unaccented); a
      // non-ASCII first letter is always analysed since its folded form is not obvious.
      const first = word.text.charAt(0).toLowerCase();
      if (!initials.has(first) && first.charCodeAt(0) < 0x80) continue;
      const term = this.termOf(word.text);
      if (term !== null && terms.has(term)) tokens.push({ text: word.text, start: word.start, end: word.end, term });
    }
    return tokens;
  }

  private computeTerm(word: string): string | null {
    const normalized = normalizeWord(word);
    if (normalized === '' || this.stopWords.has(normalized)) return null;
    // natural's Porter stemmer takes quadratic time in a word's length (a 40,000-digit
    // "word" took 11 s); no word that stemming helps is this long.
    if (normalized.length > MAX_STEMMED_LENGTH) return normalized;
    return this.settings.stemmer === 'porter' ? PorterStemmer.stem(normalized) : normalized;
  }
}
