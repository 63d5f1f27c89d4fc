// Over 400 lines, for a reason: every way a leaf is expanded (prefix, fuzzy, typo, sound,
// synonym) shares the executor's per-query caches and limits; apart, each would carry them.
import { normalizeWord } from '../analysis/normalize.js';
import type { ScoreCursor } from '../index/score-cursor.js';
import { addShared, coordinated, DocScores, DocScoresBuilder, intersectionOf, subtract, unionAll, zeroScores } from '../index/scores.js';
import type { TermExpansion } from '../index/term-lookup.js';
import { conjunctionScores } from './conjunction-cursor.js';
import { SearchDeadline } from './deadline.js';
import { editDistanceWithin, FUZZY_MIN_LENGTHS, fewestTypos, maxEditsFor, TYPO_MIN_LENGTHS, typoEditsFor } from './edits.js';
import { BestScores, type LeafScores, PhraseScores, ReadyScores, TermScores } from './leaf-scores.js';
import {
  type BoolNode,
  type FuzzyNode,
  type LeafNode,
  leafKey,
  type PhraseNode,
  type PrefixNode,
  type QueryField,
  type QueryNode,
  type TermNode,
} from './tree.js';

/** What executing a query needs from the index: per-term scores, term expansion, and the analysed text of an article. */
export interface QueryIndex {
  /** BM25 score of every article holding `term` (an index term) in `field`, or in any field. */
  termScores(term: string, field: QueryField | undefined): DocScores;
  /** The `limit` most frequent index terms starting with `prefix`, and how many there are. */
  termsWithPrefix(prefix: string, limit: number): TermExpansion<string>;
  /** The `limit` closest index terms within `distance` edits of `term` (then most frequent), and how many there are. */
  termsNear(
    term: string,
    distance: number,
    limit: number,
    onStep: () => void,
  ): TermExpansion<{ term: string; distance: number; frequency: number }>;
  /** The terms a word as typed is also searched as, by the index's synonym rules. */
  synonymsOf(word: string): readonly string[];
  /** The index term of a word, analysed as the articles were; null for a stop word. */
  termOf(word: string): string | null;
  /** The `limit` commonest index terms that sound like `term` (names spelt several ways), with their frequency. */
  termsSoundingLike(term: string, limit: number): { term: string; frequency: number }[];
  /** True when the phrase's terms stand adjacent and in order in the field (or in any one field) of the article. */
  hasPhrase(doc: number, field: QueryField | undefined, terms: readonly string[]): boolean;
  /** Every article number, in increasing order. */
  allDocs(): Iterable<number>;
  /** Whether any live article holds `term` (an index term) in any field: `termScores(term).size > 0`, without scoring. */
  holds(term: string): boolean;
  /**
   * The parts `termScores(term, undefined)` adds, in its order, as cursors for a top-k search:
   * the title and body's postings (undefined when none), then the scores in authors and tags.
   */
  termCursors(term: string): { text: ScoreCursor | undefined; labels: DocScores[] };
  /**
   * `termScores(term, undefined)` to be added into totals by article number rather than listed
   * (`TextIndex.addTextScores`), with how many articles hold the term; undefined when an author
   * or tag holds it (its scores are not its text's alone).
   */
  termAdder(term: string): TermAdder | undefined;
  /** One more than the largest article number a term's scores can name. */
  readonly capacity: number;
  /**
   * Multiply a bool's score by how many of its clauses matched (MiniSearch's rule).
   * The relevance evaluation turned it off: it over-rewards matching many common words.
   */
  readonly coordination: boolean;
}

/** A term's scores added into totals by article, marking `seen`; `add` returns how many articles it marked first. */
export interface TermAdder {
  postings: number;
  add(totals: Float64Array, seen: Uint8Array): number;
}

/** How many index terms a prefix or fuzzy word may stand for; the most frequent are kept. */
export const MAX_EXPANSIONS = 50;
/**
 * How many prefix and fuzzy words of one query are expanded; later ones are searched as
 * written. Meilisearch corrects at most 10 words a query too: it bounds the work one query
 * can ask for (100 fuzzy words took 1.6 s on Reuters before this cap and the trie walk).
 */
