/** An article as Gazette indexes, stores and returns it. */
export interface Article {
  /** Stable id: the source's own id when it has one, else derived from the file path (and line). */
  id: string;
  title: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  /** Publication instant as ISO 8601 (UTC), or undefined when the source has no usable date. */
  date?: string;
  /** When the source gives a date we could not read, kept verbatim so that nothing is lost. */
  rawDate?: string;
  /** Last update instant as ISO 8601 (UTC), when the source gives one. */
  updated?: string;
  author?: string;
  url?: string;
  tags: string[];
  /** Where the article came from: a file path, with ":line" for line-oriented formats. */
  source?: string;
}

/** Milliseconds since the epoch of an article's date, or NaN when undated. */
export function timestampOf(article: Pick<Article, 'date'>): number {
  return article.date === undefined ? Number.NaN : Date.parse(article.date);
}
