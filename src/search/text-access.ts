import type { Analyzer } from '../analysis/analyzer.js';
import { normalizeWord } from '../analysis/normalize.js';
import { splitWords } from '../analysis/tokenize.js';
import type { Article } from '../article.js';
import type { DocumentStore } from '../index/document-store.js';
import { LABEL_FIELDS } from '../index/label-index.js';
import type { ScoreCursor } from '../index/score-cursor.js';
import type { DocScores } from '../index/scores.js';
import type { TermExpansion } from '../index/term-lookup.js';
import type { TextIndex } from '../index/text-index.js';
import { editDistanceWithin } from '../query/edits.js';
import type { QueryIndex, TermAdder } from '../query/execute.js';
import { containsTerms } from '../query/phrase.js';
import type { QueryField } from '../query/tree.js';

// How many articles holding a term "did you mean" reads for its spellings.
const SPELLING_SAMPLE = 20;

/**
 * The index as the query executor reads it: BM25 scores of a term in one field or all, the
 * terms a prefix or fuzzy word stands for, and whether a phrase stands in an article. Title
 * and body are one indexed field; a title: or body: term, and a phrase, are checked in the
 * forward index's term ids.
 */
export class TextAccess implements QueryIndex {
  readonly coordination: boolean;
  private lastPhrase: { terms: readonly string[]; ids: Int32Array; inLabels: boolean; labelLists: DocScores[][] } | undefined;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly store: DocumentStore,
    private readonly textIndex: TextIndex,
  ) {
    this.coordination = textIndex.ranking.coordination;
  }

  termScores(term: string, field: QueryField | undefined): DocScores {
    const scores = this.textIndex.termScores(term, field);
    if (field !== 'title' && field !== 'body') return scores;
    const forward = this.textIndex.forward;
    const ids = this.phraseOf([term]).ids;
    if (field === 'title') return scores.filter((doc) => forward.containsSequence(doc, 'title', ids));
    // An article holding the term but not in its title holds it in its body: only articles
    // with the term in their (short) title have their body read. 100 body: words of news
    // cost 97 ms on Reuters when every body was read.
    return scores.filter((doc) => !forward.containsSequence(doc, 'title', ids) || forward.containsSequence(doc, 'body', ids));
  }

  holds(term: string): boolean {
    return this.textIndex.holds(term);
  }

  termCursors(term: string): { text: ScoreCursor | undefined; labels: DocScores[] } {
    return { text: this.textIndex.textCursor(term), labels: this.textIndex.labelScores(term) };
  }

  termAdder(term: string): TermAdder | undefined {
    if (this.textIndex.isLabelTerm(term)) return undefined;
    const postings = this.textIndex.textFrequency(term);
    return { postings, add: (totals, seen) => this.textIndex.addTextScores(term, totals, seen) };
  }

  // What the postings can name: the forward index's records (those added since the last inversion included).
  get capacity(): number {
    return this.textIndex.forward.capacity;
  }

  termsWithPrefix(prefix: string, limit: number): TermExpansion<string> {
    return this.textIndex.termsWithPrefix(prefix, limit);
  }

  termsNear(
    term: string,
    distance: number,
    limit: number,
    onStep: () => void,
  ): TermExpansion<{ term: string; distance: number; frequency: number }> {
    return this.textIndex.termsNear(term, distance, limit, onStep);
  }

  synonymsOf(word: string): readonly string[] {
    return this.analyzer.synonymsOf(word);
  }

  termOf(word: string): string | null {
    return this.analyzer.termOf(word);
  }

  termsSoundingLike(term: string, limit: number): { term: string; frequency: number }[] {
    return this.textIndex.termsSoundingLike(term, limit);
  }

  hasPhrase(doc: number, field: QueryField | undefined, terms: readonly string[]): boolean {
    const phrase = this.phraseOf(terms);
    const forward = this.textIndex.forward;
    if (field !== 'author' && field !== 'tags') {
      if (field !== 'body' && forward.containsSequence(doc, 'title', phrase.ids)) return true;
      if (field !== 'title' && forward.containsSequence(doc, 'body', phrase.ids)) return true;
      if (field !== undefined) return false;
    }
    // Authors and tags are a few words: analysed when a phrase reaches them, and only
    // when every word of it is found in some author or tag, and in this article's (its label
    // postings say so without reading it from disk: a phrase of two words that are also
    // topics' words, "trading house" on Reuters, read every article holding both).
    if (!phrase.inLabels) return false;
    let article: Article | undefined;
    for (const name of field === undefined ? LABEL_FIELDS : [field]) {
      if (!(phrase.labelLists[LABEL_FIELDS.indexOf(name)] ?? []).every((list) => list.has(doc))) continue;
      article ??= this.store.get(doc);
      const text = name === 'author' ? (article.author ?? '') : article.tags.join(' ');
      if (containsTerms(this.analyzer.terms(text), terms)) return true;
    }
    return false;
  }

  allDocs(): Iterable<number> {
    return this.store.numbers();
  }

  /**
   * An index term as articles write it, lower-cased ("protesters" for `protest`), for a "did
   * you mean" a user can read: of the spellings in the first articles holding it, the closest
   * to what the user typed. Undefined when no article's title or body holds it.
   */
  surfaceForm(term: string, typed: string): string | undefined {
    const wanted = normalizeWord(typed);
    const spellings = this.spellingsOf(term).map((word) => ({ word, distance: editDistanceWithin(wanted, normalizeWord(word), 9) }));
    return spellings.sort((a, b) => a.distance - b.distance)[0]?.word;
  }

  // How the first SPELLING_SAMPLE articles holding a term write it, each article's first place.
  private spellingsOf(term: string): string[] {
    const id = this.textIndex.forward.idOfTerm(term);
    if (id < 0) return [];
    const spellings = new Set<string>();
    for (const doc of this.textIndex.termScores(term).docs.subarray(0, SPELLING_SAMPLE)) {
      if (!this.textIndex.forward.holds(doc)) continue;
      const article = this.store.get(doc);
      const inTitle = firstStart(this.textIndex.wordsOf(article.title), id);
      const [text, start] =
        inTitle !== undefined ? [article.title, inTitle] : [article.body, firstStart(this.textIndex.wordsOf(article.body), id)];
      const word = start === undefined ? undefined : splitWords(text.slice(start, start + 100))[0]?.text;
      // A possessive is the word itself: offer "university", not "university's".
      if (word !== undefined) spellings.add(word.toLowerCase().replace(/['’]s$/u, ''));
    }
    return [...spellings];
  }

  // A phrase is checked against thousands of articles in a row: its ids, and whether authors
  // and tags can hold it, are looked up once.
  private phraseOf(terms: readonly string[]): { ids: Int32Array; inLabels: boolean; labelLists: DocScores[][] } {
    if (this.lastPhrase?.terms !== terms) {
      const ids = Int32Array.from(terms, (term) => this.textIndex.forward.idOfTerm(term));
      const inLabels = terms.every((term) => this.textIndex.isLabelTerm(term));
      // Per label field, each term's articles holding it there (LABEL_FIELDS' order, as labelScores gives them).
      const perTerm = inLabels ? terms.map((term) => this.textIndex.labelScores(term)) : [];
      const labelLists = LABEL_FIELDS.map((_, at) => perTerm.map((lists) => lists[at] as DocScores));
      this.lastPhrase = { terms, ids, inLabels, labelLists };
    }
    return this.lastPhrase;
  }
}

// Where the first word of term `id` starts in a text read by TextIndex.wordsOf.
function firstStart(words: { ids: Int32Array; starts: Int32Array }, id: number): number | undefined {
  const at = words.ids.indexOf(id);
  return at < 0 ? undefined : words.starts[at];
}
