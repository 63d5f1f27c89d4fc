/**
 * Term scoring for the ranking variants of the ablation, written out so that choices
 * MiniSearch cannot express (a length normalisation per field, query-term frequency,
 * other weighting models) can be measured. With the defaults it scores exactly as
 * Gazette's TextIndex.termScores does: BM25F by repetition of the title, and as length
 * the number of distinct terms in the text, which is what MiniSearch records.
 */

/** How one document's terms are weighed against a query's. */
export interface ScoringOptions {
  k1: number;
  b: number;
  /** The title's words count this many times (BM25F). */
  titleWeight: number;
  /**
   * Length normalisation per field: the title's b (the body keeps `b`). Undefined: one
   * normalisation over title copies and body together, as Gazette's one "text" field does.
   */
  titleB: number | undefined;
  /** What a document's length is: its distinct terms (MiniSearch) or all its terms. */
  length: 'distinct' | 'tokens';
  /** The weighting model: BM25, BM25L (Lv & Zhai 2011, δ = 0.5) or DFR InL2 (Amati). */
  model: 'bm25' | 'bm25l' | 'dfr-inl2';
  /** Query-term frequency saturation (Robertson's k3); undefined: a repeated word counts fully each time. */
  k3: number | undefined;
}

interface Postings {
  docs: number[];
  title: number[];
  body: number[];
}

/** Per-document statistics and postings of a collection analysed into title and body terms. */
export class VariantScorer {
  private readonly postings = new Map<string, Postings>();
  private readonly titleLengths: Float64Array;
  private readonly bodyLengths: Float64Array;
  private readonly textLengths: Float64Array;
  private readonly averages: { title: number; body: number; text: number };
  private readonly count: number;

  constructor(
    titles: readonly string[][],
    bodies: readonly string[][],
    private readonly options: ScoringOptions,
    /** Another scorer of the same documents whose lengths this one uses (a blend scores terms of another analysis over the same text). */
    lengthsFrom?: VariantScorer,
  ) {
    this.count = titles.length;
    this.titleLengths = new Float64Array(this.count);
    this.bodyLengths = new Float64Array(this.count);
    this.textLengths = new Float64Array(this.count);
    const distinct = options.length === 'distinct';
    for (let doc = 0; doc < this.count; doc++) {
      const title = titles[doc] ?? [];
      const body = bodies[doc] ?? [];
      this.titleLengths[doc] = distinct ? new Set(title).size : title.length;
      this.bodyLengths[doc] = distinct ? new Set(body).size : body.length;
      this.textLengths[doc] = distinct ? new Set([...title, ...body]).size : options.titleWeight * title.length + body.length;
      const frequencies = new Map<string, [number, number]>();
      for (const term of title) (frequencies.get(term) ?? frequencies.set(term, [0, 0]).get(term) ?? [0, 0])[0] += 1;
      for (const term of body) (frequencies.get(term) ?? frequencies.set(term, [0, 0]).get(term) ?? [0, 0])[1] += 1;
      for (const [term, [inTitle, inBody]] of frequencies) {
        let list = this.postings.get(term);
        if (list === undefined) {
          list = { docs: [], title: [], body: [] };
          this.postings.set(term, list);
        }
        list.docs.push(doc);
        list.title.push(inTitle);
        list.body.push(inBody);
      }
    }
    if (lengthsFrom !== undefined) {
      this.titleLengths.set(lengthsFrom.titleLengths);
      this.bodyLengths.set(lengthsFrom.bodyLengths);
      this.textLengths.set(lengthsFrom.textLengths);
    }
    const mean = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length) || 1;
    this.averages = { title: mean(this.titleLengths), body: mean(this.bodyLengths), text: mean(this.textLengths) };
  }

  /** Documents holding a term. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** BM25's smoothed IDF, as MiniSearch and Gazette compute it. */
  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (this.count - frequency + 0.5) / (frequency + 0.5));
  }

  /** Scores of every document matching the query's terms; `weights` maps each distinct term to its query weight. */
  scores(weights: ReadonlyMap<string, number>): Map<number, number> {
    const scores = new Map<number, number>();
    for (const [term, queryWeight] of weights) {
      const list = this.postings.get(term);
      if (list === undefined || queryWeight === 0) continue;
      const weight = this.queryTermWeight(queryWeight);
      const termScore = this.termScorer(term);
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i] as number;
        const score = weight * termScore(doc, list.title[i] as number, list.body[i] as number);
        scores.set(doc, (scores.get(doc) ?? 0) + score);
      }
    }
    return scores;
  }

  /** A query's terms as weights: how many times each distinct term occurs. */
  static termCounts(terms: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  }

  private queryTermWeight(frequency: number): number {
    const { k3 } = this.options;
    return k3 === undefined ? frequency : ((k3 + 1) * frequency) / (k3 + frequency);
  }

  // The weighted, length-normalised term frequency (BM25F's pseudo-frequency).
  private pseudoFrequency(doc: number, inTitle: number, inBody: number): number {
    const { b, titleB, titleWeight } = this.options;
    if (titleB === undefined) {
      const norm = 1 - b + (b * (this.textLengths[doc] as number)) / this.averages.text;
      return (titleWeight * inTitle + inBody) / norm;
    }
    const titleNorm = 1 - titleB + (titleB * (this.titleLengths[doc] as number)) / this.averages.title;
    const bodyNorm = 1 - b + (b * (this.bodyLengths[doc] as number)) / this.averages.body;
    return (titleWeight * inTitle) / titleNorm + inBody / bodyNorm;
  }

  private termScorer(term: string): (doc: number, inTitle: number, inBody: number) => number {
    const { k1, model } = this.options;
    if (model === 'dfr-inl2') {
      // InL2: tfn = tf·log2(1 + avg/len) (normalisation 2, c = 1), weighted by Laplace's after-effect.
      const informative = Math.log2((this.count + 1) / (this.documentFrequency(term) + 0.5));
      return (doc, inTitle, inBody) => {
        const { titleWeight } = this.options;
        const tfn = (titleWeight * inTitle + inBody) * Math.log2(1 + this.averages.text / (this.textLengths[doc] as number));
        return (informative * tfn) / (tfn + 1);
      };
    }
    const idf = this.idf(term);
    if (model === 'bm25l') {
      const delta = 0.5;
      return (doc, inTitle, inBody) => {
        const c = this.pseudoFrequency(doc, inTitle, inBody) + delta;
        return (idf * (k1 + 1) * c) / (k1 + c);
      };
    }
    return (doc, inTitle, inBody) => {
      const tf = this.pseudoFrequency(doc, inTitle, inBody);
      return (idf * (k1 + 1) * tf) / (k1 + tf);
    };
  }
}
