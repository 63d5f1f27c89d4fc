/**
 * Gazette's public API: what the HTTP server, the command line and embedders use.
 *
 *     import { SearchEngine } from 'gazette';
 */
export { type AnalyzerSettings, DEFAULT_ANALYZER } from './analysis/analyzer.js';
export { parseSynonyms, readSynonymsFile, type SynonymRule, SynonymsFileError } from './analysis/synonyms.js';
export type { Article } from './article.js';
export {
  type BuildMemory,
  type BuildOptions,
  DEFAULT_BUILD_MEMORY,
  DEFAULT_SEARCH_BUDGET_MS,
  type IndexInfo,
  type IndexUpdate,
  MAX_SUGGEST_TEXT_LENGTH,
  MAX_SUGGESTIONS,
  type MatchedTerm,
  type OpenOptions,
  type RankedHit,
  SearchEngine,
  type SearchHit,
  type SearchResponse,
  type Suggestion,
  type SuggestionKind,
} from './engine.js';
export {
  ArticleRejectedError,
  GazetteError,
  IndexClosedError,
  IndexCorruptError,
  IndexLockedError,
  IndexNotFoundError,
  IndexNotWritableError,
  IndexWriteError,
  InvalidParameterError,
  QuerySyntaxError,
  QueryTooComplexError,
  SearchThreadError,
  SearchTimeoutError,
  UnsafeIndexFolderError,
} from './errors.js';
export type { Facets } from './facets/collect.js';
export type { DateBucket, DateHistogram } from './facets/date-histogram.js';
export type { FacetName, FacetRequest } from './facets/facet-request.js';
export type { TermFacet, TermFacetValue } from './facets/term-facet.js';
export type { FacetField } from './index/document-store.js';
export type { UpdateCounts } from './index/incremental.js';
export type { SharedIndexFiles } from './index/index-files.js';
export { hasIndex } from './index/persistence.js';
export { articleFromObject, MAX_ARTICLE_ID_LENGTH } from './ingest/api-record.js';
export type { FileSelection } from './ingest/file-selection.js';
export { FORMAT_NAMES, type FormatName } from './ingest/format.js';
export {
  countsByKind,
  emptyReport,
  type IngestOptions,
  type IngestProblem,
  type IngestReport,
  inputSize,
  locationOf,
  type ProblemKind,
  readArticles,
} from './ingest/ingest.js';
export { type FieldMap, parseFieldMap } from './ingest/json-record.js';
export { type SourceChanges, type SourceSummary, sourceFileOf, statSources, summarizeSources } from './ingest/source-summary.js';
export { LiveIndex, type LiveIndexOptions, type LiveIndexStats, ReloadFailedError, type ReloadResult } from './live-index.js';
export {
  BOOLEAN_RULE,
  checkBounds,
  HIT_FIELDS,
  type Interval,
  type ParameterType,
  type ParameterValue,
  readParameter,
  rejectUnknownParameters,
  SEARCH_PARAMETER_NAMES,
  SEARCH_PARAMETERS,
  type SearchParameter,
  type SearchParameterName,
  type Sort,
  WHOLE_NUMBER_RULE,
} from './query/parameters.js';
export { DEFAULT_QUERY_SIZE, LONG_QUERY_SIZE, type QuerySize } from './query/parse.js';
export { MAX_LIMIT, parseSearchParameters, type SearchRequest } from './search/request.js';
export { inThisThread, type Searcher, SearchThreads, type SearchThreadsOptions } from './threads/search-threads.js';