export const MAX_EXPANDING_WORDS = 10;
/**
 * How many phrases of one query are checked word by word in the articles holding all their
 * words; later ones match those articles as they are. Checking reads the text of every such
 * article: 40 phrases of Reuters' most frequent words took 62 ms before this cap.
 */
export const MAX_CHECKED_PHRASES = 10;
// Expansions score below the exact term, as MiniSearch weighs its own prefix and
// fuzzy matches (weights 0.375 and 0.45, fading with the distance).
const PREFIX_WEIGHT = 0.375;
/** How many words a typo'd word is searched as, at most. */
export const MAX_TYPO_CORRECTIONS = 10;
/** How many words the archive does not hold one query may have corrected. */
export const MAX_TYPO_WORDS = 10;
// A word shorter than this is neither corrected nor matched by sound.
const MIN_CORRECTED_LETTERS = 3;
// A correction of a word the archive does not hold scores as the word would, discounted by its
// distance (length / (length + typos)): there is no exact word to rank below. Against 0.45 of
// that (the weight of a fuzzy word's expansion), npm run eval -- --typos kept 0.88-0.91 of
// clean nDCG@10 instead of 0.75-0.86 on the five collections, and clean ADI rose 0.523 -> 0.531.
// Names that sound alike: at most this many, each scored below any typo's correction.
const MAX_SOUNDING = 5;
const SOUNDING_WEIGHT = 0.3;
const FUZZY_WEIGHT = 0.45;

/** The outcome of running a query tree: matching articles with scores, and what each leaf contributed. */
export interface Execution {
  scores: DocScores;
  /** Score of each positive leaf per article, for `explain`. */
  leafScores: Map<LeafNode, LeafScores>;
  /** Index terms each prefix or fuzzy leaf was expanded to, for highlighting and `explain`. */
  expansions: Map<LeafNode, string[]>;
  warnings: string[];
  /**
   * Words the archive does not hold, each with the closest and commonest word a typo away: what
   * "did you mean" offers. Found whether or not typo tolerance searched them.
   */
  corrections: { text: string; term: string }[];
}

/** How a query is run. */
export interface ExecuteOptions {
  /** Search a word the archive does not hold as the words within a typo of it (default true). */
  typoTolerance?: boolean;
}

/**
 * Runs a query tree over the index. A `bool` node scores the sum of its matching
 * clauses (times how many of them matched, with coordination on).
 */
export function executeQuery(
  root: BoolNode,
  index: QueryIndex,
  deadline: SearchDeadline = SearchDeadline.NONE,
  options: ExecuteOptions = {},
): Execution {
  const execution = emptyExecution();
  execution.scores = new Executor(index, execution, deadline, options.typoTolerance !== false).bool(root);
  return execution;
}

/** An execution before any leaf ran. */
export function emptyExecution(): Execution {
  return { scores: DocScores.EMPTY, leafScores: new Map(), expansions: new Map(), warnings: [], corrections: [] };
}

/** Runs the leaves of a query tree; top-k.ts shares it, so that both expand, correct and warn alike. */
export class Executor {
  private expandingWords = 0;
  private phrases = 0;
  private readonly done = new Map<string, { scores: LeafScores; expansion: string[] | undefined; correction: string | undefined }>();
  private typoWords = 0;
  private readonly scored = new Map<string, TermScores>();

  constructor(
    private readonly index: QueryIndex,
    private readonly execution: Execution,
    private readonly deadline: SearchDeadline,
    private readonly typoTolerance: boolean,
  ) {}

  // `excluded`: under a NOT, where a word is never corrected (that would exclude more than asked).
  node(node: QueryNode, excluded = false): LeafScores {
    this.deadline.check();
    if (node.kind === 'bool') return new ReadyScores(this.bool(node, excluded));
    const scores = this.leaf(node, excluded);
    this.execution.leafScores.set(node, scores);
    return scores;
  }

