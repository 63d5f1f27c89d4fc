import { firstFrom, heldByAny, unionOfDocs } from '../index/doc-lists.js';
import { ListCursor, type ScoreCursor } from '../index/score-cursor.js';
import { addShared, bestOfAdded, bestOfSum, DocScores, intersectionOf, unionAll, unitedInArray, zeroScores } from '../index/scores.js';
import { ConjunctionCursor, termCursor } from './conjunction-cursor.js';
import { SearchDeadline } from './deadline.js';
import { type ExecuteOptions, type Execution, Executor, emptyExecution, type QueryIndex, type TermAdder } from './execute.js';
import { BestScores, type LeafScores, PhraseScores, TermScores } from './leaf-scores.js';
import { type Leaf, MaxScoreWalk, type PageFloor } from './max-score.js';
import { phraseBestFirst } from './phrase-best-first.js';
import type { BoolNode } from './tree.js';

/** When cursors are walked at all; tests set both to 0 so that every query is walked. */
export const WALK_LIMITS = {
  /**
   * Below this many postings in all, every match is scored: at 20,000 articles walking was
   * slower for most queries (`bench/pruning.ts --scale 20000 --walk-all`: two words 0.37
   * against 0.28 ms at the median).
   */
  minPostings: 30_000,
  /**
   * Below this many postings in all, a prefix's expansions (over 4) are scored whole: walking
   * fifty short lists costs more than it skips (`bench/pruning.ts --scale 100000 --walk-all`:
   * prefixes' p95 2.71 against 1.38 ms).
   */
  minExpansionPostings: 50_000,
  /**
   * Past this many cursors (a long query), every match is scored: each article the walk visits
   * costs a look at every cursor, however few of them hold it.
   */
  maxCursors: 64,
  /**
   * Past this many phrases, every match is scored: their word order is checked for nearly every
   * article either way, and walking them cost more (tests/hardening/costly-queries.test.ts: 25
   * body: phrases of frequent words took 61-63 ms of CPU walked, over its bound of 50).
   */
  maxPhrases: 4,
};

/** What a top-k search found: every article that may be among the best k, and every article matched. */
export interface TopKExecution extends Execution {
  /** Every matching article that passes `accept` (for counts and facets), computed when first asked. */
  allMatches(): Int32Array;
}

