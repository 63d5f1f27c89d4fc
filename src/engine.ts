import { Analyzer, type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
import type { Article } from './article.js';
import { IndexCorruptError } from './errors.js';
import { type DateHistogram, dateHistogram } from './facets/date-histogram.js';
import { DocumentStore } from './index/document-store.js';
import { applyArticles, type UpdateCounts } from './index/incremental.js';
import { hasIndex, type Manifest, readIndexVersion, writeIndexVersion } from './index/persistence.js';
import { postingsFromBytes, postingsToBytes } from './index/postings-codec.js';
import { compareSources, type SourceChanges, type SourceSummary, summarizeSources } from './index/source-summary.js';
import { type SerializedTextIndex, TextIndex, type TextMatch } from './index/text-index.js';
import { emptyReport, type IngestReport, readArticles } from './ingest/ingest.js';
import { type ResolvedRequest, resolveRequest, type SearchRequest } from './query/request.js';
import { buildSnippet } from './snippets/snippet.js';

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
  /** The best passage of the body, HTML-escaped, matched words wrapped in `<mark>`…`</mark>`. */
  snippet: string;
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
  facets: { date: DateHistogram };
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

const GAZETTE_VERSION = '0.1.0';
const FILES = { articles: 'articles.json', textIndex: 'text-index.json', postings: 'postings.bin' } as const;

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
 */
export class SearchEngine {
  private readonly analyzer: Analyzer;
  private readonly store: DocumentStore;
  private readonly textIndex: TextIndex;
  private readonly manifest: Manifest<IndexMeta> | undefined;
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
      const articles = JSON.parse(files[FILES.articles]?.toString('utf8') ?? '[]') as (Article | null)[];
      const { encoded, ...serialized } = JSON.parse(files[FILES.textIndex]?.toString('utf8') ?? '') as SerializedTextIndex;
      const postings = postingsFromBytes(files[FILES.postings] ?? Buffer.alloc(0));
      const textIndex = TextIndex.fromSerialized({ ...serialized, encoded: { terms: encoded.terms, postings } }, analyzer);
      return new SearchEngine(analyzer, DocumentStore.fromArticles(articles), textIndex, manifest);
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
    const textIndex = this.textIndex.serialize();
    const files = {
      [FILES.articles]: JSON.stringify(this.store),
      [FILES.textIndex]: JSON.stringify({ ...textIndex, encoded: { terms: textIndex.encoded.terms } }),
      [FILES.postings]: postingsToBytes(textIndex.encoded.postings),
    };
    return writeIndexVersion(directory, files, meta);
  }

  /** Adds one article. Returns false, changing nothing, when an article with its id is already indexed. */
  add(article: Article): boolean {
    if (this.store.has(article.id)) return false;
    const doc = this.store.add(article);
    this.textIndex.add(doc, article);
    return true;
  }

  /** Removes the article with this id from the index. Returns false when there is none. */
  remove(id: string): boolean {
    const doc = this.store.numberOf(id);
    if (doc === undefined) return false;
    this.textIndex.remove(doc, this.store.get(doc));
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
  search(request: SearchRequest): SearchResponse {
    const started = performance.now();
    const resolved = resolveRequest(request);
    const matches = this.match(resolved);
    const page = matches.slice(resolved.offset, resolved.offset + resolved.limit);
    const termWeights = this.queryTermWeights(resolved.q);
    return {
      query: resolved.q,
      total: matches.length,
      offset: resolved.offset,
      limit: resolved.limit,
      hits: page.map((match) => this.hit(match, termWeights, resolved)),
      facets: {
        date: dateHistogram(
          matches.map((match) => this.store.timestamp(match.doc)),
          resolved.interval,
        ),
      },
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  private match(request: ResolvedRequest): TextMatch[] {
    const inDateRange = (doc: number) => {
      if (request.fromMs === Number.NEGATIVE_INFINITY && request.toMs === Number.POSITIVE_INFINITY) return true;
      const timestamp = this.store.timestamp(doc);
      return timestamp >= request.fromMs && timestamp <= request.toMs;
    };
    let matches: TextMatch[];
    if (request.q.trim() === '') {
      matches = [];
      for (const doc of this.store.numbers()) if (inDateRange(doc)) matches.push({ doc, score: 0 });
    } else {
      matches = this.textIndex.search(request.q, inDateRange);
    }
    if (request.sort === 'date' || request.q.trim() === '') matches.sort((a, b) => this.newestFirst(a.doc, b.doc));
    return matches;
  }

  // Undated articles sort after dated ones; equal dates keep relevance order (sort is stable).
  private newestFirst(a: number, b: number): number {
    const ta = this.store.timestamp(a);
    const tb = this.store.timestamp(b);
    if (Number.isNaN(ta)) return Number.isNaN(tb) ? 0 : 1;
    if (Number.isNaN(tb)) return -1;
    return tb - ta;
  }

  // Inverse document frequency of each query term: rarer terms make better snippets.
  private queryTermWeights(q: string): Map<string, number> {
    const weights = new Map<string, number>();
    const total = Math.max(1, this.store.size);
    for (const term of this.analyzer.terms(q)) {
      const frequency = this.textIndex.documentFrequency(term);
      weights.set(term, Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)));
    }
    return weights;
  }

  private hit(match: TextMatch, termWeights: Map<string, number>, request: ResolvedRequest): SearchHit {
    const article = this.store.get(match.doc);
    return {
      id: article.id,
      title: article.title,
      ...(article.date === undefined ? {} : { date: article.date }),
      ...(article.author === undefined ? {} : { author: article.author }),
      ...(article.url === undefined ? {} : { url: article.url }),
      tags: article.tags,
      score: Math.round(match.score * 1000) / 1000,
      snippet: buildSnippet({
        text: article.body,
        tokens: this.analyzer.tokens(article.body),
        termWeights,
        length: request.snippetLength,
      }),
    };
  }
}
