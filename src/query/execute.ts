import { addShared, DocScores, DocScoresBuilder, memberships, subtract, union } from './scores.js';
import type { BoolNode, FuzzyNode, LeafNode, PhraseNode, PrefixNode, QueryField, QueryNode } from './tree.js';

/** What executing a query needs from the index: per-term scores, term expansion, and the analysed text of an article. */
export interface QueryIndex {
  /** BM25 score of every article holding `term` (an index term) in `field`, or in any field. */
  termScores(term: string, field: QueryField | undefined): DocScores;
  /** Index terms starting with `prefix`, most frequent first. */
  termsWithPrefix(prefix: string): string[];
  /** Index terms within `distance` edits of `term`, with their distance. */
  termsNear(term: string, distance: number): { term: string; distance: number }[];
  /** True when the phrase's terms stand adjacent and in order in the field (or in any one field) of the article. */
  hasPhrase(doc: number, field: QueryField | undefined, terms: readonly string[]): boolean;
  /** Every article number, in increasing order. */
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

/** The outcome of running a query tree: matching articles with scores, and what each leaf contributed. */
export interface Execution {
  scores: DocScores;
  /** Score of each positive leaf per article, for `explain`. */
  leafScores: Map<LeafNode, DocScores>;
  /** Index terms each prefix or fuzzy leaf was expanded to, for highlighting and `explain`. */
  expansions: Map<LeafNode, string[]>;
  warnings: string[];
}

/**
 * Runs a query tree over the index. A `bool` node scores the sum of its matching
 * clauses (times how many of them matched, with coordination on).
 */
export function executeQuery(root: BoolNode, index: QueryIndex): Execution {
  const execution: Execution = { scores: DocScores.EMPTY, leafScores: new Map(), expansions: new Map(), warnings: [] };
  execution.scores = new Executor(index, execution).bool(root);
  return execution;
}

class Executor {
  constructor(
    private readonly index: QueryIndex,
    private readonly execution: Execution,
  ) {}

  node(node: QueryNode): DocScores {
    if (node.kind === 'bool') return this.bool(node);
    const scores = this.leaf(node);
    this.execution.leafScores.set(node, scores);
    return scores;
  }

  bool(node: BoolNode): DocScores {
    const must = node.must.map((child) => this.node(child));
    const should = node.should.map((child) => this.node(child));
    // One optional clause alone (a one-word query): its scores are the result.
    if (must.length === 0 && should.length === 1 && node.mustNot.length === 0 && !this.index.coordination) return should[0] as DocScores;
    let result: DocScores;
    if (must.length > 0) {
      // The articles in every required clause, scored by all clauses, added in clause order.
      result = zeroScores(allOf(must));
      for (const scores of [...must, ...should]) result = addShared(result, scores);
    } else if (should.length > 0) {
      result = should.reduce((sum, scores) => union(sum, scores, 'sum'), DocScores.EMPTY);
    } else {
      const builder = new DocScoresBuilder();
      for (const doc of this.index.allDocs()) builder.push(doc, 0);
      result = builder.build();
    }
    for (const child of node.mustNot) result = subtract(result, this.node(child));
    if (this.index.coordination) result = coordinated(result, [...must, ...should]);
    return result;
  }

  private leaf(leaf: LeafNode): DocScores {
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
  private phrase(leaf: PhraseNode): DocScores {
    const perTerm = [...new Set(leaf.terms)].map((term) => this.index.termScores(term, leaf.field));
    const candidates = allOf(perTerm);
    const builder = new DocScoresBuilder();
    for (const doc of candidates.docs) {
      if (!this.index.hasPhrase(doc, leaf.field, leaf.terms)) continue;
      builder.push(
        doc,
        perTerm.reduce((sum, scores) => sum + (scores.get(doc) ?? 0), 0),
      );
    }
    return builder.build();
  }

  private prefix(leaf: PrefixNode): DocScores {
    const terms = this.capped(leaf, this.index.termsWithPrefix(leaf.prefix), `${leaf.text}`);
    return this.bestOf(
      leaf,
      terms.map((term) => ({
        term,
        weight: term === leaf.prefix ? 1 : (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - leaf.prefix.length)),
      })),
    );
  }

  private fuzzy(leaf: FuzzyNode): DocScores {
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
  private bestOf(leaf: LeafNode, weighted: { term: string; weight: number }[]): DocScores {
    let lists = weighted.map(({ term, weight }) => {
      const scores = this.index.termScores(term, leaf.field);
      return new DocScores(
        scores.docs,
        scores.scores.map((score) => score * weight),
      );
    });
    // Merged in pairs, round after round: each article is copied log(expansions) times, not once per expansion.
    while (lists.length > 1) {
      const merged: DocScores[] = [];
      for (let at = 0; at < lists.length; at += 2) {
        const next = lists[at + 1];
        merged.push(next === undefined ? (lists[at] as DocScores) : union(lists[at] as DocScores, next, 'max'));
      }
      lists = merged;
    }
    return lists[0] ?? DocScores.EMPTY;
  }
}

// The articles in every list (scores meaningless), smallest list first.
function allOf(lists: readonly DocScores[]): DocScores {
  const [smallest, ...others] = [...lists].sort((a, b) => a.size - b.size);
  if (smallest === undefined) return DocScores.EMPTY;
  return others.reduce((kept, list) => kept.filter((doc) => list.has(doc)), smallest);
}

function zeroScores(of: DocScores): DocScores {
  return new DocScores(of.docs, new Float64Array(of.size));
}

function coordinated(result: DocScores, clauses: readonly DocScores[]): DocScores {
  const counts = memberships(result, clauses);
  return new DocScores(
    result.docs,
    result.scores.map((score, at) => score * Math.max(1, counts[at] as number)),
  );
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