/** What a top-k search is asked. */
export interface TopKOptions extends ExecuteOptions {
  /** How many of the best matches must be exact: the result holds them, and every article tying the k-th. */
  k: number;
  /**
   * When only the first few of the k will be read (a page of 10 of the 100 the re-rank looks
   * at): the result then holds the best k only down to the page's floor, the articles below it
   * left out as they could not reach the page. Scored whole, every one of the k is kept.
   */
  page?: PageFloor;
  /** Articles that may match at all (a date range); the others are neither scored nor counted. */
  accept?: (doc: number) => boolean;
  /**
   * How many articles `accept` accepts, and they in increasing order: when the lists walked
   * hold many times as many, the walk goes from one of them to the next rather than asking
   * `accept` of every article the lists hold.
   */
  accepted?: { count: number; inOrder(): Int32Array };
  /**
   * Whether every match will be counted (a search's total and facets): a phrase's word order is
   * then checked in every article holding its words anyway, and walking it only adds to that.
   */
  counted?: boolean;
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
 * Required clauses (`+word`, `a AND b`) walk together as one cursor that every match must
 * hold, the optional ones only looked up. Undefined for a query it does not handle (groups,
 * coordination): the caller then scores every match.
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
  const required = root.must.map((child) => executor.node(child));
  const optional = root.should.map((child) => executor.node(child));
  const excluded = excludedDocs(root, executor);
  const accept = options.accept;
  const allowed =
    accept === undefined && excluded === NOTHING ? undefined : (doc: number) => (accept === undefined || accept(doc)) && !excluded.has(doc);
  const whole = (): TopKExecution => {
    if (options.counted === false && allowed === undefined && required.length === 0) {
      // Nothing will count the matches: only the best k are read out of their union, words
      // of the text added where they are summed.
      const lists = () => optional.map((leaf) => leaf.scores());
      let all: Int32Array | undefined;
      const allMatches = () => (all ??= unionAll(lists(), 'sum').docs);
      const adders = textAdders(optional, index);
      const scores = adders === undefined ? bestOfSum(lists(), options.k) : bestOfAdded(adders, index.capacity, options.k);
      return { ...execution, scores, allMatches };
    }
    let scores = scoredWhole(required, optional);
    if (allowed !== undefined) scores = scores.filter((doc) => allowed(doc));
    return { ...execution, scores, allMatches: () => scores.docs };
  };
  // Two words with many expansions or more: each article would cost every cursor's time.
  const expanding = optional.filter((leaf) => leaf instanceof BestScores && leaf.parts.length > 4).length;
  // Decided before any cursor is made: long queries and many phrases are scored whole.
  const phrases = optional.filter((leaf) => leaf instanceof PhraseScores).length;
  const lists = optional.reduce((sum, leaf) => sum + (leaf instanceof BestScores && expanding < 2 ? leaf.parts.length : 1), 0);
  if (lists > WALK_LIMITS.maxCursors || phrases > WALK_LIMITS.maxPhrases || (phrases > 0 && options.counted === true)) return whole();
  const atoms: ScoreCursor[] = [];
  // Every match holds all the required clauses: one cursor walks them together and adds their
  // scores in order (as executeQuery adds them to a zero), the optional ones are looked up.
  const requiredAtom = required.length === 0 ? undefined : atom(requiredCursor(required, index), atoms);
  const tree = [
    ...(requiredAtom === undefined ? [] : [single(requiredAtom)]),
    ...optional.map((leaf) => leafOf(leaf, index, atoms, expanding > 1)),
  ];
  let matches: Int32Array | undefined;
  const postings = atoms.reduce((sum, atom) => sum + atom.length, 0);
  if (postings < WALK_LIMITS.minPostings || atoms.length > WALK_LIMITS.maxCursors) return whole();
  // A narrow date range among long lists: the walk and the count go from one of its articles to the next.
  const narrow = options.accepted !== undefined && postings > 8 * options.accepted.count ? options.accepted.inOrder() : undefined;
  const allowedFrom = narrow === undefined ? undefined : firstFrom(narrow);
  const lone = required.length === 0 && optional.length === 1 ? optional[0] : undefined;
  if (lone instanceof PhraseScores && lone.holds !== undefined && narrow === undefined) {
    const scores = phraseBestFirst(lone.unchecked(), lone.holds, options.k, allowed, options.page, deadline);
    return { ...execution, scores, allMatches: () => unionOfDocs([lone.scores().docs], allowed, () => deadline.check()) };
  }
  const scores = new MaxScoreWalk(tree, atoms, options.k, allowed, deadline, {
    ...(requiredAtom === undefined ? {} : { required: requiredAtom }),
    ...(options.page === undefined ? {} : { page: options.page }),
    ...(allowedFrom === undefined ? {} : { allowedFrom }),
  }).run();
  return {
    ...execution,
    scores,
    allMatches: () => {
      const walked = requiredAtom === undefined ? atoms : [atoms[requiredAtom] as ScoreCursor];
      const lists = walked.map((cursor) => cursor.allDocs());
      const check = () => deadline.check();
      matches ??= narrow === undefined ? unionOfDocs(lists, allowed, check) : heldByAny(narrow, lists, allowed, check);
      return matches;
    },
  };
}

// Every match scored, as executeQuery's bool scores them: the articles holding every required
// clause (scores added to a zero in clause order), or any optional one when none is required.
function scoredWhole(required: readonly LeafScores[], optional: readonly LeafScores[]): DocScores {
  if (required.length === 0) {
    return unionAll(
      optional.map((leaf) => leaf.scores()),
      'sum',
    );
  }
  const must = required.map((leaf) => leaf.scores());
  let result = zeroScores(intersectionOf(must));
  for (const scores of [...must, ...optional.map((leaf) => leaf.scores())]) result = addShared(result, scores);
  return result;
}

