// Over 400 lines, for a reason: the postings, lengths and frequencies here are kept in step by
// add and remove and read by every scorer; split in two, each half would reach into the other's arrays.
import type { Analyzer } from '../analysis/analyzer.js';
import type { Article } from '../article.js';
import { IndexCorruptError } from '../errors.js';
import { inverseDocumentFrequency } from './bm25.js';
import { DeferredTerms } from './deferred-terms.js';
import { ForwardIndex } from './forward-index.js';
import { grown } from './grown.js';
import type { HeldFile } from './held-file.js';
import {
  checkTermPostings,
  type Frequencies,
  type InvertedText,
  invertedFromBytes,
  invertedToBytes,
  textPostingScore,
} from './inverted-text.js';
import { LABEL_FIELDS, LabelIndex, type LabelRanking } from './label-index.js';
import { PhoneticLookup } from './phonetic-lookup.js';
import { blockRatiosOf, TextCursor } from './score-cursor.js';
import { DocScores, DocScoresBuilder, union } from './scores.js';
import { DEFAULT_INVERSION_BUDGET, type InversionBudget, invertSpilled } from './spilled-inversion.js';
import { IntList, TermIdReader } from './term-id-reader.js';
import { prefixRange, sortedHas, type TermExpansion, typoCandidates } from './term-lookup.js';

/**
 * How matches are scored. Every default was chosen by measurement (`npm run eval`,
 * docs/relevance.md), on Cranfield and on CACM, LISA and NPL, never on one alone.
 */
export interface RankingSettings {
  /** BM25 term-frequency saturation. 1.2: the textbook value; Cranfield liked more, CACM less. */
  k1: number;
  /**
   * BM25F's length normalisation of the body, 0 (none) to 1 (full), by its number of index
   * terms; the title is not normalised. 0.6 with that split: docs/relevance.md.
   */
  b: number;
  /**
   * BM25+'s lower bound on a matching term's contribution (0: plain BM25). MiniSearch
   * defaults to 0.5, which favours long documents; plain BM25 ranked better everywhere.
   */
  delta: number;
  /**
   * BM25F weight of the title against the body: the title's words count this many
   * times in the one "text" field that holds both, so that term frequencies and lengths
   * are combined before saturation (BM25F) rather than scored field by field and
   * summed, which counts a word found in both title and body twice. Index-time: a
   * whole number, stored with the index.
   */
  titleWeight: number;
  /** Multiplier of the author and tags fields, scored apart (they are short labels). */
  authorBoost: number;
  tagsBoost: number;
  /**
   * Multiply a document's score by the number of query terms it matches (MiniSearch's way).
   * Off: with BM25F it over-rewards documents matching many common words of a long query.
   */
  coordination: boolean;
}

/** Length normalisation of authors and tags (scored apart, label-index.ts). */
const LABEL_B = 0.75;

/** The ranking every index gets: the settings the relevance evaluation chose (docs/relevance.md). */
export const DEFAULT_RANKING: RankingSettings = {
  k1: 1.2,
  b: 0.6,
  delta: 0,
  titleWeight: 3,
  authorBoost: 1,
  tagsBoost: 1.5,
  coordination: false,
};

/**
 * The fields a query can name. Title and body are scored together as one "text"
 * field (BM25F), so a title: or body: query is scored on the text and the caller
 * keeps the articles that hold the term in that field.
 */
export type SearchField = 'title' | 'body' | 'author' | 'tags';

/** An article's title and body as term ids with word offsets (TextIndex.analyze), ready to add. */
export interface AnalyzedText {
  ids: Int32Array;
  titleLength: number;
  bodyLength: number;
}

/** One matching article: its number in the document store and its relevance score. */
export interface TextMatch {
  doc: number;
  score: number;
}

/** An empty array for absent postings. */
const NONE = new Int32Array(0);
const NO_FREQUENCIES: Frequencies = new Uint16Array(0);
// The id wordsOf gives a word of no indexed article: above every real one.
const UNKNOWN_TERM = 0x7fffffff;
// The word forms the snippets' reader remembers (a few MB): pages show a small part of an archive.
const WORD_READER_FORMS = 1 << 16;

/**
 * The searchable text of the articles, and how matches score (BM25F).
 *
 * Titles and bodies live once, in the forward index (term ids in text order, which
 * phrases, proximity and snippets read); their postings are that index inverted in
 * two passes over its numbers, into typed arrays. Articles added since are read from
 * the forward index until enough of them gather to invert again. Building postings
 * article by article in MiniSearch's maps took half of a build and most of its memory
 * (docs/benchmarks.md, "Profiles behind the index's design").
 *
 * Authors and tags, short labels that a minority of articles carry, have an index of
 * their own (label-index.ts), scored apart with their boosts.
 */
