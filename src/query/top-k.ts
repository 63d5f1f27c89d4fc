import { END, ListCursor, type ScoreCursor, SLACK } from '../index/score-cursor.js';
import { type DocScores, DocScoresBuilder } from '../index/scores.js';
import { SearchDeadline } from './deadline.js';
import {
  BestScores,
  type ExecuteOptions,
  type Execution,
  Executor,
  emptyExecution,
  type LeafScores,
  PhraseScores,
  type QueryIndex,
  TermScores,
} from './execute.js';
import type { BoolNode } from './tree.js';

/** How a query's score is made of its lists: a sum of parts, the best of weighted parts, or one list. */
type ScoreTree =
  | { kind: 'atom'; at: number }
  | { kind: 'sum'; parts: ScoreTree[] }
  | { kind: 'best'; parts: { tree: ScoreTree; weight: number }[] };

/** What a top-k search found: every article that may be among the best k, and every article matched. */
export interface TopKExecution extends Execution {
  /** Every matching article that passes `accept` (for counts and facets), computed when first asked. */
  allMatches(): Int32Array;
}

/** What a top-k search is asked. */
export interface TopKOptions extends ExecuteOptions {
  /** How many of the best matches must be exact: the result holds them, and every article tying the k-th. */
  k: number;
  /** Articles that may match at all (a date range); the others are neither scored nor counted. */
  accept?: (doc: number) => boolean;
}

/**
 * Runs a query for its best `k` matches only, skipping the articles that cannot reach them:
 * MaxScore over the query's lists (Turtle and Flood; Lucene's MaxScoreBulkScorer), with the
 * bounds of blocks of postings (block-max). The lists whose bounds together cannot reach the
 * k-th best score so far are not walked, only looked up for the articles the others bring;
 * a block of postings whose bound cannot reach it is stepped over. The scores are those
 * `executeQuery` gives, to the last bit (each article's parts are added in the same order),
 * so the best k and their order are the same: a property test compares both on random indexes.
 *
 * Undefined for a query it does not handle (required clauses, groups, coordination): the
 * caller then scores every match.
 */
export function executeTopK(
  root: BoolNode,
  index: QueryIndex,
  options: TopKOptions,
  deadline: SearchDeadline = SearchDeadline.NONE,
): TopKExecution | undefined {
  if (!prunable(root, index)) return undefined;
  const execution = emptyExecution();
  const executor = new Executor(index, execution, deadline, options.typoTolerance !== false);
  const leaves = root.should.map((child) => executor.node(child));
  const excluded = excludedDocs(root, executor);
  const atoms: ScoreCursor[] = [];
  const tree: ScoreTree = { kind: 'sum', parts: leaves.map((leaf) => treeOf(leaf, index, atoms)) };
  const accept = options.accept;
  const allowed =
    accept === undefined && excluded === NOTHING ? undefined : (doc: number) => (accept === undefined || accept(doc)) && !excluded.has(doc);
  let all: Int32Array | undefined;
  const scores = new TopK(tree, atoms, options.k, allowed, deadline).run();
  return {
    ...execution,
    scores,
    allMatches: () => {
      all ??= unionOfDocs(
        atoms.map((atom) => atom.allDocs()),
        allowed,
      );
      return all;
    },
  };
}

function prunable(root: BoolNode, index: QueryIndex): boolean {
  return !index.coordination && root.must.length === 0 && root.should.length > 0 && root.should.every((child) => child.kind !== 'bool');
}

// The articles a NOT clause names, as a set to look up.
const NOTHING = { has: (_doc: number) => false };

function excludedDocs(root: BoolNode, executor: Executor): { has(doc: number): boolean } {
  if (root.mustNot.length === 0) return NOTHING;
  const found = new Set<number>();
  for (const child of root.mustNot) for (const doc of executor.node(child, true).scores().docs) found.add(doc);
  return found;
}