  bool(node: BoolNode, excluded = false): DocScores {
    const must = node.must.map((child) => this.node(child, excluded).scores());
    const should = node.should.map((child) => this.node(child, excluded).scores());
    // One optional clause alone (a one-word query): its scores are the result.
    if (must.length === 0 && should.length === 1 && node.mustNot.length === 0 && !this.index.coordination) return should[0] as DocScores;
    let result: DocScores;
    if (must.length > 0) {
      // The articles in every required clause, scored by all clauses, added in clause order.
      result = zeroScores(intersectionOf(must));
      for (const scores of [...must, ...should]) result = addShared(result, scores);
    } else if (should.length > 0) {
      result = unionAll(should, 'sum');
    } else {
      const builder = new DocScoresBuilder();
      for (const doc of this.index.allDocs()) builder.push(doc, 0);
      result = builder.build();
    }
    for (const child of node.mustNot) result = subtract(result, this.node(child, true).scores());
    if (this.index.coordination) result = coordinated(result, [...must, ...should]);
    return result;
  }

  // A term's scores are read once per query, however many phrases, prefixes and fuzzy words reach it.
  private termScores(term: string, field: QueryField | undefined): TermScores {
    const key = `${field ?? ''} ${term}`;
    let scores = this.scored.get(key);
    if (scores === undefined) {
      scores = new TermScores(this.index, term, field);
      this.scored.set(key, scores);
    }
    return scores;
  }

  // A word written twice is looked up once: repeating `word~2` must not repeat its cost.
  private leaf(leaf: LeafNode, excluded: boolean): LeafScores {
    const key = `${excluded ? '-' : '+'}${leafKey(leaf)}`;
    const done = this.done.get(key);
    if (done !== undefined) {
      if (done.expansion !== undefined) this.execution.expansions.set(leaf, done.expansion);
      // Each occurrence of a typo'd word is corrected in "did you mean".
      if (done.correction !== undefined) this.execution.corrections.push({ text: leaf.text, term: done.correction });
      return done.scores;
    }
    const corrected = this.execution.corrections.length;
    const scores = this.freshLeaf(leaf, excluded);
    const correction = this.execution.corrections.length > corrected ? this.execution.corrections.at(-1)?.term : undefined;
    this.done.set(key, { scores, expansion: this.execution.expansions.get(leaf), correction });
    return scores;
  }

  private freshLeaf(leaf: LeafNode, excluded: boolean): LeafScores {
    switch (leaf.kind) {
      case 'term':
        return excluded || leaf.field !== undefined ? this.termScores(leaf.term, leaf.field) : this.word(leaf);
      case 'phrase':
        return this.phrase(leaf);
      case 'prefix':
        return this.prefix(leaf);
      case 'fuzzy':
        return this.fuzzy(leaf);
    }
  }

  /**
   * A plain word, forgiven a typo (Meilisearch's rules: none under 5 letters, one from 5, two
   * from 9; a wrong first letter counts two), or spelt as a name may be otherwise (terms that
   * sound like it, by Double Metaphone, below any typo). Only a word the archive does not hold is
   * corrected, so that every article holding a word as written ranks as it did, and queries
   * of known words rank as they did: npm run eval did not move on four collections of five,
   * where correcting words held in at most two articles cost CACM 0.001 of nDCG@10.
   * The corrections are scored below an exact word would be, and said in the warnings.
   */
  private word(leaf: TermNode): LeafScores {
    const synonyms = this.index.synonymsOf(leaf.text);
    if (synonyms.length > 0) return this.withSynonyms(leaf, synonyms);
    const exact = this.termScores(leaf.term, undefined);
    if (!exact.isEmpty() || [...leaf.text].length < MIN_CORRECTED_LETTERS) return exact;
    if (this.typoWords >= MAX_TYPO_WORDS) {
      if (this.typoWords++ === MAX_TYPO_WORDS) {
        this.execution.warnings.push(
          `only the first ${MAX_TYPO_WORDS} words not in the archive were corrected; ${leaf.text} and those after it were searched as written`,
        );
      }
      return exact;
    }
    this.typoWords += 1;
    const edits = typoEditsFor(leaf.text);
    const typos = edits === 0 ? [] : fewestTypos(this.nearWords(leaf, edits).filter(({ distance }) => distance > 0));
    // Names spelt otherwise (Kyiv, Kiev), ranked below every typo.
    const sounding = this.soundingLike(leaf)
      .filter((term) => !typos.some((typo) => typo.term === term))
      .map((term) => ({ term, weight: SOUNDING_WEIGHT }));
    const corrections = [...typos.map(({ term, distance }) => ({ term, weight: term.length / (term.length + distance) })), ...sounding];
    const best = corrections[0];
    if (best === undefined) return exact;
    this.execution.corrections.push({ text: leaf.text, term: best.term });
    if (!this.typoTolerance) return exact;
    const kept = corrections.slice(0, MAX_TYPO_CORRECTIONS);
    this.execution.expansions.set(
      leaf,
      kept.map(({ term }) => term),
    );
    const listed = kept.slice(0, 3).map(({ term }) => term);
    this.execution.warnings.push(
      `${leaf.text}: not in the archive; also searched as ${listed.join(', ')}${kept.length > listed.length ? ', …' : ''}`,
    );
    return this.bestOf(leaf, kept);
  }