export class TextIndex {
  readonly ranking: RankingSettings;
  /** Titles and bodies as term ids with word offsets, in text order. */
  readonly forward: ForwardIndex;
  private readonly analyzer: Analyzer;
  private readonly labels: LabelIndex;
  private readonly labelRanking: LabelRanking;
  // Per article number: 1 while indexed; and the length BM25F normalises the body by, its
  // number of index terms (the title is not normalised: docs/relevance.md). The forward index
  // has it too, but the body scales are made again after every write, a read per article, and
  // an array is several times quicker to read than a record. The ranked text's length (title
  // copies and body), which only totals need, is read from the forward index.
  private live: Uint8Array;
  private bodyLengths: Int32Array;
  private bodyTermCount = 0;
  private liveCount = 0;
  private textTermCount = 0;
  private inverted: InvertedText | undefined;
  // The articles added since `inverted`, inverted apart (an index taking writes would otherwise
  // invert all of its text again every few refreshes), and how many terms that holds.
  private recent: InvertedText | undefined;
  private recentTerms = 0;
  // Terms added to the forward index since the inversion, which queries scan, and
  // whether articles were removed since (the inversion still lists them).
  private pendingTerms = 0;
  private removedSinceInversion = false;
  private bodyScales: Float64Array | undefined;
  // Per term id, the block bounds of its inverted postings (score-cursor.ts) and the average
  // length they were computed with; dropped with the inversion they describe.
  private blockRatios = new Map<number, { ratios: Float64Array; average: number }>();
  // The inversion read from a saved index, and which of its terms' postings are not checked yet (inverted-text.ts, checkTermPostings).
  private loadedInversion: InvertedText | undefined;
  private uncheckedTerms: Uint8Array | undefined;
  // Caches, dropped when an article is added or removed.
  private readonly frequencies = new Map<string, number>();
  // Indexing: words to term ids, and the lists an article's ids and offsets are read into.
  private reader: TermIdReader | undefined;
  private readonly scratch = { ids: new IntList() };
  // Reads the words of the articles a page shows (snippets need where each starts); it gives no new ids.
  private wordReader: TermIdReader | undefined;
  private readonly wordLists = { ids: new IntList(), starts: new IntList() };
  // Per term id, how many live articles hold it in their title or body: made when first
  // asked for, then kept up to date as articles come and go (not dropped like the caches).
  private textFrequencies: Int32Array | undefined;
  // Kept across changes and grown with the terms new since (a refresh of the index in memory
  // must not make the next prefix or typo'd search sort the whole vocabulary again).
  private sortedVocabulary: string[] | undefined;
  private vocabularyCovers = { forwardTerms: 0, labelsChanged: false };
  private phonetic: PhoneticLookup | undefined;
  // How much of a spilling build's postings are made at once when saved (createSpilling).
  private inversionBudget = DEFAULT_INVERSION_BUDGET;
  private spilledPostings: HeldFile[] = [];
  // A build's terms while another thread stems them (deferStemming).
  private deferred: DeferredTerms | undefined;

  private constructor(analyzer: Analyzer, ranking: RankingSettings, forward: ForwardIndex, saved?: { labels: SerializedLabels }) {
    this.ranking = { ...ranking };
    this.labelRanking = {
      k1: ranking.k1,
      // Authors and tags keep the textbook b: no test collection has them, so nothing measured moves it.
      b: LABEL_B,
      delta: ranking.delta,
      boosts: { author: ranking.authorBoost, tags: ranking.tagsBoost },
    };
    this.analyzer = analyzer;
    this.forward = forward;
    this.labels = saved === undefined ? new LabelIndex(analyzer) : LabelIndex.fromBytes(analyzer, saved.labels.terms, saved.labels.stream);
    this.live = new Uint8Array(Math.max(1024, forward.capacity));
    this.bodyLengths = new Int32Array(this.live.length);
    for (let doc = 0; doc < forward.capacity; doc++) {
      if (forward.holds(doc)) this.count(doc, forward.titleLength(doc), forward.bodyLength(doc));
    }
  }

  /** An empty index; `ranking` defaults to DEFAULT_RANKING (the evaluation passes others to compare). */
  static create(analyzer: Analyzer, ranking: RankingSettings = DEFAULT_RANKING): TextIndex {
    if (!Number.isInteger(ranking.titleWeight) || ranking.titleWeight < 1) {
      throw new RangeError(`titleWeight must be a whole number ≥ 1, got ${ranking.titleWeight}`);
    }
    return new TextIndex(analyzer, ranking, ForwardIndex.empty());
  }

  /**
   * An empty index for a build that saves it and never searches it, holding at most about
   * `poolWords` of its forward index in memory (ForwardIndex.spilling): its postings are made
   * from the spilled records when saved (invertSpilled), not held.
   */
  static createSpilling(analyzer: Analyzer, poolWords: number, budget: InversionBudget = DEFAULT_INVERSION_BUDGET): TextIndex {
    const index = new TextIndex(analyzer, DEFAULT_RANKING, ForwardIndex.spilling(poolWords));
    index.inversionBudget = budget;
    return index;
  }

