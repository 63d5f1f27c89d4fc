import type { Analyzer } from '../analysis/analyzer.js';
import { autoInterval, type CalendarInterval } from '../facets/calendar-interval.js';
import { type FacetPlan, type Facets, facetsOfLiveArticles, type LiveFacetSource } from '../facets/collect.js';
import { DateBucketColumns, type DateBuckets } from '../facets/date-buckets.js';
import { LiveDateSpan, LiveValueCounts } from '../facets/live-counts.js';
import type { ValueCounts } from '../facets/term-facet.js';
import { type DocumentStore, FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';
import type { ForwardIndex } from '../index/forward-index.js';
import type { TextIndex } from '../index/text-index.js';
import { SEARCH_PARAMETERS } from '../query/parameters.js';
import { type Order, updated } from './kept-orders.js';
import { sortedNewestFirst } from './newest-first.js';
import { TextAccess } from './text-access.js';

// Ways of asking for every article's facets kept at once (intervals, zones, fields): a few.
const MAX_KEPT_FACETS = 16;

/**
 * What every stage of a search reads: the analyzer, the stored articles (and their
 * columns), the text index with its forward index, and what is worth keeping from one
 * search to the next until the index changes (the newest-first order of all articles, the
 * articles' date buckets).
 */
export class IndexView {
  /** What the query executor reads: term scores by field, phrase checks, expansions. */
  readonly text: TextAccess;
  private newestFirstOrder: Int32Array | undefined;
  // The store numbers the order has seen (later ones are new), and whether nothing changed since.
  private orderCovers = 0;
  private orderIsCurrent = false;
  // How many articles had been removed when the order was made: those removed since are taken out.
  private orderRemovals = 0;
  // Every live article in increasing order, as of the store's `everyCovers` numbers and
  // `everyRemovals` removals (current until the index changes): brought up to date when asked.
  private everyArticleKept: Int32Array | undefined;
  private everyIsCurrent = false;
  private everyCovers = 0;
  private everyRemovals = 0;
  private readonly everyArticleFacets = new Map<string, Facets>();
  private readonly dateBucketColumns = new DateBucketColumns();
  // Counts over every live article, brought up to date with the writes since when read.
  private readonly liveValues = Object.fromEntries(FACET_FIELD_NAMES.map((field) => [field, new LiveValueCounts()])) as Record<
    FacetField,
    LiveValueCounts
  >;
  private readonly liveSpan = new LiveDateSpan();

  constructor(
    readonly analyzer: Analyzer,
    readonly store: DocumentStore,
    readonly textIndex: TextIndex,
  ) {
    this.text = new TextAccess(analyzer, store, textIndex);
  }

  /** Titles and bodies as term ids with word offsets: phrases, the re-rank and snippets read them. */
  get forward(): ForwardIndex {
    return this.textIndex.forward;
  }

  /** Marks what was kept between searches as out of date: call after an article is added or removed. */
  changed(): void {
    this.orderIsCurrent = false;
    this.everyIsCurrent = false;
    this.everyArticleFacets.clear();
  }

  /** Whether `docs` is what `everyArticle` keeps (so that what is counted over it may be kept too). */
  isEveryArticle(docs: Int32Array): boolean {
    return this.everyIsCurrent && docs === this.everyArticleKept;
  }

  /**
   * The facets of every article, asked for as `plan` asks: read from counts kept up to date as
   * articles come and go (the search page's first view counted three fields and the dates of
   * every article, 0.4 s at ten million, and again after every write), or, when the histogram
   * must place each instant, counted. Either way kept by `key` (interval, zone, fields…) until
   * the index changes. A copy each time: responses are the caller's to change.
   */
  facetsOfEveryArticle(plan: FacetPlan, key: string, count: () => Facets): Facets {
    let facets = this.everyArticleFacets.get(key);
    if (facets === undefined) {
      if (this.everyArticleFacets.size >= MAX_KEPT_FACETS) this.everyArticleFacets.clear();
      facets = facetsOfLiveArticles(plan, this.liveCounts()) ?? count();
      this.everyArticleFacets.set(key, facets);
    }
    return structuredClone(facets);
  }

  /** How many live articles have each value of the field: counts kept as articles come and go. */
  liveValueCounts(field: FacetField): ValueCounts {
    return this.liveValues[field].update(this.store.facetColumns().terms[field], this.store.nextNumber, this.store);
  }

  /** Counts what the facets of every article read (each field's values, the span of the dates, the date columns of UTC), so that no searcher waits for it. */
  warmCounts(): void {
    const counts = this.liveCounts();
    for (const field of FACET_FIELD_NAMES) counts.valueCounts(field);
    const { first, last } = counts.span();
    // The date columns an empty query reads first: the API's default interval and the one `auto`
    // picks for every article, in UTC (placing ten million articles in buckets takes 0.3 s).
    this.dateBuckets(DEFAULT_INTERVAL, 'UTC');
    if (first <= last) this.dateBuckets(autoInterval(first, last), 'UTC');
  }

  // The counts over every live article, each brought up to date with the writes since when read.
  private liveCounts(): LiveFacetSource {
    const { store } = this;
    const columns = store.facetColumns();
    const end = store.nextNumber;
    return {
      columns,
      bucketColumn: (interval, zone) => this.dateBuckets(interval, zone),
      span: () => this.liveSpan.update(columns.timestamps, end, store),
      valueCounts: (field) => this.liveValueCounts(field),
    };
  }

  /**
   * Every article, in increasing order: what an empty query counts (its total and facets).
   * Kept between searches (put in order from the newest-first list, it was 0.17 s of each empty
   * query at ten million articles) and brought up to date after writes, not made again.
   */
  everyArticle(): Int32Array {
    if (this.everyIsCurrent && this.everyArticleKept !== undefined) return this.everyArticleKept;
    const { store } = this;
    const next = store.nextNumber;
    const kept =
      this.everyArticleKept === undefined
        ? this.liveBetween(0, next)
        : updated(
            this.everyArticleKept,
            this.removedSince(this.everyRemovals, this.everyCovers),
            this.liveBetween(this.everyCovers, next),
            increasing,
            next,
          );
    [this.everyArticleKept, this.everyCovers, this.everyRemovals, this.everyIsCurrent] = [kept, next, store.removals.length, true];
    return kept;
  }

  // The articles numbered below `covered` removed after the first `seen` removals: what a list
  // made when the store had given `covered` numbers and removed `seen` articles holds no more.
  private removedSince(seen: number, covered: number): number[] {
    return this.store.removals.slice(seen).filter((doc) => doc < covered);
  }

  // The live articles numbered from `first` to before `end`, in increasing order.
  private liveBetween(first: number, end: number): Int32Array {
    const docs = new Int32Array(end - first);
    // None removed (what a built archive is): every number, without asking after each one.
    const everyOne = this.store.size === this.store.nextNumber;
    let count = 0;
    for (let doc = first; doc < end; doc++) if (everyOne || this.store.isLive(doc)) docs[count++] = doc;
    return docs.subarray(0, count);
  }

  /** Whether `articlesNewestFirst` is at hand as of the last change, and costs nothing to ask. */
  hasNewestFirstOrder(): boolean {
    return this.orderIsCurrent && this.newestFirstOrder !== undefined;
  }

  /**
   * Every article, newest first (undated last; equal dates in index order). Worked out once
   * per change of the index rather than by sorting every article on every empty query
   * (0.5 s at 300,000 articles), and after a change from the order before: the articles added
   * since sorted and merged in, the removed ones left out, so that an index taking writes
   * every second does not sort everything every second.
   */
  articlesNewestFirst(): Int32Array {
    if (this.orderIsCurrent && this.newestFirstOrder !== undefined) return this.newestFirstOrder;
    const order = (a: number, b: number) => this.newestFirst(a, b) || a - b;
    const next = this.store.nextNumber;
    // Numbers, not an array grown one at a time: that was 3 s of the first empty query at ten million.
    const added = this.orderCovers === 0 ? this.everyArticle() : this.liveBetween(this.orderCovers, next);
    this.newestFirstOrder = updated(
      this.newestFirstOrder ?? new Int32Array(0),
      this.removedSince(this.orderRemovals, this.orderCovers),
      sortedNewestFirst(added, this.store.facetColumns().timestamps),
      this.orderAsMade(order),
      next,
    );
    this.orderCovers = next;
    this.orderRemovals = this.store.removals.length;
    this.orderIsCurrent = true;
    return this.newestFirstOrder;
  }

  // `order` as it ranked the articles when the newest-first order was made: the store dates an
  // article removed since NaN, so that it is found in the order by the instant it had.
  private orderAsMade(order: Order): Order {
    const { removals, removedInstants } = this.store;
    if (removals.length === this.orderRemovals) return order;
    const instants = new Map<number, number>();
    for (let i = this.orderRemovals; i < removals.length; i++) instants.set(removals[i] as number, removedInstants[i] as number);
    const instant = (doc: number) => instants.get(doc) ?? this.store.timestamp(doc);
    return (a, b) => newestFirstOf(instant(a), instant(b)) || a - b;
  }

  /** Every article's bucket of the interval in the zone, for date histograms; undefined when the dates span too many. */
  dateBuckets(interval: CalendarInterval, timeZone: string): DateBuckets | undefined {
    return this.dateBucketColumns.get(this.store.facetColumns().timestamps, this.store.nextNumber, interval, timeZone, this.store);
  }

  /**
   * The articles dated from `fromMs` to `toMs` (inclusive), newest first: a slice of
   * `articlesNewestFirst` found by two binary searches, where filtering every article cost
   * 60 ms at a million.
   */
  articlesNewestFirstBetween(fromMs: number, toMs: number): Int32Array {
    const order = this.articlesNewestFirst();
    const time = (at: number) => this.store.timestamp(order[at] as number);
    // Undated articles (NaN) come last, in no range.
    const first = firstWhere(order.length, (at) => !(time(at) > toMs));
    const end = firstWhere(order.length, (at) => !(time(at) >= fromMs));
    return order.subarray(first, Math.max(first, end));
  }

  /** Orders two articles newest first; undated ones sort after dated ones, and tie with each other. */
  newestFirst(a: number, b: number): number {
    return newestFirstOf(this.store.timestamp(a), this.store.timestamp(b));
  }
}

// The first position in [0, length) where `holds` is true, for a `holds` false then true; length when never.
function firstWhere(length: number, holds: (at: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

// Two instants newest first; undated (NaN) after every date, and tied with each other.
function newestFirstOf(ta: number, tb: number): number {
  if (Number.isNaN(ta)) return Number.isNaN(tb) ? 0 : 1;
  if (Number.isNaN(tb)) return -1;
  return tb - ta;
}

const increasing = (a: number, b: number): number => a - b;

// The interval of a search that names none.
const DEFAULT_INTERVAL: CalendarInterval = SEARCH_PARAMETERS.interval.default;