// A leaf's scores as a tree over cursors: a term of any field is its text's postings plus its
// scores in authors and tags (TextIndex.termScores adds them so); other leaves are scored whole.
function treeOf(leaf: LeafScores, index: QueryIndex, atoms: ScoreCursor[]): ScoreTree {
  if (leaf instanceof BestScores) {
    return { kind: 'best', parts: leaf.parts.map(({ term, weight }) => ({ tree: treeOf(term, index, atoms), weight })) };
  }
  if (leaf instanceof TermScores && leaf.field === undefined) {
    const { text, labels } = index.termCursors(leaf.term);
    const parts: ScoreTree[] = [];
    if (text !== undefined) parts.push(atom(text, atoms));
    for (const scores of labels) if (scores.size > 0) parts.push(atom(new ListCursor(scores), atoms));
    return { kind: 'sum', parts };
  }
  if (leaf instanceof PhraseScores) {
    const terms = leaf.terms.map((term) => termCursor(term, index));
    if (!terms.includes(undefined)) return atom(new PhraseCursor(terms as ScoreCursor[], leaf.holds), atoms);
  }
  return atom(new ListCursor(leaf.scores()), atoms);
}

// A term's scores as one cursor: its text's postings where authors and tags do not hold it (as
// is usual), its scores whole otherwise. Undefined when no article holds it.
function termCursor(term: TermScores, index: QueryIndex): ScoreCursor | undefined {
  if (term.field === undefined) {
    const { text, labels } = index.termCursors(term.term);
    if (labels.every((scores) => scores.size === 0)) return text;
  }
  const scores = term.scores();
  return scores.size === 0 ? undefined : new ListCursor(scores);
}

/**
 * The articles holding every term of a phrase, scored the sum of the terms' scores (as
 * sumWhereAll adds them); whether the words stand in order is checked by `holds`, only for
 * the articles that would enter the best k, and for all when every match is counted.
 */
class PhraseCursor implements ScoreCursor {
  doc = END;
  readonly maxScore: number;
  private checkedDoc = -1;
  private checked = false;

  constructor(
    private readonly terms: readonly ScoreCursor[],
    private readonly check: ((doc: number) => boolean) | undefined,
  ) {
    this.maxScore = terms.reduce((sum, term) => sum + term.maxScore, 0);
    this.align(0);
  }

  next(): void {
    this.align(this.doc + 1);
  }

  advance(target: number): void {
    if (target > this.doc) this.align(target);
  }

  score(): number {
    let sum = 0;
    for (const term of this.terms) sum += term.score();
    return sum;
  }

  blockMaxScore(): number {
    let sum = 0;
    for (const term of this.terms) sum += term.blockMaxScore();
    return sum;
  }

  blockEnd(): number {
    let end = END;
    for (const term of this.terms) end = Math.min(end, term.blockEnd());
    return end;
  }

  skipBelow(base: number, threshold: number, limit: number): void {
    while (this.doc < limit && (base + this.score()) * SLACK < threshold) this.next();
  }

  /** Whether the words stand in order in the current article (checked once per article). */
  holds(): boolean {
    if (this.check === undefined) return true;
    if (this.checkedDoc !== this.doc) {
      this.checkedDoc = this.doc;
      this.checked = this.check(this.doc);
    }
    return this.checked;
  }

  allDocs(): Int32Array {
    const lists = this.terms.map((term) => term.allDocs());
    let [docs = new Int32Array(0)] = lists;
    for (const list of lists.slice(1)) docs = intersect(docs, list);
    const check = this.check;
    return check === undefined ? docs : docs.filter((doc) => check(doc));
  }

