/** Base class of every error Gazette throws on purpose; `code` is stable for programs to test. */
export class GazetteError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A search parameter has a value that cannot be used; `parameter` names it and the message says what is allowed. */
export class InvalidParameterError extends GazetteError {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super('invalid_parameter', `${parameter}: ${message}`);
    this.parameter = parameter;
  }
}

/** An article file (or one record in it) cannot be read as an article. */
export class ArticleRejectedError extends GazetteError {
  readonly path: string;
  readonly line: number | undefined;
  readonly reason: string;
  constructor(path: string, reason: string, line?: number) {
    super('article_rejected', `${line === undefined ? path : `${path}:${line}`}: ${reason}`);
    this.path = path;
    this.line = line;
    this.reason = reason;
  }
}

/** No index where one was expected, or one that cannot be read. */
export class IndexNotFoundError extends GazetteError {
  readonly directory: string;
  constructor(directory: string, detail: string) {
    super('index_not_found', `${directory}: ${detail}; build one with npm run build-index -- --input <articles> --out ${directory}`);
    this.directory = directory;
  }
}

/** An index on disk is damaged or was written by an incompatible version. */
export class IndexCorruptError extends GazetteError {
  readonly file: string;
  constructor(file: string, detail: string) {
    super('index_corrupt', `${file}: ${detail}; rebuild it with npm run build-index`);
    this.file = file;
  }
}

/** The index was closed (`SearchEngine.close`), and a search needed one of its files. */
export class IndexClosedError extends GazetteError {
  readonly file: string;
  constructor(file: string) {
    super('index_closed', `${file}: the index was closed; open it again to search it`);
    this.file = file;
  }
}

/**
 * A new version of the index could not be written (no space left, a read-only folder, no
 * permission). Unless `committed`, the version being written was removed and the previous
 * version stays live; when `committed`, the new version is live but its folder could not be
 * synced to disk, so a power cut might still bring back the previous one.
 */
export class IndexWriteError extends GazetteError {
  readonly directory: string;
  /** The operating system's error code, e.g. ENOSPC, EROFS, EACCES. */
  readonly reason: string;
  /** Whether CURRENT already names the new version. */
  readonly committed: boolean;
  constructor(directory: string, reason: string, detail: string, committed = false) {
    super(
      'index_write_failed',
      committed
        ? `${directory}: the new index is live, but the folder could not be synced to disk (${detail}); a power cut may bring back the previous index`
        : `${directory}: the new index could not be written (${detail}); the previous index is unchanged`,
    );
    this.directory = directory;
    this.reason = reason;
    this.committed = committed;
  }
}

/**
 * The query `q` is not valid syntax (reported only with `mode=strict`; the lenient
 * default reads it as plain words instead). `position` is the 0-based offset of
 * the problem in the query, `problem` says what is wrong there.
 */
export class QuerySyntaxError extends InvalidParameterError {
  readonly position: number;
  readonly problem: string;
  constructor(position: number, problem: string) {
    super('q', `${problem} at position ${position} (counting from 0); fix the query or leave out mode=strict to read it as plain words`);
    this.position = position;
    this.problem = problem;
  }
}

/** The query asks for more work than a search may do (too many terms, too deeply nested). */
export class QueryTooComplexError extends InvalidParameterError {
  constructor(message: string) {
    super('q', message);
  }
}

/**
 * A search ran out of its time budget and was stopped, so that one costly query cannot hold
 * the process; the server answers 503. Simplify the query (fewer `*` and `~` words, fewer
 * phrases) or raise the budget.
 */
export class SearchTimeoutError extends GazetteError {
  /** The budget that was exceeded, in milliseconds. */
  readonly budgetMs: number;
  constructor(budgetMs: number) {
    super(
      'search_timeout',
      `the search took more than its budget of ${budgetMs} ms and was stopped; simplify the query (fewer * and ~ words, fewer phrases)`,
    );
    this.budgetMs = budgetMs;
  }
}

/**
 * Another writer (a build, an update or a save) holds the index folder's lock. Wait for it to
 * finish; a lock left by a process that no longer runs is taken over by itself.
 */
export class IndexLockedError extends GazetteError {
  readonly directory: string;
  constructor(directory: string, holder: string) {
    super(
      'index_locked',
      `${directory}: another writer holds this index (${holder}); wait for it to finish (the lock of a writer that died is taken over by itself: at once on this machine, after a minute without its heartbeat from another)`,
    );
    this.directory = directory;
  }
}

/**
 * A folder that Gazette will not write an index into: it holds files that are not a Gazette
 * index, or versions of one without a readable `CURRENT` naming the live one. Nothing in it
 * was changed or deleted.
 */
export class UnsafeIndexFolderError extends GazetteError {
  readonly directory: string;
  constructor(directory: string, detail: string) {
    super('index_folder_refused', `${directory}: ${detail}; nothing in it was changed`);
    this.directory = directory;
  }
}

/**
 * A write to an index that takes none: an engine not opened for writing (`SearchEngine.open(dir,
 * { write: true })`), one closed, or one whose write-ahead log failed (then nothing more is
 * acknowledged; reopening it recovers every write acknowledged before).
 */
export class IndexNotWritableError extends GazetteError {
  constructor(detail: string) {
    super('index_not_writable', detail);
  }
}

/**
 * A search thread (src/threads/) stopped while it answered a search: it crashed or was killed.
 * It is replaced at once; the server answers 503 with Retry-After, since the same search may
 * well succeed on the next try.
 */
export class SearchThreadError extends GazetteError {
  constructor(detail: string) {
    super('search_thread_failed', `a search thread stopped while answering (${detail}); retry the search`);
  }
}
