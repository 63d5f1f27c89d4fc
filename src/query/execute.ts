import type { BoolNode, FuzzyNode, LeafNode, PhraseNode, PrefixNode, QueryField, QueryNode } from './tree.js';

/** What executing a query needs from the index: per-term scores, term expansion, and the analysed text of an article. */
export interface QueryIndex {
  /** BM25 score of every article holding `term` (an index term) in `field`, or in any field. */
  termScores(term: string, field: QueryField | undefined): Map<number, number>;
  /** Index terms starting with `prefix`, most frequent first. */
  termsWithPrefix(prefix: string): string[];
  /** Index terms within `distance` edits of `term`, with their distance. */
  termsNear(term: string, distance: number): { term: string; distance: number }[];
  /** True when the phrase's terms stand adjacent and in order in the field (or in any one field) of the article. */
  hasPhrase(doc: number, field: QueryField | undefined, terms: readonly string[]): boolean;
  /** Every article number. */
  allDocs(): Iterable<number>;
  /**
   * Multiply a bool's score by how many of its clauses matched (MiniSearch's rule).
   * The relevance evaluation turned it off: it over-rewards matching many common words.
   */
  readonly coordination: boolean;
}

/** How many index terms a prefix or fuzzy word may stand for; the most frequent are kept. */
export const MAX_EXPANSIONS = 50;
// Expansions score below the exact term, as MiniSearch weighs its own prefix and
// fuzzy matches (weights 0.375 and 0.45, fading with the distance).
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

type Scores = Map<number, number>;

/** The outcome of running a query tree: matching articles with scores, and what each leaf contributed. */
export interface Execution {
  scores: Scores;
  /** Score of each positive leaf per article, for `explain`. */
  leafScores: Map<LeafNode, Scores>;
  /** Index terms each prefix or fuzzy leaf was expanded to, for highlighting and `explain`. */
  expansions: Map<LeafNode, string[]>;
  warnings: string[];
}

/**
 * Runs a query tree over the index. A `bool` node scores the sum of its matching
 * clauses times how many of them matched (MiniSearch's rule, so that a plain
 * query ranks exactly as MiniSearch's own OR search would).
 */
export function executeQuery(root: BoolNode, index: QueryIndex): Execution {
  const execution: Execution = { scores: new Map(), leafScores: new Map(), expansions: new Map(), warnings: [] };
  execution.scores = new Executor(index, execution).bool(root);
  return execution;
}

class Executor {
  constructor(
    private readonly index: QueryIndex,
    private readonly execution: Execution,
  ) {}

  node(node: QueryNode): Scores {
    if (node.kind === 'bool') return this.bool(node);
    const scores = this.leaf(node);
    this.execution.leafScores.set(node, scores);
    return scores;
  }

  bool(node: BoolNode): Scores {
    const must = node.must.map((child) => this.node(child));
    const should = node.should.map((child) => this.node(child));
    // One optional clause alone (a one-word query): its scores are the result, no copy needed.
    if (must.length === 0 && should.length === 1 && node.mustNot.length === 0 && !this.index.coordination) return should[0] as Scores;
    const result: Scores = new Map();
    const matchedClauses = this.index.coordination ? new Map<number, number>() : undefined;
    if (must.length > 0) {
      const [smallest, ...others] = [...must].sort((a, b) => a.size - b.size);
      for (const doc of (smallest as Scores).keys()) {
        if (others.every((scores) => scores.has(doc))) result.set(doc, 0);
      }
      for (const scores of must) addInto(result, scores, matchedClauses, false);
      for (const scores of should) addInto(result, scores, matchedClauses, false);
    } else if (should.length > 0) {
      for (const scores of should) addInto(result, scores, matchedClauses, true);
    } else {
      for (const doc of this.index.allDocs()) result.set(doc, 0);
    }
    for (const child of node.mustNot) for (const doc of this.node(child).keys()) result.delete(doc);
    if (matchedClauses !== undefined) for (const [doc, score] of result) result.set(doc, score * Math.max(1, matchedClauses.get(doc) ?? 0));
    return result;
  }

  private leaf(leaf: LeafNode): Scores {
    switch (leaf.kind) {
      case 'term':
        return this.index.termScores(leaf.term, leaf.field);
      case 'phrase':
        return this.phrase(leaf);
      case 'prefix':
        return this.prefix(leaf);
      case 'fuzzy':
        return this.fuzzy(leaf);
    }
  }

  // Articles holding every term, then checked word by word: the terms adjacent and in order in one field.
  private phrase(leaf: PhraseNode): Scores {
    const perTerm = [...new Set(leaf.terms)].map((term) => this.index.termScores(term, leaf.field));
    const [smallest, ...others] = [...perTerm].sort((a, b) => a.size - b.size);
    const result: Scores = new Map();
    for (const doc of (smallest as Scores).keys()) {
      if (!others.every((scores) => scores.has(doc))) continue;
      if (!this.index.hasPhrase(doc, leaf.field, leaf.terms)) continue;
      result.set(
        doc,
        perTerm.reduce((sum, scores) => sum + (scores.get(doc) ?? 0), 0),
      );
    }
    return result;
  }

  private prefix(leaf: PrefixNode): Scores {
    const terms = this.capped(leaf, this.index.termsWithPrefix(leaf.prefix), `${leaf.text}`);
    return this.bestOf(
      leaf,
      terms.map((term) => ({
        term,
        weight: term === leaf.prefix ? 1 : (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - leaf.prefix.length)),
      })),
    );
  }

  private fuzzy(leaf: FuzzyNode): Scores {
    const near = this.index.termsNear(leaf.term, leaf.distance);
    const kept = new Set(
      this.capped(
        leaf,
        near.map((candidate) => candidate.term),
        leaf.text,
      ),
    );
    return this.bestOf(
      leaf,
      near
        .filter((candidate) => kept.has(candidate.term))
        .map(({ term, distance }) => ({ term, weight: distance === 0 ? 1 : (FUZZY_WEIGHT * term.length) / (term.length + distance) })),
    );
  }

  private capped(leaf: LeafNode, terms: string[], text: string): string[] {
    if (terms.length > MAX_EXPANSIONS) {
      this.execution.warnings.push(`${text} stands for ${terms.length} terms; the ${MAX_EXPANSIONS} most frequent were searched`);
    }
    const kept = terms.slice(0, MAX_EXPANSIONS);
    this.execution.expansions.set(leaf, kept);
    return kept;
  }

  // An article scores its best expansion, so that many variants of a word do not outrank the word itself.
  private bestOf(leaf: LeafNode, weighted: { term: string; weight: number }[]): Scores {
    const result: Scores = new Map();
    for (const { term, weight } of weighted) {
      for (const [doc, score] of this.index.termScores(term, leaf.field)) {
        const weightedScore = score * weight;
        if (weightedScore > (result.get(doc) ?? -1)) result.set(doc, weightedScore);
      }
    }
    return result;
  }
}

function addInto(result: Scores, scores: Scores, matchedClauses: Map<number, number> | undefined, union: boolean): void {
  for (const [doc, score] of scores) {
    const current = result.get(doc);
    if (current === undefined && !union) continue;
    result.set(doc, (current ?? 0) + score);
    matchedClauses?.set(doc, (matchedClauses.get(doc) ?? 0) + 1);
  }
}

/**
 * Bounded edit distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours, so that `unoin` is one edit from
 * `union`): the distance when it is at most `max`, else `max + 1`. Stops as soon
 * as a row exceeds `max`.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length] as number, max + 1);
}