  // The first article at or after `target` that every term holds (leapfrog).
  private align(target: number): void {
    let doc = target;
    for (let at = 0; at < this.terms.length; ) {
      const term = this.terms[at] as ScoreCursor;
      term.advance(doc);
      if (term.doc === END) {
        this.doc = END;
        return;
      }
      if (term.doc > doc) {
        doc = term.doc;
        at = at === 0 ? 1 : 0;
      } else at += 1;
    }
    this.doc = doc;
  }
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const both = new Int32Array(Math.min(a.length, b.length));
  let count = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const da = a[i] as number;
    const db = b[j] as number;
    if (da < db) i++;
    else if (db < da) j++;
    else {
      both[count++] = da;
      i++;
      j++;
    }
  }
  return both.subarray(0, count);
}

function atom(cursor: ScoreCursor, atoms: ScoreCursor[]): ScoreTree {
  atoms.push(cursor);
  return { kind: 'atom', at: atoms.length - 1 };
}

/** One top-k walk over the atoms of a score tree. */
class TopK {
  // Per atom, the value the tree's bound is computed with: a bound or a score.
  private readonly values: Float64Array;
  // Atoms by their largest possible contribution, smallest first; the first `skipped` are
  // non-essential: together they cannot reach the threshold, so they are only looked up.
  private readonly order: number[];
  private skipped = 0;
  private partitionedAt = Number.NEGATIVE_INFINITY;
  private readonly heap: Float64Array;
  private heapSize = 0;
  private threshold = Number.NEGATIVE_INFINITY;
  private readonly found = new DocScoresBuilder();
  // Sums of parts only (no best-of): a bound is a plain sum, and the non-essential atoms' part of it is kept.
  private readonly flat: boolean;
  // With sums only: the atoms of each leaf, in order (a flat tree is a sum of leaves, each a sum of atoms).
  private readonly groups: Int32Array[];
  // Phrases' atoms, whose articles are confirmed before they are kept, and per atom the article
  // it was found not to hold after all (its phrase's words not in order).
  private readonly phrases: number[];
  private readonly absentAt: Int32Array;
  // The non-essential atoms' bounds over the current window, and their sum.
  private readonly windowMax: Float64Array;
  private skippedBound = 0;
  // Articles below this are in a window whose blocks were found able to reach the threshold.
  private windowEnd = -1;

  constructor(
    private readonly tree: ScoreTree,
    private readonly atoms: readonly ScoreCursor[],
    private readonly k: number,
    private readonly allowed: ((doc: number) => boolean) | undefined,
    private readonly deadline: SearchDeadline,
  ) {
    this.values = new Float64Array(atoms.length);
    this.windowMax = new Float64Array(atoms.length);
    this.absentAt = new Int32Array(atoms.length).fill(-1);
    this.phrases = atoms.flatMap((atom, at) => (atom instanceof PhraseCursor ? [at] : []));
    this.heap = new Float64Array(Math.max(1, k));
    const reach = contributions(tree, atoms);
    this.order = atoms.map((_, at) => at).sort((a, b) => (reach[a] as number) - (reach[b] as number));
    this.flat = isFlat(tree);
    this.groups = this.flat ? groupsOf(tree) : [];
  }

  run(): DocScores {
    const { atoms, order } = this;
    for (;;) {
      this.deadline.step();
      if (this.threshold > this.partitionedAt) this.partition();
      // The next article any essential atom holds.
      let doc = END;
      for (let i = this.skipped; i < order.length; i++) {
        const at = (atoms[order[i] as number] as ScoreCursor).doc;
        if (at < doc) doc = at;
      }
      if (doc === END) break;
      if (doc >= this.windowEnd && this.threshold > Number.NEGATIVE_INFINITY && this.skipWindow(doc)) continue;
      // One essential atom (the usual case once the threshold is up): its articles that cannot
      // reach the threshold with the others' bounds are passed in a tight loop.
      if (this.flat && this.skipped === order.length - 1 && this.threshold > Number.NEGATIVE_INFINITY) {
        const cursor = atoms[order[this.skipped] as number] as ScoreCursor;
        cursor.skipBelow(this.skippedBound, this.threshold, this.windowEnd);
        if (cursor.doc !== doc) continue;
      }
      if (this.allowed !== undefined && !this.allowed(doc)) {
        this.stepEssentials(doc);
        continue;
      }
      let score = this.flat ? this.flatScoreAt(doc) : this.scoreAt(doc);
      if (score >= this.threshold && this.phrases.length > 0) score = this.confirmed(doc, score);
      if (score >= this.threshold && score !== Number.NEGATIVE_INFINITY) this.keep(doc, score);
      this.stepEssentials(doc);
    }
    return this.best();
  }

