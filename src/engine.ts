import type { AsPlainObject } from 'minisearch';
import { Analyzer, type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
import type { Article } from './article.js';
import { IndexCorruptError } from './errors.js';
import { collectFacets, type Facets } from './facets/collect.js';
import { dateBoundInZone } from './facets/zoned-time.js';
import { DocumentStore } from './index/document-store.js';
import type { ForwardIndex } from './index/forward-index.js';
import { applyArticles, type UpdateCounts } from './index/incremental.js';
import { withIndexLock } from './index/index-lock.js';
import { hasIndex, type Manifest, readIndexVersion, refuseForeignFolder, writeIndexVersion } from './index/persistence.js';
import { postingsFromBytes, postingsToBytes } from './index/postings-codec.js';
import { compareSources, type SourceChanges, type SourceSummary, summarizeSources } from './index/source-summary.js';
import { TextIndex, type TextMatch } from './index/text-index.js';
import { emptyReport, type IngestReport, readArticles } from './ingest/ingest.js';
import { SearchDeadline } from './query/deadline.js';
import { type Execution, executeQuery, type QueryIndex } from './query/execute.js';
import { parseQuery } from './query/parse.js';
import { containsTerms } from './query/phrase.js';
import { type ResolvedRequest, resolveRequest, type SearchRequest } from './query/request.js';
import type { DocScores } from './query/scores.js';
import { type BoolNode, isEmptyQuery, type LeafNode, leafLabel, type ParsedQuery, positiveLeaves, type QueryField } from './query/tree.js';
import { bestFirst, bestOf } from './ranking/best-first.js';
import { applyRecency } from './ranking/recency.js';
import { DEFAULT_RERANK, type RerankedMatch, rerankBest } from './ranking/rerank.js';
import {
  type HighlightQuery,
  type MatchedSpan,
  matchedSpansOfText,
  matchedSpansOfTokens,
  renderHighlighted,
  type TokenQuery,
  tokenQuery,
} from './snippets/highlight.js';
import { buildSnippet } from './snippets/snippet.js';

// How many of the best matches the re-rank (proximity, title coverage) re-scores.
const RERANK_DEPTH = DEFAULT_RERANK.depth;

// The query's positive words in order (phrases contribute theirs) that are meant for the
// given fields; no field named counts for every field. The re-rank reads titles and
// bodies: proximity pairs the words meant for either, title coverage those for the title.
function wordsFor(root: BoolNode, fields: readonly QueryField[]): string[] {
  return positiveLeaves(root)
    .filter((leaf) => leaf.field === undefined || fields.includes(leaf.field))
    .flatMap(leafTerms);
}

function leafTerms(leaf: LeafNode): string[] {
  return leaf.kind === 'term' ? [leaf.term] : leaf.kind === 'phrase' ? leaf.terms : [];
}

/** An article's id and relevance score, as `rank` returns them. */
export interface RankedHit {
  id: string;
  score: number;
}

/** One article of a result page. */
export interface SearchHit {
  id: string;
  title: string;
  date?: string;
  author?: string;
  url?: string;
  tags: string[];
  /** Relevance score (BM25); 0 when the query is empty. */
  score: number;
  /**
   * The best passages of the body, HTML-escaped, what matched wrapped in the highlight
   * tags (`<mark>`…`</mark>` by default); plain, unescaped text with `highlight=false`.
   */
  snippet: string;
  /** The title, HTML-escaped, with what matched wrapped in highlight tags (plain text with `highlight=false`). */
  titleHighlighted: string;
  /** Each query term (index form) or phrase found in the article, and the fields it was found in. */
  matches: MatchedTerm[];
  /**
   * With `explain`: the score of each query part that matched, then, for a query of
   * several words, what the re-rank added (`+ proximity`) and multiplied the sum by
   * (`× title coverage`). Recency, when asked for, multiplies after that.
   */
  explanation?: { part: string; score: number }[];
}

/** A query term (as indexed: `protest` for "protesters") or phrase found in an article, and where. */
export interface MatchedTerm {
  term: string;
  fields: QueryField[];
}

/** A page of hits, and facets over all the matches. */
export interface SearchResponse {
  query: string;
  /** Number of articles that match the query and filters (all pages). */
  total: number;
  offset: number;
  limit: number;
  /** Time spent searching, in milliseconds. */
  tookMs: number;
  hits: SearchHit[];
  /** The date histogram, and the term facets asked for (`facets: ['author', 'tag']`). */
  facets: Facets;
  /** How a query that was not valid syntax was read, and other things the user should know. Absent when none. */
  warnings?: string[];
  /** With `explain`: the query tree that was executed. */
  explain?: { tree: BoolNode; after?: string; before?: string };
}

/** What the engine knows about its index, for health checks and stats. */
export interface IndexInfo {
  articles: number;
  version?: string;
  builtAt?: string;
  analyzer: AnalyzerSettings;
  /** Milliseconds `SearchEngine.open` took to load and verify the index. */
  loadMs?: number;
}

/** What `SearchEngine.update` found and did. */
export interface IndexUpdate {
  engine: SearchEngine;
  report: IngestReport;
  /** Input files added, changed, removed and unchanged since the last build. */
  changes: SourceChanges;
  /** Articles added, re-indexed, removed and kept; undefined when no input changed and nothing was written. */
  counts?: UpdateCounts;
  /** The version written, when one was. */
  version?: string;
}

interface IndexMeta {
  gazetteVersion: string;
  analyzer: AnalyzerSettings;
  articleCount: number;
  /** The input files the index was built from, for incremental rebuilds; absent for indexes built from objects. */
  sources?: SourceSummary;
}

// The fields a phrase is looked for in besides the text (title and body).
const LABEL_FIELDS = ['author', 'tags'] as const;
const GAZETTE_VERSION = '0.1.0';
const FILES = {
  articles: 'articles.jsonl',
  columns: 'columns.json',
  textIndex: 'text-index.json',
  postings: 'postings.bin',
  labelPostings: 'label-postings.bin',
  forward: 'forward.bin',
  vocabulary: 'vocabulary.txt',
} as const;

// What a query matched: the matches that may be shown, best first (every match when
// filters, recency or a date sort reorder them), every matching article, and how the
// query ran (undefined for an empty query).
interface Matched {
  matches: TextMatch[];
  all: Int32Array;
  execution: Execution | undefined;
}

// A plain loop: Int32Array.from with a mapping function goes through the iterator protocol, 10× slower.
function docsOf(matches: readonly TextMatch[]): Int32Array {
  const docs = new Int32Array(matches.length);
  for (let index = 0; index < matches.length; index++) docs[index] = (matches[index] as TextMatch).doc;
  return docs;
}

function matchesOf(docs: Int32Array, scores: Float64Array): TextMatch[] {
  const matches: TextMatch[] = new Array(docs.length);
  for (let index = 0; index < docs.length; index++) matches[index] = { doc: docs[index] as number, score: scores[index] as number };
  return matches;
}

// text-index.json: the title weight and MiniSearch's index of authors and tags without
// its postings (label-postings.bin). The text's postings (postings.bin) are the forward
// index (forward.bin) inverted.
interface TextIndexFile {
  titleWeight: number;
  labels: { miniSearch: AsPlainObject; terms: string[] };
}

/** The time a search may take by default before it is stopped (SearchEngine.searchBudgetMs). */
export const DEFAULT_SEARCH_BUDGET_MS = 1_000;

/**
 * Gazette's search engine: an index of articles, and the search over it that the
 * HTTP server and the command line also use.
 *
 * Usage:
 *
 *     import { SearchEngine } from 'gazette';
 *     const { engine, report } = await SearchEngine.fromFiles(['articles/']);
 *     await engine.save('index-data/index');
 *     const reopened = await SearchEngine.open('index-data/index');
 *     const { total, hits, facets } = reopened.search({ q: 'protest minsk', interval: 'month' });
 *     // Facets by week in Kolkata time, with the authors and tags of the monsoon stories (see README, Facets).
 *     reopened.search({ q: 'floods', interval: 'week', tz: 'Asia/Kolkata', facets: ['author', 'tag'], filters: { tag: ['monsoon'] } });
 */
export class SearchEngine {
  private readonly analyzer: Analyzer;
  private readonly store: DocumentStore;
  private readonly textIndex: TextIndex;
  private readonly manifest: Manifest<IndexMeta> | undefined;
  // Titles and bodies as term ids with word offsets: phrases, proximity and snippets read them.
  private get forward(): ForwardIndex {
    return this.textIndex.forward;
  }
  /**
   * The most time one search (or `rank`) may take; past it, it stops with SearchTimeoutError
   * (the server answers 503), so that one costly query cannot hold the process. Default 1,000 ms.
   */
  searchBudgetMs: number = DEFAULT_SEARCH_BUDGET_MS;
  private newestFirstOrder: Int32Array | undefined;
  private lastPhrase: { terms: readonly string[]; ids: Int32Array; inLabels: boolean } | undefined;
  private lastTokenQuery: { query: HighlightQuery; ids: TokenQuery } | undefined;
  private sources: SourceSummary | undefined;
  private loadMs: number | undefined;

  private constructor(analyzer: Analyzer, store: DocumentStore, textIndex: TextIndex, manifest?: Manifest<IndexMeta>) {
    this.analyzer = analyzer;
    this.store = store;
    this.textIndex = textIndex;
    this.manifest = manifest;
    this.sources = manifest?.meta.sources;
  }

  /** Indexes articles given as objects. Articles whose id was already seen are skipped. */
  static async fromArticles(
    articles: Iterable<Article> | AsyncIterable<Article>,
    settings: AnalyzerSettings = DEFAULT_ANALYZER,
  ): Promise<SearchEngine> {
    const analyzer = new Analyzer(settings);
    const engine = new SearchEngine(analyzer, new DocumentStore(), TextIndex.create(analyzer));
    for await (const article of articles) engine.add(article);
    engine.textIndex.prepare();
    return engine;
  }

  /**
   * Reads and indexes article files and folders. Files that cannot be read are
   * listed in the report with their reason; the others are indexed all the same.
   */
  static async fromFiles(
    inputs: readonly string[],
    settings: AnalyzerSettings = DEFAULT_ANALYZER,
  ): Promise<{ engine: SearchEngine; report: IngestReport }> {
    const report = emptyReport();
    // Fingerprinted before reading: a file changed meanwhile then looks changed to the next incremental rebuild.
    const sources = await summarizeSources(inputs);
    const engine = await SearchEngine.fromArticles(readArticles(inputs, report), settings);
    engine.sources = sources;
    return { engine, report };
  }

  /** Opens an index saved with `save`, checking it is whole. Throws IndexNotFoundError or IndexCorruptError. */
  static async open(directory: string): Promise<SearchEngine> {
    const started = performance.now();
    const engine = await SearchEngine.load(directory);
    engine.loadMs = Math.round(performance.now() - started);
    return engine;
  }

  /**
   * Brings the index at `directory` up to date with `inputs`, re-indexing only the
   * articles that changed, and saves it as a new version (unless no input changed).
   * Search results are the same as after a full rebuild of the same inputs.
   * Without an index there yet, builds one in full.
   *
   *     const { changes, counts } = await SearchEngine.update('index-data/index', ['articles/']);
   */
  static async update(
    directory: string,
    inputs: readonly string[],
    read: (report: IngestReport) => AsyncIterable<Article> = (report) => readArticles(inputs, report),
  ): Promise<IndexUpdate> {
    // A folder holding what is not Gazette's is refused before its lock is made in it.
    await refuseForeignFolder(directory);
    // One writer from reading the index to saving it: another's save in between would be lost.
    return withIndexLock(directory, () => SearchEngine.updateLocked(directory, inputs, read));
  }

  private static async updateLocked(
    directory: string,
    inputs: readonly string[],
    read: (report: IngestReport) => AsyncIterable<Article>,
  ): Promise<IndexUpdate> {
    const report = emptyReport();
    const sources = await summarizeSources(inputs);
    const existing = (await hasIndex(directory)) ? await SearchEngine.open(directory) : undefined;
    const engine = existing ?? (await SearchEngine.fromArticles([]));
    const changes = compareSources(engine.sources ?? { inputs: [], files: [] }, sources);
    const sameInputs = JSON.stringify(engine.sources?.inputs) === JSON.stringify(sources.inputs);
    if (existing !== undefined && sameInputs && changes.added.length + changes.changed.length + changes.removed.length === 0) {
      return { engine, report, changes };
    }
    const counts = await applyArticles(engine, read(report), changes);
    const version = await engine.save(directory, { sources });
    return { engine, report, changes, counts, version };
  }

  private static async load(directory: string): Promise<SearchEngine> {
    const { manifest, files } = await readIndexVersion<IndexMeta>(directory);
    const analyzer = new Analyzer(manifest.meta.analyzer);
    try {
      const store = DocumentStore.fromSerialized({
        articles: files[FILES.articles] ?? Buffer.alloc(0),
        columns: files[FILES.columns]?.toString('utf8') ?? '',
      });
      const { titleWeight, labels } = JSON.parse(files[FILES.textIndex]?.toString('utf8') ?? '') as TextIndexFile;
      const labelPostings = postingsFromBytes(files[FILES.labelPostings] ?? Buffer.alloc(0));
      const textIndex = TextIndex.fromSerialized(
        {
          titleWeight,
          labels: { miniSearch: labels.miniSearch, encoded: { terms: labels.terms, postings: labelPostings } },
          postings: files[FILES.postings] ?? Buffer.alloc(0),
          forward: { records: files[FILES.forward] ?? Buffer.alloc(0), vocabulary: files[FILES.vocabulary] ?? Buffer.alloc(0) },
        },
        analyzer,
      );
      return new SearchEngine(analyzer, store, textIndex, manifest);
    } catch (error) {
      throw new IndexCorruptError(directory, `cannot be loaded (${(error as Error).message})`);
    }
  }

  /** Saves the index to a folder, atomically: a reader sees the old index or the new one, never a mix. */
  async save(directory: string, options: { sources?: SourceSummary } = {}): Promise<string> {
    if (options.sources !== undefined) this.sources = options.sources;
    await this.textIndex.vacuum();
    const meta: IndexMeta = { gazetteVersion: GAZETTE_VERSION, analyzer: this.analyzer.settings, articleCount: this.store.size };
    if (this.sources !== undefined) meta.sources = this.sources;
    const { titleWeight, labels, postings, forward } = this.textIndex.serialize();
    const store = this.store.serialize();
    const textIndexFile: TextIndexFile = { titleWeight, labels: { miniSearch: labels.miniSearch, terms: labels.encoded.terms } };
    const files = {
      [FILES.articles]: store.articles,
      [FILES.columns]: store.columns,
      [FILES.textIndex]: JSON.stringify(textIndexFile),
      [FILES.postings]: postings,
      [FILES.labelPostings]: postingsToBytes(labels.encoded.postings),
      [FILES.forward]: forward.records,
      [FILES.vocabulary]: forward.vocabulary,
    };
    return writeIndexVersion(directory, files, meta);
  }

  /** Adds one article. Returns false, changing nothing, when an article with its id is already indexed. */
  add(article: Article): boolean {
    if (this.store.has(article.id)) return false;
    this.textIndex.add(this.store.add(article), article);
    this.newestFirstOrder = undefined;
    return true;
  }

  /** Removes the article with this id from the index. Returns false when there is none. */
  remove(id: string): boolean {
    const doc = this.store.numberOf(id);
    if (doc === undefined) return false;
    this.textIndex.remove(doc);
    this.newestFirstOrder = undefined;
    this.store.remove(doc);
    return true;
  }

  /** Replaces the stored record of an article whose indexed text, tags and date are unchanged (e.g. its `source`). */
  replaceRecord(article: Article): void {
    const doc = this.store.numberOf(article.id);
    if (doc === undefined) throw new RangeError(`no article with id "${article.id}"`);
    this.store.replaceRecord(doc, article);
  }

  /** The ids of every indexed article. */
  *ids(): IterableIterator<string> {
    for (const doc of this.store.numbers()) yield this.store.get(doc).id;
  }

  /** The article with this id, as it was indexed. */
  article(id: string): Article | undefined {
    const doc = this.store.numberOf(id);
    return doc === undefined ? undefined : this.store.get(doc);
  }

  get size(): number {
    return this.store.size;
  }

  info(): IndexInfo {
    const info: IndexInfo = { articles: this.store.size, analyzer: this.analyzer.settings };
    if (this.manifest !== undefined) {
      info.version = this.manifest.version;
      info.builtAt = this.manifest.builtAt;
    }
    if (this.loadMs !== undefined) info.loadMs = this.loadMs;
    return info;
  }

  /**
   * Searches the index. Throws InvalidParameterError, naming the parameter, for a
   * request it cannot run.
   */
  /**
   * Builds now what the first prefix or fuzzy search would otherwise build (the sorted
   * vocabulary and its frequencies, 50 ms on Reuters), so that no searcher pays for it.
   * The server calls it before it reports ready. Returns the engine.
   */
  warm(): this {
    this.textIndex.warmLookups();
    return this;
  }

  /**
   * Ranking alone: the ids and scores of a page of the best matches, with the same
   * query language, filters and order as `search`, but no snippets, highlighting or
   * facets. For programs that render results themselves, and the benchmark's bare ranking.
   */
  rank(request: SearchRequest): RankedHit[] {
    const resolved = resolveRequest(request);
    const parsed = parseQuery(resolved.q, this.analyzer, resolved.mode);
    const matched = this.match(resolved, parsed, new SearchDeadline(this.searchBudgetMs));
    const filtered = Object.values(resolved.filters).some((values) => values !== undefined);
    const matches = filtered ? this.filterAndFacet(matched, resolved).matches : matched.matches;
    return matches.slice(resolved.offset, resolved.offset + resolved.limit).map((match) => ({
      id: this.store.get(match.doc).id,
      score: Math.round(match.score * 1000) / 1000,
    }));
  }

  search(request: SearchRequest): SearchResponse {
    const started = performance.now();
    const deadline = new SearchDeadline(this.searchBudgetMs);
    const resolved = resolveRequest(request);
    const parsed = parseQuery(resolved.q, this.analyzer, resolved.mode);
    const matched = this.match(resolved, parsed, deadline);
    const { matches, total, facets } = this.filterAndFacet(matched, resolved);
    deadline.check();
    const execution = matched.execution;
    const page = matches.slice(resolved.offset, resolved.offset + resolved.limit);
    const highlightQuery = this.highlightQuery(parsed.root, execution);
    const explained = new Set(positiveLeaves(parsed.root));
    const response: SearchResponse = {
      query: resolved.q,
      total,
      offset: resolved.offset,
      limit: resolved.limit,
      hits: page.map((match) => this.hit(match, highlightQuery, resolved, execution, explained)),
      facets,
      tookMs: 0,
    };
    const warnings = [...parsed.warnings, ...(execution?.warnings ?? [])];
    if (warnings.length > 0) response.warnings = warnings;
    if (resolved.explain) response.explain = { tree: parsed.root, ...dates(parsed) };
    response.tookMs = Math.round((performance.now() - started) * 100) / 100;
    return response;
  }

  // Field filters (author=, tag=, source=) and facet counts, both read from the store's columns.
  // The matches that pass the field filters, how many, and the facets over them. With
  // filters, `matched.matches` holds every match (see match).
  private filterAndFacet(matched: Matched, request: ResolvedRequest): { matches: TextMatch[]; total: number; facets: Facets } {
    const filtered = Object.values(request.filters).some((values) => values !== undefined);
    const candidates = filtered ? docsOf(matched.matches) : matched.all;
    const { passes, facets } = collectFacets(candidates, this.store.facetColumns(), request);
    if (passes === undefined) return { matches: matched.matches, total: candidates.length, facets };
    const matches = matched.matches.filter((_, i) => passes[i] === 1);
    return { matches, total: matches.length, facets };
  }

  private match(request: ResolvedRequest, parsed: ParsedQuery, deadline: SearchDeadline): Matched {
    // Dates in the query (after:, before:) narrow the from/to parameters: both apply.
    const fromMs =
      parsed.after === undefined ? request.fromMs : Math.max(request.fromMs, dateBoundInZone('q', parsed.after, 'start', request.timeZone));
    const toMs =
      parsed.before === undefined ? request.toMs : Math.min(request.toMs, dateBoundInZone('q', parsed.before, 'end', request.timeZone));
    const dated = fromMs !== Number.NEGATIVE_INFINITY || toMs !== Number.POSITIVE_INFINITY;
    const inDateRange = (doc: number) => {
      if (!dated) return true;
      const timestamp = this.store.timestamp(doc);
      return timestamp >= fromMs && timestamp <= toMs;
    };
    // Field filters, recency and sorting by date reorder every match: then all become
    // objects, best first (equal scores in index order, so that pages are stable).
    // Otherwise only the best that a page and the proximity re-rank need.
    const filtered = Object.values(request.filters).some((values) => values !== undefined);
    const reordered = filtered || request.recency !== undefined || request.sort === 'date';
    const needed = Math.max(RERANK_DEPTH, request.offset + request.limit);
    if (isEmptyQuery(parsed.root)) {
      // Every article, newest first.
      const all = dated ? this.articlesNewestFirst().filter(inDateRange) : this.articlesNewestFirst();
      const shown = filtered ? all.length : Math.min(all.length, needed);
      const matches: TextMatch[] = new Array(shown);
      for (let index = 0; index < shown; index++) matches[index] = { doc: all[index] as number, score: 0 };
      return { matches, all, execution: undefined };
    }
    const execution = executeQuery(parsed.root, this.queryIndex(), deadline);
    deadline.check();
    const { docs, scores } = dated ? execution.scores.filter(inDateRange) : execution.scores;
    let matches = reordered
      ? bestFirst(matchesOf(docs, scores), filtered || request.recency !== undefined ? docs.length : needed)
      : bestOf(docs, scores, needed);
    if (request.sort === 'relevance') matches = this.rerank(parsed.root, matches);
    if (request.sort === 'relevance' && request.recency !== undefined) {
      matches = applyRecency(matches, (doc) => this.store.timestamp(doc), request.recency);
    }
    if (request.sort === 'date') matches.sort((a, b) => this.newestFirst(a.doc, b.doc));
    return { matches, all: docs, execution };
  }

  // What the query executor reads: the text index, and articles' analysed fields for phrase checks.
  private queryIndex(): QueryIndex {
    return {
      termScores: (term, field) => this.termScores(term, field),
      coordination: this.textIndex.ranking.coordination,
      termsWithPrefix: (prefix, limit) => this.textIndex.termsWithPrefix(prefix, limit),
      termsNear: (term, distance, limit, onStep) => this.textIndex.termsNear(term, distance, limit, onStep),
      hasPhrase: (doc, field, terms) => this.hasPhrase(doc, field, terms),
      allDocs: () => this.store.numbers(),
    };
  }

  private hasPhrase(doc: number, field: QueryField | undefined, terms: readonly string[]): boolean {
    const phrase = this.phraseOf(terms);
    if (field !== 'author' && field !== 'tags') {
      if (field !== 'body' && this.forward.containsSequence(doc, 'title', phrase.ids)) return true;
      if (field !== 'title' && this.forward.containsSequence(doc, 'body', phrase.ids)) return true;
      if (field !== undefined) return false;
    }
    // Authors and tags are a few words: analysed when a phrase reaches them, and only
    // when every word of it is found in some author or tag.
    if (!phrase.inLabels) return false;
    const article = this.store.get(doc);
    for (const name of field === undefined ? LABEL_FIELDS : [field]) {
      const text = name === 'author' ? (article.author ?? '') : article.tags.join(' ');
      if (containsTerms(this.analyzer.terms(text), terms)) return true;
    }
    return false;
  }

  // A phrase is checked against thousands of articles in a row: its ids, and whether authors
  // and tags can hold it, are looked up once.
  private phraseOf(terms: readonly string[]): { ids: Int32Array; inLabels: boolean } {
    if (this.lastPhrase?.terms !== terms) {
      const ids = Int32Array.from(terms, (term) => this.forward.idOfTerm(term));
      this.lastPhrase = { terms, ids, inLabels: terms.every((term) => this.textIndex.isLabelTerm(term)) };
    }
    return this.lastPhrase;
  }

  private phraseIds(terms: readonly string[]): Int32Array {
    return this.phraseOf(terms).ids;
  }

  // Words of the query that stand together in an article lift it (src/ranking/proximity.ts).
  // Title and body share one indexed field: a title: or body: term keeps the articles holding it there.
  private termScores(term: string, field: QueryField | undefined): DocScores {
    const scores = this.textIndex.termScores(term, field);
    if (field !== 'title' && field !== 'body') return scores;
    const ids = this.phraseIds([term]);
    if (field === 'title') return scores.filter((doc) => this.forward.containsSequence(doc, 'title', ids));
    // An article holding the term but not in its title holds it in its body: only articles
    // with the term in their (short) title have their body read. 100 body: words of news
    // cost 97 ms on Reuters when every body was read.
    return scores.filter((doc) => !this.forward.containsSequence(doc, 'title', ids) || this.forward.containsSequence(doc, 'body', ids));
  }

  // Terms as the forward index's ids: comparing numbers over the best 100 articles'
  // text is what makes the re-rank cheap.
  private rerank(root: BoolNode, matches: TextMatch[]): TextMatch[] {
    const ids = (terms: string[]) => terms.map((term) => this.forward.idOfTerm(term));
    return rerankBest(matches, {
      queryTerms: ids(wordsFor(root, ['title', 'body'])),
      coverageTerms: ids(wordsFor(root, ['title'])),
      known: (id) => this.textIndex.holdsInText(id),
      titleOf: (doc) => this.forward.title(doc),
      bodyOf: (doc) => this.forward.body(doc),
      hasBody: (doc) => this.forward.bodyLength(doc) > 0,
      titleWeight: this.textIndex.ranking.titleWeight,
      idf: (id) => this.textIndex.idfOfId(id),
      averageLength: this.textIndex.averageTextLength,
    });
  }

  // An empty query's order, worked out once per change of the index rather than by sorting
  // every article on every such search (0.5 s at 300,000 articles).
  private articlesNewestFirst(): Int32Array {
    if (this.newestFirstOrder === undefined) {
      const docs = Int32Array.from(this.store.numbers());
      this.newestFirstOrder = docs.sort((a, b) => this.newestFirst(a, b) || a - b);
    }
    return this.newestFirstOrder;
  }

  // Undated articles sort after dated ones; equal dates keep relevance order (sort is stable).
  private newestFirst(a: number, b: number): number {
    const ta = this.store.timestamp(a);
    const tb = this.store.timestamp(b);
    if (Number.isNaN(ta)) return Number.isNaN(tb) ? 0 : 1;
    if (Number.isNaN(tb)) return -1;
    return tb - ta;
  }

  // What highlighting marks: each term that made articles match (never an excluded
  // one; prefix and fuzzy words by their expansions) and each phrase, weighted by
  // rarity (IDF), since rarer terms make better snippets.
  private highlightQuery(root: BoolNode, execution: Execution | undefined): HighlightQuery {
    const termWeights = new Map<string, number>();
    const phrases: { terms: string[]; weight: number }[] = [];
    for (const leaf of positiveLeaves(root)) {
      if (leaf.kind === 'phrase') {
        // A phrase says more than its words apart.
        phrases.push({ terms: leaf.terms, weight: 1.5 * leaf.terms.reduce((sum, term) => sum + this.inverseDocumentFrequency(term), 0) });
        continue;
      }
      for (const term of this.leafTerms(leaf, execution)) termWeights.set(term, this.inverseDocumentFrequency(term));
    }
    return { termWeights, phrases };
  }

  private inverseDocumentFrequency(term: string): number {
    const total = Math.max(1, this.store.size);
    const frequency = this.textIndex.documentFrequency(term);
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  }

  private matchedTerms(article: Article, query: HighlightQuery, spans: { title: MatchedSpan[]; body: MatchedSpan[] }): MatchedTerm[] {
    const analysed = (text: string) => this.spansIn(text, query);
    return collectMatches([
      ['title', spans.title],
      ['body', spans.body],
      ['author', analysed(article.author ?? '')],
      ['tags', analysed(article.tags.join(' '))],
    ]);
  }

  // A title's or body's matched words from the forward index's ids and offsets, without analysing the text.
  private indexedSpans(doc: number, field: 'title' | 'body', text: string, query: HighlightQuery): MatchedSpan[] {
    const entry = this.forward.entry(doc);
    if (entry === undefined) return this.spansIn(text, query);
    const tokens = field === 'title' ? { ids: entry.title, starts: entry.titleStarts } : { ids: entry.body, starts: entry.bodyStarts };
    return matchedSpansOfTokens(text, tokens, this.forwardQuery(query));
  }

  // The highlight query in forward-index ids, made once for a page's hits.
  private forwardQuery(query: HighlightQuery): TokenQuery {
    if (this.lastTokenQuery?.query !== query) {
      const ids = tokenQuery(query, (term) => this.forward.idOfTerm(term), this.forward.vocabularySize);
      this.lastTokenQuery = { query, ids };
    }
    return this.lastTokenQuery.ids;
  }

  private spansIn(text: string, query: HighlightQuery): MatchedSpan[] {
    return matchedSpansOfText(text, (word) => this.analyzer.termOf(word), query);
  }

  private leafTerms(leaf: LeafNode, execution: Execution | undefined): string[] {
    if (leaf.kind === 'term') return [leaf.term];
    if (leaf.kind === 'phrase') return leaf.terms;
    return execution?.expansions.get(leaf) ?? [];
  }

  private hit(
    match: TextMatch,
    highlightQuery: HighlightQuery,
    request: ResolvedRequest,
    execution: Execution | undefined,
    explained: ReadonlySet<LeafNode>,
  ): SearchHit {
    const article = this.store.get(match.doc);
    const bodySpans = this.indexedSpans(match.doc, 'body', article.body, highlightQuery);
    const titleSpans = this.indexedSpans(match.doc, 'title', article.title, highlightQuery);
    const hit: SearchHit = {
      id: article.id,
      title: article.title,
      ...(article.date === undefined ? {} : { date: article.date }),
      ...(article.author === undefined ? {} : { author: article.author }),
      ...(article.url === undefined ? {} : { url: article.url }),
      tags: article.tags,
      score: Math.round(match.score * 1000) / 1000,
      snippet: buildSnippet({
        text: article.body,
        spans: bodySpans,
        ...highlightQuery,
        length: request.snippetLength,
        fragments: request.fragments,
        highlight: request.highlightTags ?? false,
      }),
      titleHighlighted: renderHighlighted(article.title, 0, article.title.length, titleSpans, request.highlightTags),
      matches: this.matchedTerms(article, highlightQuery, { title: titleSpans, body: bodySpans }),
    };
    if (request.explain && execution !== undefined) hit.explanation = explainScore(match, execution, explained);
    return hit;
  }
}

function dates(parsed: ParsedQuery): { after?: string; before?: string } {
  return {
    ...(parsed.after === undefined ? {} : { after: parsed.after }),
    ...(parsed.before === undefined ? {} : { before: parsed.before }),
  };
}

// Each query term or phrase found in the article, with the fields it was found in.
function collectMatches(spansByField: [QueryField, MatchedSpan[]][]): MatchedTerm[] {
  const fieldsByKey = new Map<string, QueryField[]>();
  for (const [field, spans] of spansByField) {
    for (const span of spans) {
      const fields = fieldsByKey.get(span.key) ?? [];
      if (!fields.includes(field)) fields.push(field);
      fieldsByKey.set(span.key, fields);
    }
  }
  return [...fieldsByKey].map(([term, fields]) => ({ term, fields }));
}

// The parts that made the article match (excluded words take no part in a score), then
// what the re-rank added to their sum and multiplied it by.
function explainScore(match: TextMatch, execution: Execution, explained: ReadonlySet<LeafNode>): { part: string; score: number }[] {
  const parts: { part: string; score: number }[] = [];
  const rounded = (value: number) => Math.round(value * 1000) / 1000;
  for (const [leaf, scores] of execution.leafScores) {
    if (!explained.has(leaf)) continue;
    const score = scores.get(match.doc);
    if (score !== undefined) parts.push({ part: leafLabel(leaf), score: rounded(score) });
  }
  if ('titleFactor' in match) {
    const reranked = match as RerankedMatch;
    parts.push(
      { part: '+ proximity', score: rounded(reranked.proximityBonus) },
      { part: '× title coverage', score: rounded(reranked.titleFactor) },
    );
  }
  return parts;
}
