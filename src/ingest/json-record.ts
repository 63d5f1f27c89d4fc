import type { Article } from '../article.js';
import { parseIsoDate, parseStoryDate } from './dates.js';

// Field names that exports commonly use for each article field, tried in order.
const FIELD_ALIASES = {
  id: ['id', '_id', 'guid', 'uuid'],
  title: ['title', 'headline', 'name'],
  body: ['body', 'text', 'content', 'article'],
  date: ['date', 'published', 'published_at', 'publishedAt', 'pubDate', 'datePublished'],
  author: ['author', 'byline', 'authors'],
  url: ['url', 'link', 'href'],
  tags: ['tags', 'topics', 'keywords', 'categories'],
} as const;

/** A JSON record read into an article, or the reason it cannot be one. */
export type RecordResult = { article: Omit<Article, 'id'> & { id?: string } } | { reason: string };

/** Reads one JSON value as an article. */
export function articleFromRecord(record: unknown): RecordResult {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { reason: `expected a JSON object, found ${Array.isArray(record) ? 'an array' : typeof record}` };
  }
  const fields = record as Record<string, unknown>;
  const title = textField(fields, FIELD_ALIASES.title);
  const body = textField(fields, FIELD_ALIASES.body);
  const article: Omit<Article, 'id'> & { id?: string } = { title: title ?? '', body: body ?? '', tags: tagsField(fields) };
  const id = firstPresent(fields, FIELD_ALIASES.id);
  if (typeof id === 'string' && id.trim() !== '') article.id = id.trim();
  else if (typeof id === 'number' && Number.isFinite(id)) article.id = String(id);
  const author = textField(fields, FIELD_ALIASES.author);
  if (author) article.author = author;
  const url = textField(fields, FIELD_ALIASES.url);
  if (url) article.url = url;
  Object.assign(article, dateField(fields));
  return { article };
}

function firstPresent(fields: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) {
    if (Object.hasOwn(fields, name) && fields[name] !== null && fields[name] !== undefined) return fields[name];
  }
  return undefined;
}

function textField(fields: Record<string, unknown>, names: readonly string[]): string | undefined {
  const value = firstPresent(fields, names);
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return undefined;
}

function tagsField(fields: Record<string, unknown>): string[] {
  const value = firstPresent(fields, FIELD_ALIASES.tags);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '');
  return [];
}

function dateField(fields: Record<string, unknown>): Pick<Article, 'date' | 'rawDate'> {
  const value = firstPresent(fields, FIELD_ALIASES.date);
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds or milliseconds since the epoch: values below 1e11 are seconds (before 5138 AD).
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? { rawDate: String(value) } : { date: date.toISOString() };
  }
  if (typeof value !== 'string' || value.trim() === '') return {};
  const date = parseIsoDate(value) ?? parseStoryDate(value);
  return date === undefined ? { rawDate: value } : { date };
}
