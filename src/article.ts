import { InvalidParameterError } from './errors.js';

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

const OPTIONAL_TEXT_FIELDS = ['date', 'rawDate', 'updated', 'author', 'url', 'source'] as const;

/**
 * An article as a program hands it to the engine (`add`, `replace`, `fromArticles`), checked
 * before anything is indexed or logged: an id, a title and a body that are strings, tags that are
 * strings (none given: none), the optional fields strings when given. Throws
 * InvalidParameterError naming the field: a malformed article logged as written would break
 * every later open of the index.
 *
 *     checkArticle({ id: 'a1', title: 'Budget passed', body: '…' })   // { id: 'a1', …, tags: [] }
 */
export function checkArticle(article: unknown): Article {
  if (typeof article !== 'object' || article === null || Array.isArray(article)) {
    throw new InvalidParameterError('article', 'must be an object with an id, a title and a body');
  }
  const fields = article as Record<string, unknown>;
  if (typeof fields.id !== 'string' || fields.id === '') throw new InvalidParameterError('article.id', 'must be a non-empty string');
  for (const name of ['title', 'body'] as const) {
    if (typeof fields[name] !== 'string') throw new InvalidParameterError(`article.${name}`, `must be a string (article "${fields.id}")`);
  }
  const tags = fields.tags ?? [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw new InvalidParameterError('article.tags', `must be an array of strings (article "${fields.id}")`);
  }
  for (const name of OPTIONAL_TEXT_FIELDS) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') {
      throw new InvalidParameterError(`article.${name}`, `must be a string when given (article "${fields.id}")`);
    }
  }
  return fields.tags === undefined ? ({ ...fields, tags: [] } as unknown as Article) : (article as Article);
}