  /** Reads an index written by `serialize`. Throws when it was written in another layout. */
  static fromSerialized(serialized: SerializedTextIndex, analyzer: Analyzer): TextIndex {
    if (typeof serialized.titleWeight !== 'number' || serialized.labels === undefined) {
      throw new Error('the text index was written by an older Gazette; rebuild it with npm run build-index');
    }
    const forward = ForwardIndex.fromFiles(serialized.forward.records, serialized.forward.vocabulary);
    const index = new TextIndex(analyzer, { ...DEFAULT_RANKING, titleWeight: serialized.titleWeight }, forward, {
      labels: serialized.labels,
    });
    if (serialized.postings !== undefined) {
      index.inverted = invertedFromBytes(serialized.postings, { terms: forward.vocabularySize, docs: forward.capacity });
    }
    if (index.inverted !== undefined) {
      index.loadedInversion = index.inverted;
      index.uncheckedTerms = new Uint8Array(forward.vocabularySize).fill(1);
    }
    return index;
  }

  /**
   * Inverts the text now rather than at the next query: the end of a build is when a
   * user expects to wait, and the forward index's growth slack is freed.
   */
  prepare(): void {
    this.invertedText(true);
    // Its table of word forms serves a build; an article added later makes a new one.
    this.reader = undefined;
  }

  /**
   * Reads an article's title and body into term ids with their word offsets, for `add` later:
   * an index taking writes reads each when it arrives, so that a refresh only adds what was read.
   * A new word gets its term id now; it matches nothing until an article holding it is added.
   */
  analyze(article: Article): AnalyzedText {
    const { titleLength, bodyLength } = this.readText(article);
    return { ids: this.scratch.ids.view().slice(), titleLength, bodyLength };
  }

  private readText(article: Article): { titleLength: number; bodyLength: number } {
    const { ids } = this.scratch;
    ids.clear();
    this.reader ??= this.termIdReader();
    const titleLength = this.reader.read(article.title, ids);
    return { titleLength, bodyLength: this.reader.read(article.body, ids) };
  }

  // Words to term ids; while stemming is deferred, normalised words to provisional ids.
  private termIdReader(): TermIdReader {
    const deferred = this.deferred;
    if (deferred !== undefined) {
      return new TermIdReader(
        (word) => this.analyzer.indexForm(word),
        (form) => deferred.idOf(form),
      );
    }
    return new TermIdReader(
      (word) => this.analyzer.termOfUncached(word),
      (term) => this.forward.idOf(term),
    );
  }

  /**
   * Until `stopDeferring`, articles added are recorded with provisional term ids while another
   * thread stems their words (deferred-terms.ts): a build's reading and stemming run on two
   * cores. Nothing may be searched until `settleTerms` has given the terms their ids.
   */
  deferStemming(): void {
    this.deferred = new DeferredTerms(this.analyzer);
    this.reader = undefined;
  }

  /** Whether a spilling build's forward index is full: `settleTerms` then writes it out, its term ids settled first. */
  get needsSettling(): boolean {
    return this.forward.full;
  }

  /** Gives every term recorded so far its id (waiting for the stemming thread), then writes a full spilling pool out. */
  async settleTerms(): Promise<void> {
    if (this.deferred !== undefined) {
      const forward = this.forward;
      forward.resolveProvisional(await this.deferred.settle((term) => forward.idOf(term)));
    }
    this.forward.spillIfFull();
  }

  /** Ends `deferStemming` (its thread too): words read from now on get their term ids at once. */
  stopDeferring(): void {
    this.deferred?.close();
    this.deferred = undefined;
    this.reader = undefined;
  }

  /**
   * A title's or body's indexed words as the forward index holds them, with the offset of
   * each in `text`, for snippets. A word no article holds gets an id no query term has.
   * Given `initials` (TermIdReader's `initialsOf`), only the words whose terms may start with
   * one of them: the others' ids are never looked up.
   */
  wordsOf(text: string, initials?: Uint8Array): { ids: Int32Array; starts: Int32Array } {
    this.wordReader ??= new TermIdReader(
      (word) => this.analyzer.termOfUncached(word),
      (term) => {
        const id = this.forward.idOfTerm(term);
        return id < 0 ? UNKNOWN_TERM : id;
      },
      WORD_READER_FORMS,
    );
    // Read into lists kept for the next call and copied out at their length: two new lists of
    // 1,024 zeroed slots a call were a sixth of what reading a page's words cost.
    const { ids, starts } = this.wordLists;
    ids.clear();
    starts.clear();
    this.wordReader.read(text, ids, starts, initials);
    return { ids: ids.view().slice(), starts: starts.view().slice() };
  }

