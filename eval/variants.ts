/**
 * The ranking choices behind Gazette's defaults, one engine per choice, so that
 * `npm run eval -- --ablation` can show what each gained on every collection.
 * Each variant is a self-contained MiniSearch set-up fed with Gazette's analyzer and
 * proximity code; the `default` variant must score exactly as the Gazette engine does
 * (the ablation run prints both to show it). Over 400 lines for a reason: one engine holds
 * every alternative, so that each differs from the defaults by one setting.
 */
import { createRequire } from 'node:module';
import MiniSearch, { type SearchResult } from 'minisearch';
import LancasterStemmer from 'natural/lib/natural/stemmers/lancaster_stemmer.js';
import type { PeerDocument, PeerEngine } from '../bench/peers/types.js';
import { Analyzer } from '../src/analysis/analyzer.js';
import { DEFAULT_PROXIMITY, type ProximitySettings } from '../src/ranking/proximity.js';
import { DEFAULT_RERANK, rerankBest } from '../src/ranking/rerank.js';
import { type Rm3Settings, rm3Weights } from './rm3.js';
import { type ScoringOptions, VariantScorer } from './variant-scoring.js';

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
  /** 'porter-lancaster': Lancaster applied to Porter's stems, so that its classes are unions of Porter terms. */
  stemmer: 'porter' | 'lancaster' | 'porter2' | 'none' | 'porter-lancaster';
  stopWords: boolean;
  /** Every query term required (AND) instead of any (OR). */
  requireAll: boolean;
  /** Pseudo-relevance feedback: weight of expansion terms from the 10 best documents (0: off). */
  feedback: number;
  /** Feedback only for queries of at least this many index terms (verbose queries). */
  feedbackMinTerms: number;
  /** How many expansion terms feedback adds. */
  feedbackTerms: number;
  /** How many of the best documents feedback reads. */
  feedbackDocs: number;
  /** Expansion terms chosen by their weight in the feedback documents times their IDF (else by weight alone, RM3). */
  feedbackIdf: boolean;
  /** Length normalisation of the title apart from the body's (undefined: one over both). */
  titleB: number | undefined;
  /** A document's length: its distinct terms (MiniSearch, Gazette) or all its terms. */
  length: ScoringOptions['length'];
  model: ScoringOptions['model'];
  /** Query-term frequency saturation k3 (undefined: linear, a repeated word counts each time). */
  k3: number | undefined;
  /**
   * The same query scored again over words conflated by another stemmer, added with a
   * weight: 'none' ranks exact forms higher, 'lancaster' conflates more than Porter.
   */
  blend: readonly { stemmer: RankingVariant['stemmer']; weight: number }[];
  /** Soft coordination: scores times (share of the query matched)^exponent (0: off); by IDF mass or by count. */
  coverageExponent: number;
  coverageByIdf: boolean;
  /** Query terms weighted by (IDF / the query's mean IDF)^exponent (0: off), for verbose queries. */
  queryIdfExponent: number;
  /** Proximity settings that differ from DEFAULT_PROXIMITY. */
  proximitySettings: Partial<ProximitySettings>;
  /** Scores × (1 + this × the share of the title's IDF that the query covers), in the re-rank (0: off). */
  titleCoverage: number;
  /** Title coverage for articles without a body too. */
  coverTitleOnly: boolean;
  /** How many of the best matches the proximity bonus and title coverage re-score. */
  rerankDepth: number;
  /** RM3 pseudo-relevance feedback (eval/rm3.ts), or undefined for none. */
  rm3: Rm3Settings | undefined;
  /** Document-length prior: scores × (distinct terms / their mean)^this (0: off). */
  lengthPrior: number;
  /** The lede (a body's first paragraph, or its first sentence) counts this many times more (BM25F; 0: off). */
  ledeWeight: number;
}

