import { DocScores, unionAll } from '../index/scores.js';
import type { SearchDeadline } from './deadline.js';
import type { QueryIndex } from './execute.js';
import type { QueryField } from './tree.js';

/**
 * What a leaf of the query matched, scored when first asked: a top-k search walks a term's
 * postings with a cursor instead (top-k.ts), and never needs every article's score.
 */
export type LeafScores = TermScores | BestScores | PhraseScores | ReadyScores;

/** The scores of one index term in one field or in all. */
export class TermScores {
  private computed: DocScores | undefined;
  constructor(
    private readonly index: QueryIndex,
    readonly term: string,
    readonly field: QueryField | undefined,
  ) {}

  scores(): DocScores {
    this.computed ??= this.index.termScores(this.term, this.field);
    return this.computed;
  }

  /** Whether any article matches, without scoring them all where the index can tell. */
  isEmpty(): boolean {
    return this.field === undefined && this.computed === undefined ? !this.index.holds(this.term) : this.scores().size === 0;
  }
}

/** An article's best score among weighted terms (a prefix's, a fuzzy word's expansions, a word's synonyms or corrections). */
export class BestScores {
  private computed: DocScores | undefined;
  constructor(
    readonly parts: readonly { term: TermScores; weight: number }[],
    private readonly deadline: SearchDeadline,
  ) {}

  scores(): DocScores {
    this.computed ??= unionAll(
      this.parts.map(({ term, weight }) => {
        this.deadline.check();
        const scores = term.scores();
        return new DocScores(
          scores.docs,
          scores.scores.map((score) => score * weight),
        );
      }),
      'max',
    );
    return this.computed;
  }
}

/**
 * A phrase's articles: those holding every one of its terms (`terms`, each once), scored the sum
 * of their scores, and kept when `holds` finds the words in order (absent: not checked, past
 * MAX_CHECKED_PHRASES). Checking reads an article's text: a top-k search checks only the
 * articles that would enter the best k.
 */
export class PhraseScores {
  private computed: DocScores | undefined;

  constructor(
    readonly terms: readonly TermScores[],
    readonly holds: ((doc: number) => boolean) | undefined,
    /** The articles holding every term that `keep` keeps (all when undefined), scored the sum of the terms' scores in their order. */
    private readonly scoredWhere: (keep: ((doc: number) => boolean) | undefined) => DocScores,
  ) {}

  scores(): DocScores {
    this.computed ??= this.scoredWhere(this.holds);
    return this.computed;
  }

  /** The articles holding every term, scored, their word order not checked. */
  unchecked(): DocScores {
    return this.holds === undefined ? this.scores() : this.scoredWhere(undefined);
  }
}

/** Scores computed at once (a group's). */
export class ReadyScores {
  constructor(private readonly computed: DocScores) {}

  scores(): DocScores {
    return this.computed;
  }
}