  /** Adds an article under its number (numbers come in increasing order), read now or by `analyze` before. */
  add(doc: number, article: Article, analyzed?: AnalyzedText): void {
    const read = analyzed ?? { ...this.readText(article), ids: this.scratch.ids.view() };
    const { titleLength, bodyLength } = read;
    this.forward.add(doc, titleLength, read.ids);
    this.countText(doc, 1);
    this.labels.add(doc, article);
    if (article.author !== undefined || article.tags.length > 0) this.vocabularyCovers.labelsChanged = true;
    this.grow(doc + 1);
    this.count(doc, titleLength, bodyLength);
    this.pendingTerms += this.textLength(titleLength, bodyLength);
    this.changed();
  }

  /** Removes the article indexed under `doc`. */
  remove(doc: number): void {
    if (this.live[doc] !== 1) return;
    // Counted before the first removal, while a term's inverted postings are still its live
    // articles: made after, the counts took a pass over every article's terms (0.5 s at a million).
    // Not while building (nothing inverted yet): that would invert what has come so far.
    if (this.textFrequencies === undefined && this.inverted !== undefined && !this.removedSinceInversion)
      this.countFrequencies(this.inverted);
    this.countText(doc, -1);
    this.textTermCount -= this.textLength(this.forward.titleLength(doc), this.forward.bodyLength(doc));
    this.forward.remove(doc);
    this.labels.remove(doc);
    this.live[doc] = 0;
    this.removedSinceInversion = true;
    this.liveCount -= 1;
    this.bodyTermCount -= this.bodyLengths[doc] as number;
    this.bodyLengths[doc] = 0;
    this.changed();
  }

