import type { Article } from '../article.js';
import { parseIsoDate, parseLooseDate } from './dates.js';

/** The article fields a record's fields can be mapped to. */
export const MAPPABLE_FIELDS = ['id', 'title', 'body', 'date', 'updated', 'author', 'url', 'tags'] as const;
/** One of MAPPABLE_FIELDS. */
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/**
 * Where each article field is found in a record, for exports whose names differ:
 * a field name, a dotted path into nested objects (`byline.name`, `meta.tags`), or,
 * for CSV files without a header row, a 1-based column number.
 */
export type FieldMap = Partial<Record<MappableField, string>>;

// Field names that exports commonly use for each article field, tried in order after the map.
const FIELD_ALIASES: Record<MappableField, readonly string[]> = {
  id: ['id', '_id', 'guid', 'uuid', 'identifier'],
  title: ['title', 'headline', 'name', 'subject'],
  body: ['body', 'text', 'content', 'article', 'articleBody', 'description', 'summary'],
  date: ['date', 'published', 'published_at', 'publishedAt', 'pubDate', 'datePublished', 'publication_date', 'created_at'],
  updated: ['updated', 'updated_at', 'updatedAt', 'modified', 'dateModified', 'last_updated'],
  author: ['author', 'byline', 'authors', 'creator'],
  url: ['url', 'link', 'href', 'permalink'],
  tags: ['tags', 'topics', 'keywords', 'categories', 'category', 'section'],
};

/**
 * Parses `title=headline,body=content,date=meta.published_at` into a FieldMap.
 * Returns the reason when the text is not a mapping, naming the bad part.
 */
export function parseFieldMap(text: string): FieldMap | { reason: string } {
  const map: FieldMap = {};
  for (const part of text.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const field = pair.slice(0, equals).trim();
    const source = pair.slice(equals + 1).trim();
    if (equals <= 0 || source === '') return { reason: `"${pair}" is not field=source (e.g. title=headline)` };
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) {
      return { reason: `"${field}" is not an article field; map one of ${MAPPABLE_FIELDS.join(', ')}` };
    }
    map[field as MappableField] = source;
  }
  return map;
}

/** An article read from a record, before it gets its id, normalised text and source. */
export type ArticleFields = Omit<Article, 'id'> & { id?: string };

/** A record read into article fields, or the reason it cannot be one. */
export type RecordResult = { article: ArticleFields } | { reason: string };

/** Reads one JSON value (or CSV row as an object) as an article, using `map` before the usual field names. */
export function articleFromRecord(record: unknown, map: FieldMap = {}): RecordResult {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { reason: `expected a JSON object, found ${Array.isArray(record) ? 'an array' : record === null ? 'null' : typeof record}` };
  }
  const fields = record as Record<string, unknown>;
  const lookup = (field: MappableField) => fieldValue(fields, field, map);
  const article: ArticleFields = { title: textOf(lookup('title')) ?? '', body: textOf(lookup('body')) ?? '', tags: tagsOf(lookup('tags')) };
  const id = lookup('id');
  if (typeof id === 'string' && id.trim() !== '') article.id = id.trim();
  else if (typeof id === 'number' && Number.isFinite(id)) article.id = String(id);
  const author = authorOf(lookup('author'));
  if (author) article.author = author;
  const url = textOf(lookup('url'));
  if (url) article.url = url;
  const date = dateOf(lookup('date'));
  if (date.date !== undefined) article.date = date.date;
  if (date.rawDate !== undefined) article.rawDate = date.rawDate;
  const updated = dateOf(lookup('updated')).date;
  if (updated !== undefined) article.updated = updated;
  return { article };
}

function fieldValue(fields: Record<string, unknown>, field: MappableField, map: FieldMap): unknown {
  const mapped = map[field];
  if (mapped !== undefined) {
    const value = atPath(fields, mapped);
    if (value !== undefined && value !== null) return value;
  }
  for (const name of FIELD_ALIASES[field]) {
    if (Object.hasOwn(fields, name) && fields[name] !== null && fields[name] !== undefined) return fields[name];
  }
  return undefined;
}

/** The value at a dotted path (`byline.name`); a key that itself contains dots is tried whole first. */
export function atPath(record: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) {
      const index = Number(key);
      value = Number.isInteger(index) ? value[index] : undefined;
    } else value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n\n');
  return undefined;
}

// Authors come as "Name", ["Name", "Name"], {name: "Name"} or [{name: "Name"}] (schema.org Person).
function authorOf(value: unknown): string | undefined {
  const names = (Array.isArray(value) ? value : [value])
    .map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>).name : item))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => name.trim());
  return names.length === 0 ? undefined : names.join(', ');
}

function tagsOf(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(/[,;|]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) {
    return value
      .map((tag) => (typeof tag === 'object' && tag !== null ? (tag as Record<string, unknown>).name : tag))
      .filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '')
      .map((tag) => tag.trim());
  }
  return [];
}

function dateOf(value: unknown): Pick<Article, 'date' | 'rawDate'> {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds or milliseconds since the epoch: values below 1e11 are seconds (before 5138 AD).
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? { rawDate: String(value) } : { date: date.toISOString() };
  }
  if (typeof value !== 'string' || value.trim() === '') return {};
  const date = parseIsoDate(value) ?? parseLooseDate(value);
  return date === undefined ? { rawDate: value } : { date };
}
