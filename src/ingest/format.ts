import type { Readable } from 'node:stream';
import type { ArticleFields, FieldMap } from './json-record.js';
import type { ProblemKind } from './report.js';

/** The formats Gazette reads; `--format` takes these names. */
export const FORMAT_NAMES = ['story', 'json', 'jsonl', 'csv', 'tsv', 'markdown', 'html'] as const;
/** One of FORMAT_NAMES. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** An article read from a file, before ingest gives it an id, normalises its text and checks it for duplicates. */
export interface ArticleDraft {
  fields: ArticleFields;
  /** 1-based line (or row, or array index) of a record in a file of many. */
  line?: number;
  /**
   * A whole-file article (story, Markdown, HTML): its id, when it has none, is its readable
   * path; a record's is a hash of path and line. Either is rejected when it has no text.
   */
  document: boolean;
  /** Text repairs done while reading (e.g. HTML converted to text), for the report. */
  repairs?: string[];
}

/** Something in a file that could not become an article, with where it was and why. */
export interface DraftRejection {
  rejected: { kind: ProblemKind; reason: string };
  line?: number;
}

/** A file being read, with the ways a format may read it. */
export interface FormatInput {
  path: string;
  options: { map: FieldMap; maxFileBytes: number; maxRecordBytes: number };
  /** The file's bytes, gunzipped when it is gzip: formats that stream read this. */
  bytes(): Readable;
  /**
   * The whole file as text, for formats that need all of it (a story, a JSON document).
   * Refuses files over the size limit; text that is not UTF-8 is read as Windows-1252 and reported.
   */
  text(): Promise<string | DraftRejection>;
  /** Records that the text of a record (or of the file) was repaired. */
  repaired(reason: string, line?: number): void;
}

/** One format: how it is recognised, and how it is read. */
export interface ArticleFormat {
  name: FormatName;
  /** File name endings (lower case, with the dot) that mean this format. */
  extensions: readonly string[];
  /** Whether the start of a file (decoded) looks like this format, for files whose name says nothing. */
  sniff?: (head: string) => boolean;
  read(input: FormatInput): AsyncIterable<ArticleDraft | DraftRejection>;
}
