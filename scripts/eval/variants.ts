/**
 * The ranking choices behind Gazette's defaults, one engine per choice, so that
 * `npm run eval -- --ablation` can show what each gained on every collection.
 * Each variant is a self-contained MiniSearch set-up fed with Gazette's analyzer and
 * proximity code; the `default` variant must score exactly as the Gazette engine does
 * (the ablation run prints both to show it).
 */
import { createRequire } from 'node:module';
import MiniSearch, { type SearchResult } from 'minisearch';
import LancasterStemmer from 'natural/lib/natural/stemmers/lancaster_stemmer.js';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { DEFAULT_PROXIMITY, rerankByProximity } from '../../src/ranking/proximity.js';
import type { PeerDocument, PeerEngine } from '../peers/types.js';

const require = createRequire(import.meta.url);

/** One set of ranking choices. */
export interface RankingVariant {
  name: string;
  /** Title and body scored as separate fields and summed (the skeleton), or BM25F in one field. */
  fields: 'per-field' | 'bm25f';
  titleWeight: number;
  k1: number;
  b: number;
  delta: number;
  coordination: boolean;
  proximity: boolean;
  stemmer: 'porter' | 'lancaster' | 'porter2' | 'none';
  stopWords: boolean;
  /** Every query term required (AND) instead of any (OR). */
  requireAll: boolean;
  /** Pseudo-relevance feedback: weight of expansion terms from the 10 best documents (0: off). */
  feedback: number;
}

/** Gazette's defaults. */
export const DEFAULT_VARIANT: RankingVariant = {
  name: 'Gazette defaults',
  fields: 'bm25f',
  titleWeight: 3,
  k1: 1.2,
  b: 0.75,
  delta: 0,
  coordination: false,
  proximity: true,
  stemmer: 'porter',
  stopWords: true,
  requireAll: false,
  feedback: 0,
};

/** The walking skeleton's ranking: MiniSearch's BM25+ per field, title ×2, coordination. */
export const SKELETON_VARIANT: RankingVariant = {
  ...DEFAULT_VARIANT,
  name: 'skeleton: BM25+ per field, title ×2, coordination',
  fields: 'per-field',
  titleWeight: 2,
  b: 0.7,
  delta: 0.5,
  coordination: true,
  proximity: false,
};

/** The path from the skeleton to the defaults, one change at a time, then alternatives that were measured and not adopted. */
export function ablationVariants(): RankingVariant[] {
  const bm25f: RankingVariant = { ...SKELETON_VARIANT, name: '+ BM25F: title ×2 and body in one field', fields: 'bm25f' };
  const noCoordination: RankingVariant = { ...bm25f, name: '+ no coordination factor', coordination: false };
  const plainBm25: RankingVariant = { ...noCoordination, name: '+ plain BM25 (δ = 0), b = 0.75', delta: 0, b: 0.75 };
  const title3: RankingVariant = { ...plainBm25, name: '+ title ×3', titleWeight: 3 };
  const proximity: RankingVariant = { ...title3, name: '+ proximity bonus (= Gazette defaults)', proximity: true };
  const alternative = (name: string, change: Partial<RankingVariant>): RankingVariant => ({ ...DEFAULT_VARIANT, ...change, name });
  return [
    SKELETON_VARIANT,
    bm25f,
    noCoordination,
    plainBm25,
    title3,
    proximity,
    alternative('alt: k1 = 0.9', { k1: 0.9 }),
    alternative('alt: k1 = 1.6', { k1: 1.6 }),
    alternative('alt: title ×1', { titleWeight: 1 }),
    alternative('alt: title ×5', { titleWeight: 5 }),
    alternative('alt: Lancaster stemmer', { stemmer: 'lancaster' }),
    alternative('alt: Porter2 stemmer', { stemmer: 'porter2' }),
    alternative('alt: no stemming', { stemmer: 'none' }),
    alternative('alt: no stop words', { stopWords: false }),
    alternative('alt: pseudo-relevance feedback 0.2', { feedback: 0.2 }),
    alternative('alt: AND (every word required)', { requireAll: true }),
  ];
}

type Stem = (word: string) => string;

function stemmerOf(name: RankingVariant['stemmer']): Stem | undefined {
  if (name === 'lancaster') return (word) => LancasterStemmer.stem(word);
  if (name === 'porter2') return require('wink-porter2-stemmer') as Stem;
  return undefined;
}

// Gazette's analyzer, with another stemmer where a variant asks for one.
class VariantAnalyzer extends Analyzer {
  private readonly stem: Stem | undefined;
  private readonly stemmed = new Map<string, string | null>();

  constructor(variant: RankingVariant) {
    super({
      tokenizer: 'unicode-words',
      foldAccents: true,
      stopWords: variant.stopWords ? 'natural-english' : 'none',
      stemmer: variant.stemmer === 'porter' ? 'porter' : 'none',
    });
    this.stem = stemmerOf(variant.stemmer);
  }

