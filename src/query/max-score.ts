import { END, type ScoreCursor, SLACK } from '../index/score-cursor.js';
import { ScoreHeap } from '../index/score-heap.js';
import { type DocScores, DocScoresBuilder } from '../index/scores.js';
import { ConjunctionCursor } from './conjunction-cursor.js';
import type { SearchDeadline } from './deadline.js';

/**
 * One leaf of the query as a top-k search scores it, over cursors ("atoms", by number): a
 * part is the sum of its atoms (a term: its text's postings, then its scores in authors and
 * tags); a leaf is one part, or the best of weighted parts (a prefix's expansions, a word's
 * corrections or synonyms). The query's score is the sum of its leaves.
 */
export interface Leaf {
  best: boolean;
  parts: { atoms: number[]; weight: number }[];
}

/**
 * When only the first `size` of the best k will be read: an article scoring below
 * `floor(θ)`, θ the `size`-th best score, cannot be among them (ranking/rerank.ts's pageFloor).
 * The walk then needs the best k only down to that floor.
 */
export interface PageFloor {
  size: number;
  floor(smallest: number): number;
}

/** What a walk may be told besides its leaves, atoms, k, filter and deadline. */
export interface WalkOptions {
  /** The atom every match holds (the required clauses), walked alone; the others only looked up. */
  required?: number;
  page?: PageFloor;
  /** The first article at or after a number that the filter may accept (a date range's next), asked in increasing order. */
  allowedFrom?: (doc: number) => number;
}

/**
 * One top-k walk over the atoms of a query's leaves (see executeTopK): MaxScore's partition of
 * the atoms into essential and non-essential ones, block-max windows, and each article's score
 * added up as executeQuery adds it.
 */
export class MaxScoreWalk {
  // Per atom, its score of the article at hand (NaN: the atom lacks it).
  private readonly values: Float64Array;
  // Atoms by their largest possible contribution, smallest first; the first `skipped` are
  // non-essential: together they cannot reach the threshold, so they are only looked up.
  private readonly order: number[];
  private skipped = 0;
  private partitionedAt = Number.NEGATIVE_INFINITY;
  private readonly heap: ScoreHeap;
  private threshold = Number.NEGATIVE_INFINITY;
  private readonly found = new DocScoresBuilder();
  // No best-of leaf: a bound is a plain sum of the atoms' bounds, and the non-essential atoms' part of it is kept.
  private readonly flat: boolean;
  // Phrases' atoms, whose articles are confirmed before they are kept.
  private readonly phrases: number[];
  // Per atom, a bound of what it adds (0: absent), for boundOf.
  private readonly bounds: Float64Array;
  // runBounds[m]: the bound of the score of an article that only the first m atoms of `order` hold.
  private readonly runBounds: Float64Array;
  // The non-essential atoms' bounds over the current window, and their sum.
  private readonly windowMax: Float64Array;
  private skippedBound = 0;
  // Articles below this are in a window whose blocks were found able to reach the threshold.
  private windowEnd = -1;

  // The best `page.size` scores so far, when only they will be read (see TopKOptions.page).
  private readonly pageHeap: ScoreHeap | undefined;

  private readonly required: number | undefined;
  private readonly page: PageFloor | undefined;
  private readonly allowedFrom: ((doc: number) => number) | undefined;

  constructor(
    private readonly leaves: readonly Leaf[],
    private readonly atoms: readonly ScoreCursor[],
    k: number,
    private readonly allowed: ((doc: number) => boolean) | undefined,
    private readonly deadline: SearchDeadline,
    options: WalkOptions = {},
  ) {
    const { required, page } = options;
    this.required = required;
    this.page = page;
    this.allowedFrom = options.allowedFrom;
    this.pageHeap = page === undefined || page.size >= k ? undefined : new ScoreHeap(page.size);
    this.values = new Float64Array(atoms.length);
    this.windowMax = new Float64Array(atoms.length);
    this.bounds = new Float64Array(atoms.length);
    this.phrases = atoms.flatMap((atom, at) => (atom instanceof ConjunctionCursor ? [at] : []));
    this.heap = new ScoreHeap(k);
    const reach = contributions(leaves, atoms);
    this.order = atoms
      .map((_, at) => at)
      .sort((a, b) => (a === required ? 1 : b === required ? -1 : (reach[a] as number) - (reach[b] as number)));
    this.flat = leaves.every((leaf) => !leaf.best);
    if (required !== undefined) this.skipped = atoms.length - 1;
    this.runBounds = new Float64Array(atoms.length + 1);
    for (let m = 1; m <= atoms.length; m++) {
      const at = this.order[m - 1] as number;
      this.bounds[at] = (atoms[at] as ScoreCursor).maxScore;
      this.runBounds[m] = this.flat ? (this.runBounds[m - 1] as number) + (this.bounds[at] as number) : boundOf(leaves, this.bounds);
    }
  }