// How a query's words add their scores into totals, when they are all plain words of the text
// many enough to be summed in an array by article (as unionAll would sum their lists); undefined otherwise.
function textAdders(leaves: readonly LeafScores[], index: QueryIndex): ((totals: Float64Array, seen: Uint8Array) => number)[] | undefined {
  if (leaves.length < 2) return undefined;
  const adders: TermAdder[] = [];
  for (const leaf of leaves) {
    const adder = leaf instanceof TermScores && leaf.field === undefined ? index.termAdder(leaf.term) : undefined;
    if (adder === undefined) return undefined;
    adders.push(adder);
  }
  const postings = adders.reduce((sum, adder) => sum + adder.postings, 0);
  if (!unitedInArray(adders.length, postings, index.capacity)) return undefined;
  return adders.map((adder) => adder.add);
}

// The required clauses as one cursor over the articles holding them all: a term as termCursor
// walks it, any other clause's scores whole.
function requiredCursor(required: readonly LeafScores[], index: QueryIndex): ScoreCursor {
  const cursors = required.map((leaf) =>
    leaf instanceof TermScores ? (termCursor(leaf, index) ?? new ListCursor(DocScores.EMPTY)) : new ListCursor(leaf.scores()),
  );
  return new ConjunctionCursor(cursors, undefined, () => intersectionOf(cursors.map((cursor) => cursor.allDocs()).map(docsOnly)).docs);
}

function prunable(root: BoolNode, index: QueryIndex): boolean {
  const clauses = [...root.must, ...root.should];
  return !index.coordination && clauses.length > 0 && clauses.every((child) => child.kind !== 'bool');
}

function docsOnly(docs: Int32Array): DocScores {
  return new DocScores(docs, new Float64Array(docs.length));
}

// The articles a NOT clause names, as a set to look up.
const NOTHING = { has: (_doc: number) => false };

function excludedDocs(root: BoolNode, executor: Executor): { has(doc: number): boolean } {
  if (root.mustNot.length === 0) return NOTHING;
  const found = new Set<number>();
  for (const child of root.mustNot) for (const doc of executor.node(child, true).scores().docs) found.add(doc);
  return found;
}

// A leaf's scores over cursors: a term of any field is its text's postings plus its scores in
// authors and tags (TextIndex.termScores adds them so); a phrase is walked by a ConjunctionCursor;
// other leaves are scored whole.
function leafOf(leaf: LeafScores, index: QueryIndex, atoms: ScoreCursor[], scoreExpansions: boolean): Leaf {
  if (leaf instanceof BestScores) {
    if (leaf.parts.length > 4 && scoreExpansions) return single(atom(new ListCursor(leaf.scores()), atoms));
    const walked: ScoreCursor[] = [];
    const parts = leaf.parts.map(({ term, weight }) => ({ atoms: termAtoms(term, index, walked), weight }));
    // Many short lists (a prefix's expansions in a small archive) cost more to walk than to score.
    const postings = walked.reduce((sum, cursor) => sum + cursor.length, 0);
    if (parts.length > 4 && postings < WALK_LIMITS.minExpansionPostings) {
      return single(atom(new ListCursor(leaf.scores()), atoms));
    }
    const base = atoms.length;
    atoms.push(...walked);
    return { best: true, parts: parts.map(({ atoms: at, weight }) => ({ atoms: at.map((n) => n + base), weight })) };
  }
  if (leaf instanceof TermScores) return { best: false, parts: [{ atoms: termAtoms(leaf, index, atoms), weight: 1 }] };
  if (leaf instanceof PhraseScores) {
    const terms = leaf.terms.map((term) => termCursor(term, index));
    if (!terms.includes(undefined)) {
      return single(atom(new ConjunctionCursor(terms as ScoreCursor[], leaf.holds, () => leaf.scores().docs), atoms));
    }
  }
  return single(atom(new ListCursor(leaf.scores()), atoms));
}

function termAtoms(term: TermScores, index: QueryIndex, atoms: ScoreCursor[]): number[] {
  if (term.field !== undefined) return [atom(new ListCursor(term.scores()), atoms)];
  const { text, labels } = index.termCursors(term.term);
  const found: number[] = [];
  if (text !== undefined) found.push(atom(text, atoms));
  for (const scores of labels) if (scores.size > 0) found.push(atom(new ListCursor(scores), atoms));
  return found;
}

function single(at: number): Leaf {
  return { best: false, parts: [{ atoms: [at], weight: 1 }] };
}

function atom(cursor: ScoreCursor, atoms: ScoreCursor[]): number {
  atoms.push(cursor);
  return atoms.length - 1;
}