  // Steps over the window up to the nearest end of a block (of any atom) when the blocks'
  // bounds together cannot reach the threshold; true when it did. Otherwise the window is not
  // looked at again, and its bounds of the non-essential atoms serve each article in it.
  private skipWindow(doc: number): boolean {
    const { atoms, order, values, windowMax } = this;
    let windowEnd = END;
    let essential = 0;
    let skipped = 0;
    for (let i = 0; i < order.length; i++) {
      const at = order[i] as number;
      const cursor = atoms[at] as ScoreCursor;
      if (i < this.skipped) cursor.advance(doc);
      if (cursor.doc === END) {
        windowMax[at] = 0;
        continue;
      }
      const bound = cursor.blockMaxScore();
      windowMax[at] = bound;
      if (i < this.skipped) skipped += bound;
      else essential += bound;
      const end = cursor.blockEnd();
      if (end < windowEnd) windowEnd = end;
    }
    let bound = essential + skipped;
    if (!this.flat) {
      for (let i = 0; i < order.length; i++) values[order[i] as number] = windowMax[order[i] as number] as number;
      bound = boundOf(this.tree, values);
    }
    if (bound * SLACK >= this.threshold) {
      this.windowEnd = windowEnd;
      this.skippedBound = skipped;
      return false;
    }
    for (let i = this.skipped; i < order.length; i++) (atoms[order[i] as number] as ScoreCursor).advance(windowEnd);
    return true;
  }

  // An article's score (scoreAt) for a tree of sums, or -Infinity once its bound falls below
  // the threshold: the essential atoms' scores with the non-essential ones' window bounds, then
  // each non-essential atom's own score in turn, largest first. The scores are added up as
  // executeQuery adds them: per group (a leaf), its atoms in order, then the groups in order.
  private flatScoreAt(doc: number): number {
    const { atoms, order, values, windowMax } = this;
    let bound = this.skippedBound;
    for (let i = this.skipped; i < order.length; i++) {
      const at = order[i] as number;
      const cursor = atoms[at] as ScoreCursor;
      if (cursor.doc === doc) {
        const score = cursor.score();
        values[at] = score;
        bound += score;
      } else values[at] = Number.NaN;
    }
    for (let i = this.skipped - 1; i >= 0; i--) {
      if (bound * SLACK < this.threshold) return Number.NEGATIVE_INFINITY;
      const at = order[i] as number;
      const cursor = atoms[at] as ScoreCursor;
      cursor.advance(doc);
      const score = cursor.doc === doc ? cursor.score() : Number.NaN;
      values[at] = score;
      bound += (Number.isNaN(score) ? 0 : score) - (windowMax[at] as number);
    }
    if (bound * SLACK < this.threshold) return Number.NEGATIVE_INFINITY;
    return this.flatTotal();
  }