/** Gazette's defaults. */
export const DEFAULT_VARIANT: RankingVariant = {
  name: 'Gazette defaults',
  fields: 'bm25f',
  titleWeight: 3,
  k1: 1.2,
  b: 0.6,
  delta: 0,
  coordination: false,
  proximity: true,
  stemmer: 'porter',
  stopWords: true,
  requireAll: false,
  feedback: 0,
  feedbackMinTerms: 0,
  feedbackTerms: 20,
  feedbackDocs: 10,
  feedbackIdf: false,
  titleB: 0,
  length: 'tokens',
  model: 'bm25',
  k3: undefined,
  blend: [],
  queryIdfExponent: 0,
  coverageExponent: 0,
  coverageByIdf: false,
  proximitySettings: {},
  titleCoverage: DEFAULT_RERANK.titleCoverage,
  coverTitleOnly: DEFAULT_RERANK.coverTitleOnly,
  rerankDepth: DEFAULT_RERANK.depth,
  rm3: undefined,
  lengthPrior: 0,
  ledeWeight: 0,
};

/** The walking skeleton's ranking: MiniSearch's BM25+ per field, title ×2, coordination. */
export const SKELETON_VARIANT: RankingVariant = {
  ...DEFAULT_VARIANT,
  name: 'skeleton: BM25+ per field, title ×2, coordination',
  fields: 'per-field',
  titleWeight: 2,
  titleB: undefined,
  length: 'distinct',
  b: 0.7,
  delta: 0.5,
  coordination: true,
  proximity: false,
  titleCoverage: 0,
};

type Stem = (word: string) => string;

function stemmerOf(name: RankingVariant['stemmer']): Stem | undefined {
  if (name === 'lancaster' || name === 'porter-lancaster') return (word) => LancasterStemmer.stem(word);
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
      stemmer: variant.stemmer === 'porter' || variant.stemmer === 'porter-lancaster' ? 'porter' : 'none',
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

/** A body's lede: its first paragraph when it has several, else its first sentence. */
export function ledeOf(body: string): string {
  const paragraphs = body.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== '');
  if (paragraphs.length > 1) return paragraphs[0] ?? '';
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(body);
  return sentence?.[0] ?? body;
}

// Higher score first; equal scores in document order, as Gazette breaks ties.
const bestFirst = (a: Match, b: Match) => b.score - a.score || a.doc - b.doc;

interface Match {
  doc: number;
  score: number;
  matched: number;
}

/** A PeerEngine that ranks with one variant's choices. */
export class VariantEngine implements PeerEngine {
  readonly name: string;
  private readonly variant: RankingVariant;
  private readonly analyzer: Analyzer;
  private index: MiniSearch<Indexed> | undefined;
  private scorer: VariantScorer | undefined;
  private blended: { analyzer: Analyzer; scorer: VariantScorer; weight: number }[] = [];
  private documents: readonly PeerDocument[] = [];
  private segments: string[][][] = [];
  private documentFrequency = new Map<string, number>();
  private averageLength = 0;
  private lengths: number[] = [];

  constructor(variant: RankingVariant) {
    this.variant = variant;
    this.name = variant.name;
    this.analyzer = new VariantAnalyzer(variant);
  }