  run(): DocScores {
    const { atoms, order } = this;
    for (;;) {
      this.deadline.step();
      if (this.threshold > this.partitionedAt) this.partition();
      // The next article any essential atom holds, the atom that holds it alone (lead), and the
      // next article of the other essential atoms.
      let doc = END;
      let next = END;
      let lead = -1;
      for (let i = this.skipped; i < order.length; i++) {
        const at = (atoms[order[i] as number] as ScoreCursor).doc;
        if (at < doc) {
          next = doc;
          doc = at;
          lead = i;
        } else if (at < next) next = at;
      }
      if (doc === END) break;
      if (doc >= this.windowEnd && this.threshold > Number.NEGATIVE_INFINITY && this.skipWindow(doc)) continue;
      // Up to the other essential atoms' next article, the lead's articles are scored by it and
      // the non-essential atoms alone: those that cannot reach the threshold with the others'
      // bounds are passed in a tight loop (a common word beside a rare one, or alone essential).
      if (this.flat && next > doc && this.threshold > Number.NEGATIVE_INFINITY) {
        const cursor = atoms[order[lead] as number] as ScoreCursor;
        cursor.skipBelow(this.skippedBound, this.threshold, Math.min(this.windowEnd, next));
        if (cursor.doc !== doc) continue;
      }
      if (this.allowed !== undefined && !this.allowed(doc)) {
        // One essential atom: the articles a date range leaves out are passed in a tight loop.
        if (this.skipped === order.length - 1) {
          const cursor = atoms[order[this.skipped] as number] as ScoreCursor;
          const limit = this.threshold === Number.NEGATIVE_INFINITY ? END : this.windowEnd;
          const from = this.allowedFrom;
          if (from === undefined) {
            do cursor.next();
            while (cursor.doc < limit && !this.allowed(cursor.doc));
          } else {
            // Leapfrog with the articles allowed: a narrow date range is a few of a word's articles.
            do cursor.advance(from(cursor.doc + 1));
            while (cursor.doc < limit && !this.allowed(cursor.doc));
          }
          continue;
        }
        if (this.allowedFrom === undefined) this.stepEssentials(doc);
        else this.advanceEssentials(this.allowedFrom(doc + 1));
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
    const { atoms, order, windowMax } = this;
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
    const bound = this.flat ? essential + skipped : boundOf(this.leaves, windowMax);
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
    return totalOf(this.leaves, values);
  }

  // With best-of leaves: the bound with the essential atoms' own scores and the others' window
  // bounds first, then every atom brought to the article and the leaves scored.
  private scoreAt(doc: number): number {
    const { atoms, order, values, bounds, windowMax } = this;
    for (let i = this.skipped; i < order.length; i++) {
      const at = order[i] as number;
      const cursor = atoms[at] as ScoreCursor;
      const score = cursor.doc === doc ? cursor.score() : Number.NaN;
      values[at] = score;
      bounds[at] = Number.isNaN(score) ? 0 : score;
    }
    if (this.threshold > Number.NEGATIVE_INFINITY) {
      for (let i = 0; i < this.skipped; i++) bounds[order[i] as number] = windowMax[order[i] as number] as number;
      if (boundOf(this.leaves, bounds) * SLACK < this.threshold) return Number.NEGATIVE_INFINITY;
    }
    for (let i = 0; i < this.skipped; i++) {
      const at = order[i] as number;
      const cursor = atoms[at] as ScoreCursor;
      cursor.advance(doc);
      values[at] = cursor.doc === doc ? cursor.score() : Number.NaN;
    }
    return totalOf(this.leaves, values);
  }

  // The score again without the phrases whose words do not stand in order in the article:
  // checked here, for the few articles that would be kept, and not for every one holding the words.
  private confirmed(doc: number, score: number): number {
    let failed = false;
    for (const at of this.phrases) {
      const cursor = this.atoms[at] as ConjunctionCursor;
      if (cursor.doc !== doc || cursor.holds()) continue;
      this.values[at] = Number.NaN;
      failed = true;
    }
    return failed ? totalOf(this.leaves, this.values) : score;
  }

  private stepEssentials(doc: number): void {
    const { atoms, order } = this;
    for (let i = this.skipped; i < order.length; i++) {
      const cursor = atoms[order[i] as number] as ScoreCursor;
      if (cursor.doc === doc) cursor.next();
    }
  }

  private advanceEssentials(target: number): void {
    const { atoms, order } = this;
    for (let i = this.skipped; i < order.length; i++) (atoms[order[i] as number] as ScoreCursor).advance(target);
  }

  // The longest run of smallest atoms whose bounds together stay below the threshold.
  // The threshold only rises: the run only grows, from where it ended.
  private partition(): void {
    let skipped = this.required === undefined ? this.skipped : this.order.length - 1;
    while (skipped < this.order.length && (this.runBounds[skipped + 1] as number) * SLACK < this.threshold) skipped += 1;
    this.skipped = skipped;
    this.partitionedAt = this.threshold;
    // A higher threshold may make the current window skippable; its bounds are found again.
    this.windowEnd = -1;
  }

  private keep(doc: number, score: number): void {
    this.found.push(doc, score);
    this.heap.offer(score);
    let threshold = this.heap.full ? this.heap.smallest : Number.NEGATIVE_INFINITY;
    const pageHeap = this.pageHeap;
    if (pageHeap !== undefined) {
      pageHeap.offer(score);
      if (pageHeap.full) threshold = Math.max(threshold, (this.page as PageFloor).floor(pageHeap.smallest));
    }
    this.threshold = threshold;
  }

  // What was kept, without the articles that fell below the final threshold.
  private best(): DocScores {
    const found = this.found.build();
    if (this.threshold === Number.NEGATIVE_INFINITY) return found;
    return found.filter((_, score) => score >= this.threshold);
  }
}

// Per atom, the most it can add to the whole score: its bound times its part's weight.
function contributions(leaves: readonly Leaf[], atoms: readonly ScoreCursor[]): Float64Array {
  const reach = new Float64Array(atoms.length);
  for (const { parts } of leaves)
    for (const { atoms: ats, weight } of parts) for (const at of ats) reach[at] = weight * (atoms[at] as ScoreCursor).maxScore;
  return reach;
}

// The score with each atom worth `bounds[atom]` (0: absent): a bound when the values are.
function boundOf(leaves: readonly Leaf[], bounds: Float64Array): number {
  let total = 0;
  for (const { best, parts } of leaves) {
    let most = 0;
    for (const { atoms, weight } of parts) {
      let sum = 0;
      for (const at of atoms) sum += bounds[at] as number;
      if (!best) total += sum;
      else if (weight * sum > most) most = weight * sum;
    }
    total += most;
  }
  return total;
}

/**
 * An article's score as executeQuery computes it, from each atom's score (NaN: absent): a
 * part adds its atoms in order, a best-of leaf takes its best weighted part, the leaves are
 * added in order; over those that hold the article. -Infinity when none does.
 */
function totalOf(leaves: readonly Leaf[], values: Float64Array): number {
  let total = Number.NEGATIVE_INFINITY;
  for (const { best, parts } of leaves) {
    let value = Number.NEGATIVE_INFINITY;
    for (const { atoms, weight } of parts) {
      let sum = Number.NEGATIVE_INFINITY;
      for (const at of atoms) {
        const score = values[at] as number;
        if (!Number.isNaN(score)) sum = sum === Number.NEGATIVE_INFINITY ? score : sum + score;
      }
      if (sum === Number.NEGATIVE_INFINITY) continue;
      value = best ? Math.max(value, sum * weight) : sum;
    }
    if (value !== Number.NEGATIVE_INFINITY) total = total === Number.NEGATIVE_INFINITY ? value : total + value;
  }
  return total;
}