  // Terms that sound like the word and are spelt close to it: the same first letter below 5
  // letters, at most half the word's letters changed (a short key like KF sounds like many
  // words: "kyiv" must find "kiev", not "keef"), closest first, then commonest.
  private soundingLike(leaf: TermNode): string[] {
    const word = normalizeWord(leaf.text);
    const letters = [...word].length;
    const most = Math.max(2, Math.floor(letters / 2));
    return this.index
      .termsSoundingLike(leaf.term, MAX_SOUNDING * 10)
      .filter(({ term }) => letters >= TYPO_MIN_LENGTHS[0] || term[0] === word[0])
      .map(({ term, frequency }) => ({ term, frequency, distance: editDistanceWithin(word, term, most) }))
      .filter(({ distance }) => distance <= most)
      .sort((a, b) => a.distance - b.distance || b.frequency - a.frequency)
      .slice(0, MAX_SOUNDING)
      .map(({ term }) => term);
  }

  // A word with synonyms (the index's rules) is searched as itself and each of them, alike.
  private withSynonyms(leaf: TermNode, synonyms: readonly string[]): LeafScores {
    const terms = [leaf.term, ...synonyms];
    this.execution.expansions.set(leaf, terms);
    return this.bestOf(
      leaf,
      terms.map((term) => ({ term, weight: 1 })),
    );
  }

  // Terms within `edits` of the word's stem, or of the word as typed: a typo can change how a
  // word stems ("artifical" stems to `artif`, "artificial" to `artifici`), so both are looked
  // up; closest, then commonest first.
  private nearWords(leaf: TermNode, edits: number): { term: string; distance: number; frequency: number }[] {
    const found = new Map<string, { term: string; distance: number; frequency: number }>();
    const add = (near: { term: string; distance: number; frequency: number }) => {
      const known = found.get(near.term);
      if (known === undefined || near.distance < known.distance) found.set(near.term, near);
    };
    const typed = normalizeWord(leaf.text);
    for (const form of new Set([leaf.term, typed])) {
      for (const near of this.index.termsNear(form, edits, MAX_TYPO_CORRECTIONS + 1, this.deadline.step).terms) {
        add(near);
        // Near the word as typed is often the stem of a longer word ("internation", of
        // "internationally", for "internatonal"): the word it spells stems as the user meant (intern).
        if (form !== typed) continue;
        const restemmed = this.index.termOf(near.term);
        if (restemmed !== null && restemmed !== near.term) {
          const frequency = this.termScores(restemmed, undefined).scores().size;
          if (frequency > 0) add({ term: restemmed, distance: near.distance, frequency });
        }
      }
    }
    return [...found.values()].sort((a, b) => a.distance - b.distance || b.frequency - a.frequency || (a.term < b.term ? -1 : 1));
  }

  // Articles holding every term, then checked word by word: the terms adjacent and in order in one field.
  private phrase(leaf: PhraseNode): LeafScores {
    const perTerm = [...new Set(leaf.terms)].map((term) => this.termScores(term, leaf.field));
    const scoredWhere = (keep: ((doc: number) => boolean) | undefined) => conjunctionScores(perTerm, this.index, keep);
    if (!this.mayCheckWordOrder(leaf)) return new PhraseScores(perTerm, undefined, scoredWhere);
    const holds = (doc: number) => {
      this.deadline.step();
      return this.index.hasPhrase(doc, leaf.field, leaf.terms);
    };
    return new PhraseScores(perTerm, holds, scoredWhere);
  }