  // MiniSearch scores the skeleton's rows (fields apart, BM25+, coordination); the rest are scored directly.
  private get scoredByMiniSearch(): boolean {
    const v = this.variant;
    return v.fields === 'per-field' || v.coordination || v.delta !== 0;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const { titleWeight } = this.variant;
    this.documents = documents;
    const titles = documents.map((doc) => this.analyzer.terms(doc.title));
    const bodies = documents.map((doc) => this.analyzer.terms(doc.body));
    this.segments = titles.map((title, n) => [...Array<string[]>(titleWeight).fill(title), bodies[n] ?? []]);
    let total = 0;
    for (const segments of this.segments) {
      total += segments.reduce((sum, segment) => sum + segment.length, 0);
      for (const term of new Set(segments.flat())) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.averageLength = total / Math.max(1, documents.length);
    this.lengths = this.segments.map((segments) => new Set(segments.flat()).size);
    if (!this.scoredByMiniSearch) {
      const options = this.scoringOptions();
      this.scorer = new VariantScorer(titles, this.withLedes(documents, bodies), options);
      this.blended = this.variant.blend.map(({ stemmer, weight }) => {
        const analyzer = new VariantAnalyzer({ ...this.variant, stemmer });
        const scorer = new VariantScorer(
          documents.map((doc) => analyzer.terms(doc.title)),
          documents.map((doc) => analyzer.terms(doc.body)),
          options,
          this.scorer,
        );
        return { analyzer, scorer, weight };
      });
      return;
    }
    this.index = new MiniSearch<Indexed>({
      idField: 'n',
      fields: this.variant.fields === 'bm25f' ? ['text'] : ['title', 'body'],
      storeFields: [],
      tokenize: (text) => this.analyzer.terms(text),
      processTerm: (term) => term,
    });
    this.index.addAll(
      documents.map((doc, n) => ({
        n,
        title: doc.title,
        body: doc.body,
        text: [...Array<string>(titleWeight).fill(doc.title), doc.body].join('\n\n'),
      })),
    );
  }

  // Each body with its lede's terms repeated ledeWeight times before it: BM25F by repetition, as the title.
  private withLedes(documents: readonly PeerDocument[], bodies: string[][]): string[][] {
    const weight = this.variant.ledeWeight;
    if (weight === 0) return bodies;
    return documents.map((doc, n) => {
      const lede = this.analyzer.terms(ledeOf(doc.body));
      return [...Array.from({ length: weight }, () => lede).flat(), ...(bodies[n] ?? [])];
    });
  }

  // Scores × (length / mean length)^prior: a longer article is a priori likelier to be the one wanted.
  private withLengthPrior(matches: Match[]): Match[] {
    const prior = this.variant.lengthPrior;
    if (prior === 0) return matches;
    const mean = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
    return matches.map((m) => ({ ...m, score: m.score * ((this.lengths[m.doc] ?? 1) / mean) ** prior }));
  }

  private scoringOptions(): ScoringOptions {
    const { k1, b, titleWeight, titleB, length, model, k3 } = this.variant;
    return { k1, b, titleWeight, titleB, length, model, k3 };
  }

  private idf(term: string): number {
    const total = Math.max(1, this.documents.length);
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  }

  private run(weights: ReadonlyMap<string, number>, query?: string): Match[] {
    if (this.scorer !== undefined) {
      const scores = this.scorer.scores(weights);
      for (const { analyzer, scorer, weight } of this.blended) {
        // Only documents the query's own terms matched: the blend refines, it does not widen.
        for (const [doc, score] of scorer.scores(this.queryWeights(analyzer.terms(query ?? ''), scorer))) {
          const current = scores.get(doc);
          if (current !== undefined) scores.set(doc, current + weight * score);
        }
      }
      const coverage = this.coverage(weights);
      return [...scores].map(([doc, score]) => ({ doc, score: score * coverage(doc), matched: this.matchedTerms(doc, weights) }));
    }
    return this.runMiniSearch(weights);
  }

  // How much each distinct query term counts: its repeats, times its relative IDF if the variant says so.
  private queryWeights(terms: readonly string[], scorer: VariantScorer | undefined): Map<string, number> {
    const counts = VariantScorer.termCounts(terms);
    const exponent = this.variant.queryIdfExponent;
    if (exponent === 0 || scorer === undefined || counts.size < 2) return counts;
    const idfs = new Map([...counts.keys()].map((term) => [term, scorer.idf(term)]));
    const mean = [...idfs.values()].reduce((sum, idf) => sum + idf, 0) / idfs.size;
    for (const [term, count] of counts) counts.set(term, count * ((idfs.get(term) ?? 0) / mean) ** exponent);
    return counts;
  }

  // Soft coordination: a document holding more of the query (by count or IDF mass) scores more.
  private coverage(weights: ReadonlyMap<string, number>): (doc: number) => number {
    const { coverageExponent, coverageByIdf } = this.variant;
    if (coverageExponent === 0 || weights.size < 2) return () => 1;
    const massOf = (term: string) => (coverageByIdf ? this.idf(term) : 1) * (weights.get(term) ?? 0);
    const total = [...weights.keys()].reduce((sum, term) => sum + massOf(term), 0);
    const termSets = new Map<number, Set<string>>();
    return (doc) => {
      let terms = termSets.get(doc);
      if (terms === undefined) {
        terms = new Set(this.segments[doc]?.flat() ?? []);
        termSets.set(doc, terms);
      }
      let held = 0;
      for (const term of weights.keys()) if (terms.has(term)) held += massOf(term);
      return (held / total) ** coverageExponent;
    };
  }

  private matchedTerms(doc: number, weights: ReadonlyMap<string, number>): number {
    if (!this.variant.requireAll) return 0;
    const terms = new Set(this.segments[doc]?.flat() ?? []);
    let matched = 0;
    for (const term of weights.keys()) if (terms.has(term)) matched++;
    return matched;
  }

  private runMiniSearch(weights: ReadonlyMap<string, number>): Match[] {
    const index = this.index;
    if (index === undefined) throw new Error('VariantEngine: build() first');
    const v = this.variant;
    const terms = [...weights].flatMap(([term, weight]) => (Number.isInteger(weight) ? Array<string>(weight).fill(term) : [term]));
    const fractional = [...weights.values()].some((weight) => !Number.isInteger(weight));
    const results = index.search(terms.join(' '), {
      combineWith: 'OR',
      tokenize: (query: string) => query.split(' ').filter((term) => term !== ''),
      boost: v.fields === 'bm25f' ? { text: 1 } : { title: v.titleWeight, body: 1 },
      bm25: { k: v.k1, b: v.b, d: v.delta },
      ...(fractional ? { boostTerm: (term: string) => weights.get(term) ?? 0 } : {}),
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
    for (const { doc, score } of best.slice(0, this.variant.feedbackDocs)) {
      const words = this.segments[doc]?.flat() ?? [];
      for (const term of words) expansion.set(term, (expansion.get(term) ?? 0) + Math.exp(score / top) / words.length);
    }
    if (this.variant.feedbackIdf) for (const [term, w] of expansion) expansion.set(term, w * this.idf(term));
    const chosen = [...expansion].sort((a, b) => b[1] - a[1]).slice(0, this.variant.feedbackTerms);
    const sum = chosen.reduce((total, [, w]) => total + w, 0);
    for (const [term, w] of chosen) weights.set(term, (weights.get(term) ?? 0) + (weight * terms.length * w) / sum);
    return weights;
  }

  async search(query: string, k: number): Promise<string[]> {
    const terms = this.analyzer.terms(query);
    let matches = this.run(this.queryWeights(terms, this.scorer), query).sort(bestFirst);
    const v = this.variant;
    if (v.feedback > 0 && terms.length >= v.feedbackMinTerms) {
      const weights = this.feedbackWeights(terms, matches);
      matches = this.run(weights, query).sort(bestFirst);
    }
    if (v.rm3 !== undefined) {
      const source = {
        termsOf: (doc: number) => this.segments[doc]?.flat() ?? [],
        documentFrequency: (term: string) => this.documentFrequency.get(term) ?? 0,
        documentCount: this.documents.length,
      };
      matches = this.run(rm3Weights(terms, matches, source, v.rm3), query).sort(bestFirst);
    }
    matches = this.withLengthPrior(matches).sort(bestFirst);
    if (v.requireAll) {
      const distinct = new Set(terms).size;
      matches = matches.filter((m) => m.matched === distinct);
    }
    let ranked: { doc: number; score: number }[] = matches;
    if (v.proximity || v.titleCoverage > 0) {
      const noProximity = { orderedWeight: 0, unorderedWeight: 0 };
      ranked = rerankBest(
        matches,
        {
          queryTerms: terms,
          coverageTerms: terms,
          known: (term) => (this.documentFrequency.get(term) ?? 0) > 0,
          titleOf: (doc) => this.segments[doc]?.[0] ?? [],
          bodyOf: (doc) => this.segments[doc]?.at(-1) ?? [],
          hasBody: (doc) => (this.segments[doc]?.at(-1)?.length ?? 0) > 0,
          titleWeight: v.titleWeight,
          idf: (term) => this.idf(term),
          averageLength: this.averageLength,
        },
        {
          depth: v.rerankDepth,
          proximity: { ...DEFAULT_PROXIMITY, ...v.proximitySettings, ...(v.proximity ? {} : noProximity) },
          titleCoverage: v.titleCoverage,
          coverTitleOnly: v.coverTitleOnly,
        },
      );
    }
    return ranked.slice(0, k).map((m) => this.documents[m.doc]?.id ?? '');
  }
}