  // The sum of the groups' sums, in order, of the atoms' values (NaN: the atom lacks the article).
  private flatTotal(): number {
    const { values, groups } = this;
    let total = Number.NEGATIVE_INFINITY;
    for (const group of groups) {
      let sum = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < group.length; i++) {
        const value = values[group[i] as number] as number;
        if (!Number.isNaN(value)) sum = sum === Number.NEGATIVE_INFINITY ? value : sum + value;
      }
      if (sum !== Number.NEGATIVE_INFINITY) total = total === Number.NEGATIVE_INFINITY ? sum : total + sum;
    }
    return total;
  }

  // The general case (best-of parts): the bound with the essential atoms' own scores and the
  // others' whole bounds first, then every atom brought to the article and the tree scored.
  private scoreAt(doc: number): number {
    const { atoms, order, values } = this;
    if (this.threshold > Number.NEGATIVE_INFINITY) {
      for (let i = this.skipped; i < order.length; i++) {
        const cursor = atoms[order[i] as number] as ScoreCursor;
        values[order[i] as number] = cursor.doc === doc ? cursor.score() : 0;
      }
      for (let i = 0; i < this.skipped; i++) values[order[i] as number] = (atoms[order[i] as number] as ScoreCursor).maxScore;
      if (boundOf(this.tree, values) * SLACK < this.threshold) return Number.NEGATIVE_INFINITY;
    }
    for (let i = 0; i < this.skipped; i++) (atoms[order[i] as number] as ScoreCursor).advance(doc);
    return scoreAt(this.tree, atoms, doc, this.absentAt);
  }

  // The score again without the phrases whose words do not stand in order in the article:
  // checked here, for the few articles that would be kept, and not for every one holding the words.
  private confirmed(doc: number, score: number): number {
    let failed = false;
    for (const at of this.phrases) {
      const cursor = this.atoms[at] as PhraseCursor;
      if (cursor.doc !== doc || cursor.holds()) continue;
      this.absentAt[at] = doc;
      this.values[at] = Number.NaN;
      failed = true;
    }
    if (!failed) return score;
    return this.flat ? this.flatTotal() : scoreAt(this.tree, this.atoms, doc, this.absentAt);
  }

  private stepEssentials(doc: number): void {
    const { atoms, order } = this;
    for (let i = this.skipped; i < order.length; i++) {
      const cursor = atoms[order[i] as number] as ScoreCursor;
      if (cursor.doc === doc) cursor.next();
    }
  }

  // The longest run of smallest atoms whose bounds together stay below the threshold.
  private partition(): void {
    const { atoms, order, values } = this;
    values.fill(0);
    let skipped = 0;
    while (skipped < order.length) {
      const at = order[skipped] as number;
      values[at] = (atoms[at] as ScoreCursor).maxScore;
      if (boundOf(this.tree, values) * SLACK >= this.threshold) break;
      skipped += 1;
    }
    this.skipped = skipped;
    this.partitionedAt = this.threshold;
    // A higher threshold may make the current window skippable; its bounds are found again.
    this.windowEnd = -1;
  }

  private keep(doc: number, score: number): void {
    this.found.push(doc, score);
    const heap = this.heap;
    if (this.heapSize < this.k) {
      let at = this.heapSize++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((heap[parent] as number) <= score) break;
        heap[at] = heap[parent] as number;
        at = parent;
      }
      heap[at] = score;
      if (this.heapSize === this.k) this.threshold = heap[0] as number;
      return;
    }
    if (score <= (heap[0] as number)) return;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.k) break;
      if (child + 1 < this.k && (heap[child + 1] as number) < (heap[child] as number)) child++;
      if ((heap[child] as number) >= score) break;
      heap[at] = heap[child] as number;
      at = child;
    }
    heap[at] = score;
    this.threshold = heap[0] as number;
  }

  // What was kept, without the articles that fell below the final threshold.
  private best(): DocScores {
    const found = this.found.build();
    if (this.threshold === Number.NEGATIVE_INFINITY) return found;
    return found.filter((_, score) => score >= this.threshold);
  }
}

// Per atom, the most it can add to the whole score: its bound through the weights above it.
function contributions(tree: ScoreTree, atoms: readonly ScoreCursor[], weight = 1, reach = new Float64Array(atoms.length)): Float64Array {
  if (tree.kind === 'atom') reach[tree.at] = weight * (atoms[tree.at] as ScoreCursor).maxScore;
  else if (tree.kind === 'sum') for (const part of tree.parts) contributions(part, atoms, weight, reach);
  else for (const part of tree.parts) contributions(part.tree, atoms, weight * part.weight, reach);
  return reach;
}

