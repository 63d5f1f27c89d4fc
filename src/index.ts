/**
 * Gazette's public API: what the HTTP server, the command line and embedders use.
 *
 *     import { SearchEngine } from 'gazette';
 */
export { type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
export type { Article } from './article.js';
export { type IndexInfo, type IndexUpdate, SearchEngine, type SearchHit, type SearchResponse } from './engine.js';
export { ArticleRejectedError, GazetteError, IndexCorruptError, IndexNotFoundError, InvalidParameterError } from './errors.js';
export type { DateBucket, DateHistogram } from './facets/date-histogram.js';
export type { UpdateCounts } from './index/incremental.js';
export { hasIndex } from './index/persistence.js';
export { type SourceChanges, type SourceSummary, summarizeSources } from './index/source-summary.js';
export { emptyReport, type IngestProblem, type IngestReport, readArticles } from './ingest/ingest.js';
export { LiveIndex, type LiveIndexStats, ReloadFailedError, type ReloadResult } from './live-index.js';
export { type Interval, MAX_LIMIT, parseSearchParameters, type SearchRequest, type Sort } from './query/request.js';
