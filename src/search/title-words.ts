import SearchableMap from 'minisearch/SearchableMap';
import { Analyzer } from '../analysis/analyzer.js';
import { normalizeWord } from '../analysis/normalize.js';
import { splitWords } from '../analysis/tokenize.js';
import type { IndexView } from './index-view.js';

/** A word of the archive's titles that completes the last word typed, and how many titles hold it. */
export interface TitleWordMatch {
  /** The word as titles spell it most often, lower-cased (not its stem). */
  word: string;
  /** Articles whose titles hold the word (and the words typed before it, when `narrowed`). */
  count: number;
  /** The word nearly spells what was typed (one typo), rather than starting with it. */
  fuzzy: boolean;
}

/** What `TitleWords.complete` found: the words, and whether the words typed before the last narrowed them. */
export interface TitleWordCompletions {
  matches: TitleWordMatch[];
  /** Counted over the titles that also hold every word typed before the last one. */
  narrowed: boolean;
}

// A typo is forgiven from five letters on, as label completion and the query language's fuzzy words do.
const FUZZY_FROM_LENGTH = 5;

/**
 * The distinct words of the archive's titles, for completing the last word a user types.
 *
 * Words are kept as one sorted array, keyed by their normalized form (lower case, accents
 * folded, possessive dropped: what the query language matches), each with the number of
 * titles holding it and those titles' article numbers. A prefix is the range of keys found by
 * binary search; its best words are picked by scanning the range. On Reuters' 15,700 title
 * words, for one- and two-letter prefixes (ranges of thousands of words), this took 4 µs at
 * the median and 7 µs at p95, where walking MiniSearch's radix tree over the same words
 * (`SearchableMap.atPrefix`, whose iterator builds every key as a string) took 115 µs and
 * 590 µs; from three letters the two are alike. The radix tree is used where it is better:
 * `fuzzyGet`, for a word with a typo, with no scan of the vocabulary.
 *
 * The words typed before the last narrow the counts to the titles holding all of them
 * ("oil pri" ranks "prices" by the titles holding "oil" and "prices"), when some do: a mark per
 * article and a walk over the candidates' article lists, so a cost bounded by the titles.
 * Stop words are left out: the search drops them, so completing to one finds nothing more.
 */
export class TitleWords {
  // Sorted normalized keys, and by position: the spelling shown, the titles holding it, their article numbers.
  private readonly keys: string[];
  private readonly spellings: string[];
  private readonly counts: Uint32Array;
  private readonly postingStarts: Uint32Array;
  private readonly postings: Int32Array;
  private readonly fuzzyMap: SearchableMap<number>;
  // Scratch for narrowing: the call that last marked each article.
  private readonly marks: Uint32Array;
  private mark = 0;

  constructor(view: IndexView) {
    const gathered = gatherTitleWords(view);
    const order = Array.from(gathered.keys.keys()).sort((a, b) => compareKeys(gathered.keys[a] as string, gathered.keys[b] as string));
    this.keys = order.map((at) => gathered.keys[at] as string);
    this.spellings = order.map((at) => gathered.spellings[at] as string);
    this.counts = Uint32Array.from(order, (at) => (gathered.docs[at] as number[]).length);
    this.postingStarts = new Uint32Array(order.length + 1);
    let total = 0;
    for (const [position, at] of order.entries()) {
      total += (gathered.docs[at] as number[]).length;
      this.postingStarts[position + 1] = total;
    }
    this.postings = new Int32Array(total);
    for (const [position, at] of order.entries()) this.postings.set(gathered.docs[at] as number[], this.postingStarts[position]);
    this.fuzzyMap = SearchableMap.from(this.keys.map((key, position) => [key, position] as [string, number]));
    this.marks = new Uint32Array(gathered.articleNumbers);
  }

  /** How many distinct words the titles hold (stop words left out). */
  get size(): number {
    return this.keys.length;
  }

  /**
   * Title words that complete the last word of `words` (or nearly spell it, one typo from five
   * letters), the most used first, at most `limit`; counted over the titles that hold the
   * words before it too, when some title holds them all.
   */
  complete(words: readonly string[], limit: number): TitleWordCompletions {
    const last = normalizeWord(words.at(-1) ?? '');
    if (last === '') return { matches: [], narrowed: false };
    const within = this.titlesHolding(words.slice(0, -1));
    if (within !== undefined) {
      const matches = this.matchesOf(last, limit, within);
      if (matches.length > 0) return { matches, narrowed: true };
    }
    return { matches: this.matchesOf(last, limit, undefined), narrowed: false };
  }

  private matchesOf(prefix: string, limit: number, within: number | undefined): TitleWordMatch[] {
    const best = new BestWords(limit);
    const end = this.endOfPrefix(prefix);
    for (let position = this.startOfPrefix(prefix); position < end; position++) best.offer(position, this.countOf(position, within));
    const exact = best.positions().map((position) => this.matchAt(position, within, false));
    if (prefix.length < FUZZY_FROM_LENGTH || exact.length >= limit) return exact;
    const fuzzy = new BestWords(limit - exact.length);
    for (const [key, [position]] of this.fuzzyMap.fuzzyGet(prefix, 1)) {
      if (!key.startsWith(prefix)) fuzzy.offer(position, this.countOf(position, within));
    }
    return [...exact, ...fuzzy.positions().map((position) => this.matchAt(position, within, true))];
  }