// A sum of atoms and of sums of atoms, no more: what flatScoreAt adds up.
function isFlat(tree: ScoreTree): boolean {
  if (tree.kind !== 'sum') return false;
  return tree.parts.every((part) => part.kind === 'atom' || (part.kind === 'sum' && part.parts.every((atom) => atom.kind === 'atom')));
}

function groupsOf(tree: ScoreTree): Int32Array[] {
  if (tree.kind !== 'sum') return [];
  return tree.parts.map((part) => Int32Array.from(part.kind === 'atom' ? [part.at] : part.kind === 'sum' ? part.parts.map(atomAt) : []));
}

function atomAt(tree: ScoreTree): number {
  return tree.kind === 'atom' ? tree.at : -1;
}

// The tree's score with each atom worth `values[atom]` (0: absent): a bound when the values are.
function boundOf(tree: ScoreTree, values: Float64Array): number {
  if (tree.kind === 'atom') return values[tree.at] as number;
  let total = 0;
  if (tree.kind === 'sum') for (const part of tree.parts) total += boundOf(part, values);
  else
    for (const part of tree.parts) {
      const value = part.weight * boundOf(part.tree, values);
      if (value > total) total = value;
    }
  return total;
}

// The article's score as executeQuery computes it: sums in the order of their parts, over the
// parts that hold the article; the best of weighted parts. NEGATIVE_INFINITY: no part holds it.
function scoreAt(tree: ScoreTree, atoms: readonly ScoreCursor[], doc: number, absentAt: Int32Array): number {
  if (tree.kind === 'atom') {
    const cursor = atoms[tree.at] as ScoreCursor;
    return cursor.doc === doc && absentAt[tree.at] !== doc ? cursor.score() : Number.NEGATIVE_INFINITY;
  }
  let result = Number.NEGATIVE_INFINITY;
  if (tree.kind === 'sum') {
    for (const part of tree.parts) {
      const score = scoreAt(part, atoms, doc, absentAt);
      if (score === Number.NEGATIVE_INFINITY) continue;
      result = result === Number.NEGATIVE_INFINITY ? score : result + score;
    }
  } else {
    for (const part of tree.parts) {
      const score = scoreAt(part.tree, atoms, doc, absentAt);
      if (score !== Number.NEGATIVE_INFINITY) result = Math.max(result, score * part.weight);
    }
  }
  return result;
}

// Every article of any list that is allowed, in increasing order: the lists merged two by two
// (a pass over an array of every article cost more than the merges at a million articles).
function unionOfDocs(lists: readonly Int32Array[], allowed: ((doc: number) => boolean) | undefined): Int32Array {
  let merged = lists.filter((list) => list.length > 0);
  if (merged.length === 0) return new Int32Array(0);
  while (merged.length > 1) {
    const next: Int32Array[] = [];
    for (let at = 0; at < merged.length; at += 2) {
      const second = merged[at + 1];
      next.push(second === undefined ? (merged[at] as Int32Array) : mergeDocs(merged[at] as Int32Array, second));
    }
    merged = next;
  }
  const [all] = merged as [Int32Array];
  return allowed === undefined ? all : all.filter(allowed);
}

function mergeDocs(a: Int32Array, b: Int32Array): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const da = a[i] as number;
    const db = b[j] as number;
    if (da <= db) {
      merged[count++] = da;
      i++;
      if (da === db) j++;
    } else {
      merged[count++] = db;
      j++;
    }
  }
  while (i < a.length) merged[count++] = a[i++] as number;
  while (j < b.length) merged[count++] = b[j++] as number;
  return merged.subarray(0, count);
}
