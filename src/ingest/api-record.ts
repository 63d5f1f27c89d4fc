import type { Article } from '../article.js';
import { htmlToText, looksLikeHtml } from './html-text.js';
import { articleFromRecord } from './json-record.js';
import { normalizeBodyText, normalizeLineText, repairText } from './text.js';

/** The longest id an article written over the API may have (as GET /articles/:id takes). */
export const MAX_ARTICLE_ID_LENGTH = 1024;

/**
 * Reads one article given as a JSON object (the documents API, `engine.replace` from a
 * program), checked and normalised as a record of an ingested file is: the usual field names,
 * dates read, HTML read as text, damaged text repaired. Unlike a file's record it must carry
 * its own `id`, which is how a later replace or delete finds it. Returns the reason otherwise.
 *
 *     articleFromObject({ id: 'a1', headline: 'Budget passed', text: '…' })   // { article: { id: 'a1', title: 'Budget passed', … } }
 */
export function articleFromObject(record: unknown, source = 'api'): { article: Article } | { reason: string } {
  const found = articleFromRecord(record);
  if ('reason' in found) return found;
  const { id, ...fields } = found.article;
  if (id === undefined) return { reason: 'id: missing; every article written over the API needs an id (a string or number)' };
  if (id.length > MAX_ARTICLE_ID_LENGTH) return { reason: `id: longer than ${MAX_ARTICLE_ID_LENGTH} characters` };
  const text = (value: string) => {
    const repaired = repairText(value, 'other').text;
    return looksLikeHtml(repaired) ? htmlToText(repaired) : repaired;
  };
  const article: Article = {
    ...fields,
    id,
    title: normalizeLineText(text(fields.title)),
    body: normalizeBodyText(text(fields.body)),
    tags: fields.tags.map(normalizeLineText).filter(Boolean),
    source,
  };
  if (fields.author !== undefined) article.author = normalizeLineText(fields.author);
  if (article.title === '' && article.body === '') return { reason: 'no title and no body: give at least one of them' };
  return { article };
}