  override termOf(word: string): string | null {
    const stem = this.stem;
    if (stem === undefined) return super.termOf(word);
    let term = this.stemmed.get(word);
    if (term === undefined) {
      const unstemmed = super.termOf(word);
      term = unstemmed === null ? null : stem(unstemmed);
      this.stemmed.set(word, term);
    }
    return term;
  }
}

interface Indexed {
  n: number;
  title: string;
  body: string;
  text: string;
}

/** A PeerEngine that ranks with one variant's choices. */
export class VariantEngine implements PeerEngine {
  readonly name: string;
  private readonly variant: RankingVariant;
  private readonly analyzer: Analyzer;
  private index: MiniSearch<Indexed> | undefined;
  private documents: readonly PeerDocument[] = [];
  private segments: string[][][] = [];
  private documentFrequency = new Map<string, number>();
  private averageLength = 0;

  constructor(variant: RankingVariant) {
    this.variant = variant;
    this.name = variant.name;
    this.analyzer = new VariantAnalyzer(variant);
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const { titleWeight } = this.variant;
    this.documents = documents;
    this.index = new MiniSearch<Indexed>({
      idField: 'n',
      fields: this.variant.fields === 'bm25f' ? ['text'] : ['title', 'body'],
      storeFields: [],
      tokenize: (text) => this.analyzer.terms(text),
      processTerm: (term) => term,
    });
    this.segments = documents.map((doc) => [...Array<string>(titleWeight).fill(doc.title), doc.body].map((t) => this.analyzer.terms(t)));
    let total = 0;
    for (const segments of this.segments) {
      total += segments.reduce((sum, segment) => sum + segment.length, 0);
      for (const term of new Set(segments.flat())) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.averageLength = total / Math.max(1, documents.length);
    this.index.addAll(
      documents.map((doc, n) => ({
        n,
        title: doc.title,
        body: doc.body,
        text: [...Array<string>(titleWeight).fill(doc.title), doc.body].join('\n\n'),
      })),
    );
  }

  private idf(term: string): number {
    const total = Math.max(1, this.documents.length);
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  }

  private run(terms: string[], weights?: Map<string, number>): { doc: number; score: number; matched: number }[] {
    const index = this.index;
    if (index === undefined) throw new Error('VariantEngine: build() first');
    const v = this.variant;
    const results = index.search(terms.join(' '), {
      combineWith: 'OR',
      tokenize: (query: string) => query.split(' ').filter((term) => term !== ''),
      boost: v.fields === 'bm25f' ? { text: 1 } : { title: v.titleWeight, body: 1 },
      bm25: { k: v.k1, b: v.b, d: v.delta },
      ...(weights === undefined ? {} : { boostTerm: (term: string) => weights.get(term) ?? 0 }),
    });
    return results.map((r: SearchResult) => ({
      doc: r.id as number,
      score: v.coordination ? r.score : r.score / Math.max(1, r.queryTerms.length),
      matched: r.queryTerms.length,
    }));
  }

  // Expansion terms from the best documents (RM3-like), mixed with the query's own terms.
  private feedbackWeights(terms: string[], best: { doc: number; score: number }[]): Map<string, number> {
    const weight = this.variant.feedback;
    const weights = new Map<string, number>();
    for (const term of terms) weights.set(term, (weights.get(term) ?? 0) + (1 - weight));
    const expansion = new Map<string, number>();
    const top = best[0]?.score ?? 1;
    for (const { doc, score } of best.slice(0, 10)) {
      const words = this.segments[doc]?.flat() ?? [];
      for (const term of words) expansion.set(term, (expansion.get(term) ?? 0) + Math.exp(score / top) / words.length);
    }
    const chosen = [...expansion].sort((a, b) => b[1] - a[1]).slice(0, 20);
    const sum = chosen.reduce((total, [, w]) => total + w, 0);
    for (const [term, w] of chosen) weights.set(term, (weights.get(term) ?? 0) + (weight * terms.length * w) / sum);
    return weights;
  }

  async search(query: string, k: number): Promise<string[]> {
    const terms = this.analyzer.terms(query);
    let matches = this.run(terms).sort((a, b) => b.score - a.score);
    if (this.variant.feedback > 0) {
      const weights = this.feedbackWeights(terms, matches);
      matches = this.run([...weights.keys()], weights).sort((a, b) => b.score - a.score);
    }
    if (this.variant.requireAll) {
      const distinct = new Set(terms).size;
      matches = matches.filter((m) => m.matched === distinct);
    }
    let ranked: { doc: number; score: number }[] = matches;
    if (this.variant.proximity) {
      ranked = rerankByProximity(
        matches,
        {
          queryTerms: terms,
          segmentsOf: (doc) => this.segments[doc] ?? [],
          idf: (term) => this.idf(term),
          averageLength: this.averageLength,
        },
        DEFAULT_PROXIMITY,
      );
    }
    return ranked.slice(0, k).map((m) => this.documents[m.doc]?.id ?? '');
  }
}
