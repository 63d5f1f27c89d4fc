import { END, ListCursor, type ScoreCursor, SLACK } from '../index/score-cursor.js';
import { DocScores, DocScoresBuilder } from '../index/scores.js';
import { intersectedTexts } from '../index/text-intersection.js';
import type { QueryIndex } from './execute.js';
import type { TermScores } from './leaf-scores.js';

/**
 * A term's scores as one cursor: its text's postings where authors and tags do not hold it (as
 * is usual), its scores whole otherwise. Undefined when no article holds it.
 */
export function termCursor(term: TermScores, index: QueryIndex): ScoreCursor | undefined {
  if (term.field === undefined) {
    const { text, labels } = index.termCursors(term.term);
    if (labels.every((scores) => scores.size === 0)) return text;
  }
  const scores = term.scores();
  return scores.size === 0 ? undefined : new ListCursor(scores);
}

/**
 * The articles holding every term that `keep` keeps (all when absent), scored the sum of the
 * terms' scores, added to a zero in the terms' order (as a phrase's articles always were). Walked together, the terms' lists are
 * only read where the shortest leads, and an article is scored once kept: a phrase of a rare and
 * a common word ("provided pct" at a million articles) scored every posting of the common one.
 */
export function conjunctionScores(terms: readonly TermScores[], index: QueryIndex, keep?: (doc: number) => boolean): DocScores {
  const cursors: ScoreCursor[] = [];
  for (const term of terms) {
    const cursor = termCursor(term, index);
    if (cursor === undefined) return DocScores.EMPTY;
    cursors.push(cursor);
  }
  if (cursors.length === 0) return DocScores.EMPTY;
  const read = intersectedTexts(cursors, keep);
  if (read !== undefined) return read;
  const all = new ConjunctionCursor(cursors, undefined, () => new Int32Array(0));
  const builder = new DocScoresBuilder(all.length);
  for (; all.doc !== END; all.next()) if (keep === undefined || keep(all.doc)) builder.push(all.doc, all.score());
  return builder.build();
}

/**
 * The articles holding every one of some lists (a phrase's terms, or the required clauses),
 * scored the sum of their scores (added to a zero in order, as addShared adds them). A phrase's word order
 * is checked by `holds`, only for the articles that would enter the best k; `matches` gives
 * every match (a search that counts them scores a phrase whole: the checks are not kept).
 */
export class ConjunctionCursor implements ScoreCursor {
  doc = END;
  readonly maxScore: number;
  readonly length: number;
  private checkedDoc = -1;
  private checked = false;
  // The shortest list, and the largest the others can add to its score.
  private readonly lead: ScoreCursor;
  private readonly othersBound: number;

  constructor(
    private readonly terms: readonly ScoreCursor[],
    private readonly check: ((doc: number) => boolean) | undefined,
    private readonly matches: () => Int32Array,
  ) {
    this.maxScore = terms.reduce((sum, term) => sum + term.maxScore, 0);
    this.length = Math.min(...terms.map((term) => term.length));
    this.lead = terms.reduce((shortest, term) => (term.length < shortest.length ? term : shortest), terms[0] as ScoreCursor);
    this.othersBound = terms.reduce((sum, term) => (term === this.lead ? sum : sum + term.maxScore), 0);
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

  /**
   * The shortest list alone passes the articles whose score in it, with the others' largest,
   * cannot reach the threshold; the others are brought only to the articles it stops at (as
   * Lucene's BlockMaxConjunctionScorer leads). A phrase of a rare word and a common one walked
   * every article holding both, the common word's list brought to each.
   */
  skipBelow(base: number, threshold: number, limit: number): void {
    while (this.doc < limit && (base + this.score()) * SLACK < threshold) {
      this.lead.next();
      this.lead.skipBelow(base + this.othersBound, threshold, limit);
      if (this.lead.doc === END) {
        this.doc = END;
        return;
      }
      this.align(this.lead.doc);
    }
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
    return this.matches();
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
