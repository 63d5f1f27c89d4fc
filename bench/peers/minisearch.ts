import MiniSearch from 'minisearch';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as englishStopWords } from 'natural/lib/natural/util/stopwords.js';
import type { PeerDocument, PeerEngine } from './types.js';

/** How a MiniSearchPeer is set up. */
export interface MiniSearchPeerOptions {
  /** Porter-stem terms (index and query) after MiniSearch's lower-casing. */
  stem: boolean;
  /**
   * Fuzzy search as MiniSearch's README shows it for typos, `fuzzy: 0.2` with
   * `prefix: false`: each query term matches indexed terms within a Levenshtein distance
   * of round(0.2 × its length) (0 up to 2 letters, 1 from 3 to 7, 2 from 8 to 12, at most
   * maxFuzzy 6), weighted by fuzzyWeight 0.45 × length / (length + distance), below the
   * exact term. Levenshtein: a transposition costs 2, so it is forgiven only in words of
   * 8+ letters. With `stem`, the stemmed query term is matched against stemmed terms.
   * The typo evaluation (`npm run eval -- --typos`) runs it on clean and typo'd queries.
   */
  fuzzy?: boolean;
  /** Search-time `boost: { title }`, as MiniSearch's README shows it (default 1: no boost). */
  titleBoost?: number;
  /**
   * Drop English stop words in `processTerm`, as the README's "discarding stop words" example
   * does (its list is left to the user: natural's, Gazette's own).
   */
  stopWords?: boolean;
}

const STOP_WORDS = new Set(englishStopWords);

/**
 * MiniSearch over title and body. With `stem: false` it is MiniSearch exactly as its
 * README sets it up (its own tokenizer, lower-casing, no stemming, OR, no boosts);
 * with `stem: true`, terms also go through the Porter stemmer, the usual next step;
 * with `fuzzy: true`, its fuzzy search (see MiniSearchPeerOptions).
 */
export class MiniSearchPeer implements PeerEngine {
  readonly name: string;
  private readonly stem: boolean;
  private readonly fuzzy: boolean;
  private readonly titleBoost: number;
  private readonly stopWords: boolean;
  private index: MiniSearch<PeerDocument> | undefined;

  constructor(options: MiniSearchPeerOptions = { stem: false }) {
    this.stem = options.stem;
    this.fuzzy = options.fuzzy === true;
    this.titleBoost = options.titleBoost ?? 1;
    this.stopWords = options.stopWords === true;
    const boost = this.titleBoost === 1 ? '' : `, title ×${this.titleBoost}`;
    const stop = this.stopWords ? ', stop words' : '';
    this.name = `MiniSearch (${options.stem ? 'Porter' : 'defaults'}${stop}${boost}${this.fuzzy ? ', fuzzy 0.2' : ''})`;
  }

  // MiniSearch lower-cases by default; a processTerm of our own must do it too.
  private processTerm(term: string): string | null {
    const lower = term.toLowerCase();
    if (this.stopWords && STOP_WORDS.has(lower)) return null;
    return this.stem ? PorterStemmer.stem(lower) : lower;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    this.index = new MiniSearch<PeerDocument>({
      fields: ['title', 'body'],
      ...(this.stem || this.stopWords ? { processTerm: (term: string) => this.processTerm(term) } : {}),
    });
    this.index.addAll(documents);
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.index === undefined) throw new Error('MiniSearchPeer: build() first');
    return this.index
      .search(query, {
        ...(this.fuzzy ? { fuzzy: 0.2, prefix: false } : {}),
        ...(this.titleBoost === 1 ? {} : { boost: { title: this.titleBoost } }),
      })
      .slice(0, k)
      .map((result) => String(result.id));
  }
}
