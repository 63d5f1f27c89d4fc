/**
 * Why an input was rejected, repaired, skipped or folded into another: a stable
 * code per reason, so that a run's summary can count them and a program can test them.
 */
export type ProblemKind =
  | 'not-found'
  | 'permission-denied'
  | 'unreadable'
  | 'not-a-file'
  | 'symlink-loop'
  | 'already-read'
  | 'outside-input'
  | 'unsupported-format'
  | 'excluded'
  | 'empty-file'
  | 'binary-file'
  | 'file-too-large'
  | 'record-too-large'
  | 'invalid-utf8'
  | 'invalid-json'
  | 'truncated-json'
  | 'invalid-csv'
  | 'not-an-object'
  | 'no-header'
  | 'no-body'
  | 'unparseable-date'
  | 'no-date'
  | 'duplicate-id'
  | 'duplicate-url'
  | 'duplicate-content'
  | 'text-repaired';

/** A file, or one record of a file, that ingest rejected, repaired or skipped. */
export interface IngestProblem {
  path: string;
  line?: number;
  /** What happened and what to do about it, for a person. */
  reason: string;
  /** The reason's stable code; the summary counts problems by it. */
  kind?: ProblemKind;
}

/** What an ingest run read, kept, rejected and repaired. Filled in while articles stream. */
export interface IngestReport {
  files: number;
  articles: number;
  /** Bytes read from the inputs so far (as stored: compressed bytes for .gz files). */
  bytes: number;
  /** Inputs that produced no article. */
  rejected: IngestProblem[];
  /** Articles kept with something missing (no date, no body, an unreadable date). */
  warnings: IngestProblem[];
  /** Files that are not articles at all (another format), left alone. */
  skipped: IngestProblem[];
  /** Articles kept after their text was repaired (wrong encoding, entities without "&", markup). */
  repaired: IngestProblem[];
  /** Articles not indexed because an earlier one had the same id, URL, or title and body. */
  duplicates: IngestProblem[];
}

/** A report with nothing in it, to pass to readArticles. */
export function emptyReport(): IngestReport {
  return { files: 0, articles: 0, bytes: 0, rejected: [], warnings: [], skipped: [], repaired: [], duplicates: [] };
}

/** Problems of every list counted by kind, e.g. `{ 'invalid-json': 2, 'duplicate-id': 1 }`, for summaries. */
export function countsByKind(report: IngestReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const list of [report.rejected, report.warnings, report.skipped, report.repaired, report.duplicates]) {
    for (const problem of list) {
      const kind = problem.kind ?? 'other';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}

/** Where a problem is, as `path` or `path:line`. */
export function locationOf(problem: Pick<IngestProblem, 'path' | 'line'>): string {
  return problem.line === undefined ? problem.path : `${problem.path}:${problem.line}`;
}