  private prefix(leaf: PrefixNode): LeafScores {
    if (!this.mayExpand(leaf)) return this.termScores(leaf.prefix, leaf.field);
    const expansion = this.index.termsWithPrefix(leaf.prefix, MAX_EXPANSIONS);
    this.kept(leaf, expansion.terms, expansion.total);
    return this.bestOf(
      leaf,
      expansion.terms.map((term) => ({
        term,
        weight: term === leaf.prefix ? 1 : (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - leaf.prefix.length)),
      })),
    );
  }

  private fuzzy(leaf: FuzzyNode): LeafScores {
    const distance = this.allowedDistance(leaf);
    if (distance === 0 || !this.mayExpand(leaf)) return this.termScores(leaf.term, leaf.field);
    const expansion = this.index.termsNear(leaf.term, distance, MAX_EXPANSIONS, this.deadline.step);
    this.kept(
      leaf,
      expansion.terms.map(({ term }) => term),
      expansion.total,
    );
    return this.bestOf(
      leaf,
      expansion.terms.map(({ term, distance }) => ({
        term,
        weight: distance === 0 ? 1 : (FUZZY_WEIGHT * term.length) / (term.length + distance),
      })),
    );
  }

  // Short words allow fewer edits (as Elasticsearch's AUTO fuzziness): two edits from a
  // 4-letter word reach most short words of the index, which is as costly as it is useless.
  private allowedDistance(leaf: FuzzyNode): number {
    const allowed = maxEditsFor(leaf.term);
    if (leaf.distance <= allowed) return leaf.distance;
    this.execution.warnings.push(
      allowed === 0
        ? `${leaf.text}: a word of fewer than ${FUZZY_MIN_LENGTHS[0]} letters is searched as written`
        : `${leaf.text}: a word of fewer than ${FUZZY_MIN_LENGTHS[1]} letters allows one edit; searched with one`,
    );
    if (allowed === 0) this.execution.expansions.set(leaf, [leaf.term]);
    return allowed;
  }

  // The first MAX_CHECKED_PHRASES phrases are checked word by word; the others match the articles holding all their words.
  private mayCheckWordOrder(leaf: PhraseNode): boolean {
    this.phrases += 1;
    if (this.phrases <= MAX_CHECKED_PHRASES) return true;
    if (this.phrases === MAX_CHECKED_PHRASES + 1) {
      this.execution.warnings.push(
        `only the first ${MAX_CHECKED_PHRASES} phrases were matched as phrases; "${leaf.text}" and those after it match articles holding all their words`,
      );
    }
    return false;
  }

  // The first MAX_EXPANDING_WORDS prefix and fuzzy words expand; the others are searched as written.
  private mayExpand(leaf: PrefixNode | FuzzyNode): boolean {
    this.expandingWords += 1;
    if (this.expandingWords <= MAX_EXPANDING_WORDS) return true;
    if (this.expandingWords === MAX_EXPANDING_WORDS + 1) {
      this.execution.warnings.push(
        `only the first ${MAX_EXPANDING_WORDS} words with * or ~ were expanded; ${leaf.text} and those after it were searched as written`,
      );
    }
    this.execution.expansions.set(leaf, [leaf.kind === 'prefix' ? leaf.prefix : leaf.term]);
    return false;
  }

  private kept(leaf: LeafNode, terms: string[], total: number): void {
    if (total > terms.length) {
      this.execution.warnings.push(`${leaf.text} stands for ${total} terms; the ${terms.length} most frequent were searched`);
    }
    this.execution.expansions.set(leaf, terms);
  }

  // An article scores its best expansion, so that many variants of a word do not outrank the word itself.
  private bestOf(leaf: LeafNode, weighted: { term: string; weight: number }[]): LeafScores {
    return new BestScores(
      weighted.map(({ term, weight }) => ({ term: this.termScores(term, leaf.field), weight })),
      this.deadline,
    );
  }
}
