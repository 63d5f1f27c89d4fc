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

const OPTIONAL_TEXT_FIELDS: ReadonlySet<string> = new Set(['date', 'rawDate', 'updated', 'author', 'url', 'source']);

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
  const id = fields.id;
  if (typeof id !== 'string' || id === '') throw new InvalidParameterError('article.id', 'must be a non-empty string');
  if (typeof fields.title !== 'string') throw notText('title', id);
  if (typeof fields.body !== 'string') throw notText('body', id);
  const tags = fields.tags;
  if (tags !== undefined && !isListOfText(tags)) {
    throw new InvalidParameterError('article.tags', `must be an array of strings (article "${id}")`);
  }
  // Over the fields the article has: a build checks every article, and asking for each absent
  // field by name took half of a microsecond an article.
  for (const name in fields) {
    if (OPTIONAL_TEXT_FIELDS.has(name)) checkOptionalText(fields[name], name, id);
  }
  return tags === undefined ? ({ ...fields, tags: [] } as unknown as Article) : (article as Article);
}

function notText(name: 'title' | 'body', id: string): InvalidParameterError {
  return new InvalidParameterError(`article.${name}`, `must be a string (article "${id}")`);
}

function checkOptionalText(value: unknown, name: string, id: string): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new InvalidParameterError(`article.${name}`, `must be a string when given (article "${id}")`);
  }
}

function isListOfText(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let at = 0; at < value.length; at++) if (typeof value[at] !== 'string') return false;
  return true;
}