  /** Articles containing any of the query's words, best first, each passing `accept`. */
  search(query: string, accept: (doc: number) => boolean): TextMatch[] {
    const totals = new Map<number, { score: number; terms: number }>();
    for (const term of new Set(this.analyzer.terms(query))) {
      for (const [doc, score] of this.termScores(term)) {
        const total = totals.get(doc) ?? { score: 0, terms: 0 };
        total.score += score;
        total.terms += 1;
        totals.set(doc, total);
      }
    }
    const matches: TextMatch[] = [];
    for (const [doc, { score, terms }] of totals) {
      if (accept(doc)) matches.push({ doc, score: this.ranking.coordination ? score * terms : score });
    }
    return matches.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Average number of index terms in an article's ranked text (title copies and body). */
  get averageTextLength(): number {
    return this.liveCount === 0 ? 0 : this.textTermCount / this.liveCount;
  }

  /** Inverse document frequency of an index term, as BM25 computes it. */
  idf(term: string): number {
    return inverseDocumentFrequency(this.liveCount, this.documentFrequency(term));
  }

  /**
   * Inverse document frequency of a term by its forward-index id, counting the articles
   * that hold it in their title or body (0 for -1, no such term). The re-rank asks it for
   * every title term of the best matches: it costs an array read, also after articles
   * were added, where counting through the pending articles took milliseconds a term.
   */
  idfOfId(id: number): number {
    if (id < 0) return 0;
    return inverseDocumentFrequency(this.liveCount, this.textDocumentFrequencies()[id] ?? 0);
  }

  /** Whether a live article holds the term (already analysed) in any field: `termScores(term).size > 0`, without scoring. */
  holds(term: string): boolean {
    return this.holdsInText(this.forward.idOfTerm(term)) || this.labels.hasTerm(term);
  }

  /** How many live articles hold the term (already analysed) in their title or body, from counts kept between searches. */
  textFrequency(term: string): number {
    const id = this.forward.idOfTerm(term);
    return id < 0 ? 0 : (this.textDocumentFrequencies()[id] ?? 0);
  }

  /** Whether a live article holds the term (by its forward-index id) in its title or body. */
  holdsInText(id: number): boolean {
    return id >= 0 && (this.textDocumentFrequencies()[id] ?? 0) > 0;
  }

  private textDocumentFrequencies(): Int32Array {
    return this.textFrequencies ?? this.countFrequencies(this.invertedText());
  }

  // Each term's live articles, from `inverted` and the articles recorded since; kept from then on (countText).
  private countFrequencies(inverted: InvertedText): Int32Array {
    const counts = new Int32Array(Math.max(1024, this.forward.vocabularySize));
    let first = 0;
    // Right after an inversion with no removal since, a term's postings are its articles.
    if (!this.removedSinceInversion) {
      for (let id = 0; id + 1 < inverted.starts.length; id++)
        counts[id] = (inverted.starts[id + 1] as number) - (inverted.starts[id] as number);
      first = inverted.coveredDocs;
    }
    for (let doc = first; doc < this.forward.capacity; doc++) {
      if (this.live[doc] === 1)
        this.forward.distinctTerms(doc, (id) => {
          counts[id] = (counts[id] as number) + 1;
        });
    }
    this.textFrequencies = counts;
    return counts;
  }

  private countText(doc: number, change: 1 | -1): void {
    let counts = this.textFrequencies;
    if (counts === undefined) return;
    if (counts.length < this.forward.vocabularySize) {
      counts = grown(counts, Math.max(this.forward.vocabularySize, 2 * counts.length));
      this.textFrequencies = counts;
    }
    const updated = counts;
    this.forward.distinctTerms(doc, (id) => {
      updated[id] = (updated[id] as number) + change;
    });
  }

  /**
   * The score of every article holding one index term (already analysed), in one
   * field or in any: BM25, the title and body as one field (BM25F), author and tags
   * each apart with their boosts.
   */
  termScores(term: string, field?: SearchField): DocScores {
    let scores = field === undefined || field === 'title' || field === 'body' ? this.textScores(term) : DocScores.EMPTY;
    for (const name of LABEL_FIELDS)
      if (field === undefined || field === name)
        scores = union(scores, this.labels.scores(term, name, this.liveCount, this.labelRanking), 'sum');
    return scores;
  }

  /** The scores of a term in authors and in tags (LABEL_FIELDS' order), the parts `termScores` adds to the text's. */
  labelScores(term: string): DocScores[] {
    return LABEL_FIELDS.map((name) => this.labels.scores(term, name, this.liveCount, this.labelRanking));
  }

  private textScores(term: string): DocScores {
    const postings = this.weightedPostings(term);
    if (postings === undefined) return DocScores.EMPTY;
    const { docs, frequencies, from, to, pending, matching, weight } = postings;
    const live = this.live;
    const scales = this.bodyLengthScales();
    const { k1, delta, titleWeight } = this.ranking;
    const scores = new DocScoresBuilder(matching);
    for (let at = from; at < to; at++) {
      const doc = docs[at] as number;
      if (live[doc] !== 1) continue;
      scores.push(doc, textPostingScore(weight, frequencies[at] as number, titleWeight, scales[doc] as number, k1, delta));
    }
    for (let at = 0; at < pending.length; at += 2) {
      const doc = pending[at] as number;
      scores.push(doc, textPostingScore(weight, pending[at + 1] as number, titleWeight, scales[doc] as number, k1, delta));
    }
    return scores.build();
  }

  /**
   * Adds the score of `term` in the title and body of each live article holding it (as
   * `termScores` scores it, to the bit) into `totals` by article number, marking `seen`; returns
   * how many articles it marked first. A bare ranking of common words scored whole sums them
   * there, with no list made of each word's scores (Reuters' three-word queries of common words).
   */
  addTextScores(term: string, totals: Float64Array, seen: Uint8Array): number {
    const postings = this.weightedPostings(term);
    if (postings === undefined) return 0;
    const { docs, frequencies, from, to, pending, weight } = postings;
    const live = this.live;
    const scales = this.bodyLengthScales();
    const { k1, delta, titleWeight } = this.ranking;
    let added = 0;
    for (let at = from; at < to; at++) {
      const doc = docs[at] as number;
      if (live[doc] !== 1) continue;
      totals[doc] =
        (totals[doc] as number) + textPostingScore(weight, frequencies[at] as number, titleWeight, scales[doc] as number, k1, delta);
      added += 1 - (seen[doc] as number);
      seen[doc] = 1;
    }
    for (let at = 0; at < pending.length; at += 2) {
      const doc = pending[at] as number;
      totals[doc] =
        (totals[doc] as number) + textPostingScore(weight, pending[at + 1] as number, titleWeight, scales[doc] as number, k1, delta);
      added += 1 - (seen[doc] as number);
      seen[doc] = 1;
    }
    return added;
  }

  // How many live articles hold a term with `inverted` inverted postings and these pending
  // ones: until an article is removed every inverted one is live; after, the counts kept per
  // term say it (reading `live` for each posting cost every query a pass over its words' lists).
  private liveHolding(id: number, inverted: number, pending: readonly number[]): number {
    return this.removedSinceInversion ? (this.textDocumentFrequencies()[id] ?? 0) : inverted + pending.length / 2;
  }

  // A term's postings in titles and bodies, how many live articles hold it and its IDF; undefined when none does.
  private weightedPostings(term: string) {
    const id = this.forward.idOfTerm(term);
    if (id < 0) return undefined;
    const { docs, frequencies, from, to } = this.postingsOf(id);
    const pending = this.pendingPostings(id);
    const matching = this.liveHolding(id, to - from, pending);
    if (matching === 0) return undefined;
    return { docs, frequencies, from, to, pending, matching, weight: inverseDocumentFrequency(this.liveCount, matching) };
  }

  /**
   * A cursor over the articles holding `term` in their title or body, scoring each exactly as
   * `termScores` does, with upper bounds per block of postings for a top-k search to skip by.
   * Undefined when no live article holds it.
   */
  textCursor(term: string): TextCursor | undefined {
    const id = this.forward.idOfTerm(term);
    if (id < 0) return undefined;
    const { docs, frequencies, from, to } = this.postingsOf(id);
    const pending = this.pendingPostings(id);
    const live = this.removedSinceInversion ? this.live : undefined;
    const matching = this.liveHolding(id, to - from, pending);
    if (matching === 0) return undefined;
    const bodyScales = this.bodyLengthScales();
    const average = this.averageBodyLength();
    const { k1, delta, titleWeight } = this.ranking;
    const bounds = () => {
      let found = this.blockRatios.get(id);
      if (found === undefined) {
        found = { ratios: blockRatiosOf({ docs, frequencies, from, to, bodyScales, titleWeight, k1 }), average };
        this.blockRatios.set(id, found);
      }
      // A longer average raises every body's scale, and so each frequency and its ratio, by at most this.
      return { ratios: found.ratios, scale: Math.max(1, average / found.average) };
    };
    return new TextCursor({
      docs,
      frequencies,
      from,
      to,
      pending,
      live,
      weight: inverseDocumentFrequency(this.liveCount, matching),
      bodyScales,
      titleWeight,
      k1,
      delta,
      bounds,
    });
  }

  // The inverted postings of a term id; inverted again first when many articles came since.
  private postingsOf(id: number): { docs: Int32Array; frequencies: Frequencies; from: number; to: number } {
    const inverted = this.invertedText();
    if (id + 1 >= inverted.starts.length) return { docs: NONE, frequencies: NO_FREQUENCIES, from: 0, to: 0 };
    if (this.uncheckedTerms?.[id] === 1 && inverted === this.loadedInversion) {
      try {
        checkTermPostings(inverted, id);
      } catch (error) {
        throw new IndexCorruptError('postings.bin', (error as Error).message);
      }
      this.uncheckedTerms[id] = 0;
    }
    return {
      docs: inverted.docs,
      frequencies: inverted.frequencies,
      from: inverted.starts[id] as number,
      to: inverted.starts[id + 1] as number,
    };
  }

  // Inverting costs a pass over all text; scanning what came since costs a pass over that per
  // query term. Articles added since the whole text was inverted are inverted apart (`recent`),
  // again once a quarter more came since (scanned until then); all of it is inverted again once
  // `recent` holds an eighth of the text, so that a refresh costs what it added, not the index.
  private invertedText(exact = false): InvertedText {
    // Exactly: also when the articles added since hold no indexable word (no pending terms),
    // since the saved postings must cover every article the forward index records.
    const uncovered = this.inverted !== undefined && this.inverted.coveredDocs < this.forward.capacity;
    const sinceWhole = this.recentTerms + this.pendingTerms;
    const stale =
      sinceWhole > (exact ? 0 : Math.max(65_536, this.textTermCount / 8)) || (exact && (this.removedSinceInversion || uncovered));
    if (this.inverted === undefined || stale) {
      // The old postings let go first (the loaded ones too, kept to be checked per term): at a
      // million articles they are 440 MB the new ones need.
      this.inverted = undefined;
      this.recent = undefined;
      this.loadedInversion = undefined;
      this.uncheckedTerms = undefined;
      this.inverted = this.forward.invert();
      this.blockRatios = new Map();
      this.recent = undefined;
      this.recentTerms = 0;
      this.pendingTerms = 0;
      this.removedSinceInversion = false;
    }
    return this.inverted;
  }

  private recentText(): InvertedText | undefined {
    const whole = this.invertedText();
    if (this.pendingTerms > Math.max(16_384, this.recentTerms / 4)) {
      this.recent = this.forward.invert(whole.coveredDocs);
      this.recentTerms += this.pendingTerms;
      this.pendingTerms = 0;
    }
    return this.recent;
  }

  // (doc, frequency) pairs of a term in the live articles added since the whole text was inverted.
  private pendingPostings(id: number): number[] {
    const pairs: number[] = [];
    const recent = this.recentText();
    if (recent !== undefined && id + 1 < recent.starts.length) {
      for (let at = recent.starts[id] as number; at < (recent.starts[id + 1] as number); at++) {
        const doc = recent.docs[at] as number;
        if (this.live[doc] === 1) pairs.push(doc, recent.frequencies[at] as number);
      }
    }
    const from = recent?.coveredDocs ?? this.invertedText().coveredDocs;
    for (let doc = from; doc < this.forward.capacity; doc++) {
      if (this.live[doc] !== 1) continue;
      const counts = this.forward.countsOf(doc, id);
      if (counts > 0) pairs.push(doc, counts);
    }
    return pairs;
  }

  // Per article, 1 / (1 − b + b · body length / average): what BM25F divides a body's count by, made once per change.
  private bodyLengthScales(): Float64Array {
    if (this.bodyScales !== undefined) return this.bodyScales;
    const { b } = this.ranking;
    const average = this.averageBodyLength();
    const scales = new Float64Array(this.bodyLengths.length);
    for (let doc = 0; doc < scales.length; doc++) scales[doc] = 1 / (1 - b + (b * (this.bodyLengths[doc] as number)) / average);
    this.bodyScales = scales;
    return scales;
  }

  // The average body length BM25F normalises by (every live article counts, those without a body too).
  private averageBodyLength(): number {
    return this.liveCount === 0 ? 1 : this.bodyTermCount / this.liveCount || 1;
  }

  /**
   * The `limit` most frequent index terms that start with `prefix`, and how many there are.
   * Two binary searches find them; only their frequencies are read (an array each).
   */
  termsWithPrefix(prefix: string, limit: number): TermExpansion<string> {
    const vocabulary = this.vocabulary();
    const { from, to } = prefixRange(vocabulary, prefix);
    const terms: string[] = [];
    for (let at = from; at < to; at++) terms.push(vocabulary[at] as string);
    return this.mostFrequent(terms, limit, () => 0);
  }

  /**
   * The `limit` index terms closest to `term` within `maxDistance` edits (the term itself
   * included; an edit of the first letter counts as two), closest then most frequent first,
   * and how many there are. Found by a walk that skips every branch of the vocabulary out
   * of reach (term-lookup.ts); `onStep` is
   * called per step of it, so that a search can stop when it runs out of time.
   */
  termsNear(
    term: string,
    maxDistance: number,
    limit: number,
    onStep?: () => void,
  ): TermExpansion<{ term: string; distance: number; frequency: number }> {
    const vocabulary = this.vocabulary();
    const near = typoCandidates(vocabulary, term, maxDistance, onStep).map(({ at, distance }) => ({
      term: vocabulary[at] as string,
      distance,
    }));
    const distances = new Map(near.map(({ term: found, distance }) => [found, distance]));
    const { terms, total } = this.mostFrequent(
      near.map((found) => found.term),
      limit,
      (found) => distances.get(found) ?? 0,
    );
    return {
      terms: terms.map((found) => ({ term: found, distance: distances.get(found) ?? 0, frequency: this.expansionFrequency(found) })),
      total,
    };
  }

  /**
   * The `limit` commonest index terms that sound like `term` (Double Metaphone), for names
   * spelt several ways: "kiev" for `kyiv`, "qaddafi" for `gaddafi`.
   */
  termsSoundingLike(term: string, limit: number): { term: string; frequency: number }[] {
    const vocabulary = this.vocabulary();
    this.phonetic ??= new PhoneticLookup(vocabulary);
    const sounding = this.phonetic.soundingLike(term);
    return this.mostFrequent(sounding, limit, () => 0).terms.map((found) => ({ term: found, frequency: this.expansionFrequency(found) }));
  }

  /** Builds the sorted vocabulary and the terms' frequencies that prefix, fuzzy and typo'd words read, and the phonetic keys of names. */
  warmLookups(): void {
    this.phonetic ??= new PhoneticLookup(this.vocabulary());
    this.textDocumentFrequencies();
  }

  /** Whether some article's author or tags hold the term (already analysed). */
  isLabelTerm(term: string): boolean {
    return this.labels.hasTerm(term);
  }

  // Every term of titles, bodies and labels, sorted by code unit for prefix search.
  private vocabulary(): string[] {
    const known = this.sortedVocabulary;
    const forwardTerms = this.forward.vocabulary.length;
    if (known === undefined || forwardTerms < this.vocabularyCovers.forwardTerms) {
      const terms = new Set(this.forward.vocabulary);
      for (const term of this.labels.terms()) terms.add(term);
      this.sortedVocabulary = [...terms].sort();
      this.phonetic = undefined;
    } else if (forwardTerms > this.vocabularyCovers.forwardTerms || this.vocabularyCovers.labelsChanged) {
      const fresh = new Set(this.forward.vocabulary.slice(this.vocabularyCovers.forwardTerms));
      if (this.vocabularyCovers.labelsChanged) for (const term of this.labels.terms()) fresh.add(term);
      const added = [...fresh].filter((term) => !sortedHas(known, term)).sort();
      this.sortedVocabulary = mergeSorted(known, added);
      this.phonetic?.add(added);
    }
    this.vocabularyCovers = { forwardTerms, labelsChanged: false };
    return this.sortedVocabulary as string[];
  }

  // The live terms, ranked by `rank` (lowest first) then most frequent first, cut to `limit`.
  private mostFrequent(terms: string[], limit: number, rank: (term: string) => number): TermExpansion<string> {
    const frequency = new Map<string, number>();
    for (const term of terms) {
      const count = this.expansionFrequency(term);
      if (count > 0) frequency.set(term, count);
    }
    const live = [...frequency.keys()];
    const ranked = live.sort(
      (a, b) => rank(a) - rank(b) || (frequency.get(b) as number) - (frequency.get(a) as number) || (a < b ? -1 : 1),
    );
    return { terms: ranked.slice(0, limit), total: live.length };
  }

  // How widely a term is used, to choose among a word's expansions: an array read for a term
  // of titles and bodies; counted (and cached) for the few found only in authors and tags.
  private expansionFrequency(term: string): number {
    const id = this.forward.idOfTerm(term);
    const inText = id < 0 ? 0 : (this.textDocumentFrequencies()[id] ?? 0);
    return inText > 0 ? inText : this.documentFrequency(term);
  }

  /** How many articles contain a term (already analysed) in any field: the basis of its rarity. */
  documentFrequency(term: string): number {
    let frequency = this.frequencies.get(term);
    if (frequency === undefined) {
      frequency = this.countDocuments(term);
      this.frequencies.set(term, frequency);
    }
    return frequency;
  }

  private countDocuments(term: string): number {
    const withLabel = this.labels.articlesWith(term);
    let count = withLabel.size;
    const id = this.forward.idOfTerm(term);
    if (id < 0) return count;
    // In no author or tag: its live articles are counted already, where a pass over its postings
    // took 0.9 ms a term at a million articles, again after every write.
    if (count === 0) return this.textDocumentFrequencies()[id] ?? 0;
    const { docs, from, to } = this.postingsOf(id);
    for (let at = from; at < to; at++) {
      const doc = docs[at] as number;
      if (this.live[doc] === 1 && !withLabel.has(doc)) count += 1;
    }
    const pending = this.pendingPostings(id);
    for (let at = 0; at < pending.length; at += 2) if (!withLabel.has(pending[at] as number)) count += 1;
    return count;
  }

  get documentCount(): number {
    return this.liveCount;
  }

  serialize(): TextIndexFiles {
    // A save ends a batch of changes, as `prepare` ends a build: the word-form table goes.
    this.reader = undefined;
    return {
      titleWeight: this.ranking.titleWeight,
      labels: this.labels.toBytes(),
      // Inverted again if articles came or went since: what is saved lists exactly the articles saved.
      postings: this.savedPostings(),
      forward: this.forward.spilledFiles() ?? this.forward.toFiles(),
    };
  }

  private savedPostings(): (Buffer | HeldFile)[] {
    const spilled = this.forward.spilledRecords();
    if (spilled === undefined) return invertedToBytes(this.invertedText(true));
    const postings = invertSpilled(spilled, this.inversionBudget);
    this.spilledPostings.push(postings);
    return [postings];
  }

  /**
   * Closes a spilling build's temporary files (createSpilling): its forward index's and the
   * postings its saves made, whose disk space is freed then. The index is of no use after.
   */
  releaseSpilled(): void {
    for (const file of this.spilledPostings) file.close();
    this.spilledPostings = [];
    this.forward.releaseSpill();
  }

  private count(doc: number, titleLength: number, bodyLength: number): void {
    this.live[doc] = 1;
    this.bodyLengths[doc] = bodyLength;
    this.liveCount += 1;
    this.textTermCount += this.textLength(titleLength, bodyLength);
    this.bodyTermCount += bodyLength;
  }

  // The length of an article's ranked text: its title's copies and its body.
  private textLength(titleLength: number, bodyLength: number): number {
    return this.ranking.titleWeight * titleLength + bodyLength;
  }

  private grow(size: number): void {
    if (size <= this.live.length) return;
    const capacity = Math.max(size, this.live.length * 2);
    this.live = grown(this.live, capacity);
    this.bodyLengths = grown(this.bodyLengths, capacity);
  }

  private changed(): void {
    this.bodyScales = undefined;
    this.frequencies.clear();
  }
}

/** The labels' index: its terms, and its postings as one Int32 stream (label-index.ts). */
export interface SerializedLabels {
  terms: string[];
  stream: Int32Array;
}

/** The text index for persistence. */
export interface SerializedTextIndex {
  /** How many times the title counts in the text field. */
  titleWeight: number;
  labels: SerializedLabels;
  /** The forward index inverted (inverted-text.ts); absent, the text is inverted again when first searched or saved. */
  postings?: Buffer | Int32Array;
  /** The forward index's records: an Int32 stream, as bytes or (a file past 4 GiB) as its words. */
  forward: { records: Buffer | Int32Array; vocabulary: Buffer };
}

/** What `serialize` gives to write: as SerializedTextIndex, the two large files in parts (views of the index's arrays, not copies). */
export interface TextIndexFiles extends Omit<SerializedTextIndex, 'postings' | 'forward'> {
  postings: (Buffer | HeldFile)[];
  forward: { records: (Buffer | HeldFile)[]; vocabulary: Buffer };
}

// Two sorted lists of distinct terms as one, in one pass.
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  const merged = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = (a[i] as string) < (b[j] as string) ? (a[i++] as string) : (b[j++] as string);
  while (i < a.length) merged[k++] = a[i++] as string;
  while (j < b.length) merged[k++] = b[j++] as string;
  return merged;
}