  private matchAt(position: number, within: number | undefined, fuzzy: boolean): TitleWordMatch {
    return { word: this.spellings[position] as string, count: this.countOf(position, within), fuzzy };
  }

  // Titles holding the word at `position`: all of them, or only those marked by the call `within`.
  private countOf(position: number, within: number | undefined): number {
    if (within === undefined) return this.counts[position] as number;
    let count = 0;
    for (let at = this.postingStarts[position] as number; at < (this.postingStarts[position + 1] as number); at++) {
      if (this.marks[this.postings[at] as number] === within) count++;
    }
    return count;
  }

  // Marks the articles whose titles hold every one of `words` that some title holds (a stop word,
  // never a key, or an unknown word narrows nothing: "oil and ga" is narrowed by "oil"); returns
  // the mark, or undefined when none of the words is a title's.
  private titlesHolding(words: readonly string[]): number | undefined {
    const positions: number[] = [];
    for (const word of words) {
      const key = normalizeWord(word);
      const position = this.startOfPrefix(key);
      if (this.keys[position] === key) positions.push(position);
    }
    if (positions.length === 0) return undefined;
    positions.sort((a, b) => (this.counts[a] as number) - (this.counts[b] as number));
    // The rarest word's titles are marked, then each other word keeps those of them it holds.
    let holding = this.nextMark();
    for (
      let at = this.postingStarts[positions[0] as number] as number;
      at < (this.postingStarts[(positions[0] as number) + 1] as number);
      at++
    ) {
      this.marks[this.postings[at] as number] = holding;
    }
    for (const position of positions.slice(1)) {
      const previous = holding;
      holding = this.nextMark();
      for (let at = this.postingStarts[position] as number; at < (this.postingStarts[position + 1] as number); at++) {
        const doc = this.postings[at] as number;
        if (this.marks[doc] === previous) this.marks[doc] = holding;
      }
    }
    return holding;
  }

  private nextMark(): number {
    if (this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 0;
    }
    return ++this.mark;
  }

  // The first key not before `prefix` (binary search).
  private startOfPrefix(prefix: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(this.keys[middle] as string, prefix) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  // The first key after every key starting with `prefix`.
  private endOfPrefix(prefix: string): number {
    return this.startOfPrefix(`${prefix}\uffff`);
  }
}

// Keys in UTF-16 code unit order, so that every key starting with a prefix sorts after it and before prefix + U+FFFF.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The best `limit` word positions seen by count (then key order), kept sorted as they come. */
class BestWords {
  private readonly kept: { position: number; count: number }[] = [];

  constructor(private readonly limit: number) {}

  offer(position: number, count: number): void {
    if (count === 0 || this.limit <= 0) return;
    const kept = this.kept;
    // Positions come in key order: among equal counts the one kept first stays first.
    if (kept.length === this.limit && (kept.at(-1)?.count ?? 0) >= count) return;
    let at = kept.length;
    while (at > 0 && (kept[at - 1]?.count ?? 0) < count) at--;
    kept.splice(at, 0, { position, count });
    if (kept.length > this.limit) kept.pop();
  }

  positions(): number[] {
    return this.kept.map((entry) => entry.position);
  }
}

interface GatheredWords {
  keys: string[];
  spellings: string[];
  // By key: the article numbers whose titles hold it, in increasing order.
  docs: number[][];
  // One more than the highest article number.
  articleNumbers: number;
}

// Every live article's title, read once: its words keyed by normalized form, stop words left
// out (by an analyzer with the index's settings but no stemmer: its terms are the keys, and it
// remembers each word form once), each title counted once per word. The spelling shown is the
// one titles use most; most words are spelled as their key, so only other spellings are counted.
function gatherTitleWords(view: IndexView): GatheredWords {
  const keyer = new Analyzer({ ...view.analyzer.settings, stemmer: 'none' });
  const idByKey = new Map<string, number>();
  const keys: string[] = [];
  const docs: number[][] = [];
  const spelledAsKey: number[] = [];
  const otherSpellings = new Map<string, { id: number; spelling: string; count: number }>();
  let articleNumbers = 0;
  for (const [doc, article] of view.store.liveArticles()) {
    articleNumbers = doc + 1;
    for (const word of splitWords(article.title)) {
      const key = keyer.termOf(word.text);
      if (key === null) continue;
      let id = idByKey.get(key);
      if (id === undefined) {
        id = keys.length;
        idByKey.set(key, id);
        keys.push(key);
        docs.push([]);
        spelledAsKey.push(0);
      }
      const titles = docs[id] as number[];
      if (titles.at(-1) === doc) continue;
      titles.push(doc);
      const spelling = word.text.toLowerCase();
      if (spelling === key) {
        spelledAsKey[id] = (spelledAsKey[id] as number) + 1;
        continue;
      }
      const other = otherSpellings.get(spelling) ?? { id, spelling, count: 0 };
      other.count++;
      otherSpellings.set(spelling, other);
    }
  }
  const spellings = keys.slice();
  const bestCounts = spelledAsKey.slice();
  for (const { id, spelling, count } of otherSpellings.values()) {
    const best = bestCounts[id] as number;
    if (count > best || (count === best && spelling < (spellings[id] as string))) {
      spellings[id] = spelling;
      bestCounts[id] = count;
    }
  }
  return { keys, spellings, docs, articleNumbers };
}
