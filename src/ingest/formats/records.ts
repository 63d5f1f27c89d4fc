import type { ArticleDraft, DraftRejection, FormatInput } from '../format.js';
import { htmlToText, looksLikeHtml } from '../html-text.js';
import { articleFromRecord } from '../json-record.js';
import { repairText } from '../text.js';

/**
 * Turns one record of a JSON, JSON-lines or CSV file into a draft: fields found through
 * the map and the usual names, a body given as HTML read as text, damaged text repaired.
 */
export function draftFromRecord(
  record: unknown,
  input: FormatInput,
  line: number | undefined,
  source: 'csv' | 'other',
): ArticleDraft | DraftRejection {
  const result = articleFromRecord(record, input.options.map);
  if ('reason' in result) return { rejected: { kind: 'not-an-object', reason: result.reason }, ...(line === undefined ? {} : { line }) };
  const fields = result.article;
  const repairs: string[] = [];
  for (const key of ['title', 'body'] as const) {
    const repaired = repairText(fields[key], source);
    fields[key] = repaired.text;
    repairs.push(...repaired.repairs);
    if (looksLikeHtml(fields[key])) {
      fields[key] = htmlToText(fields[key]);
      repairs.push(`HTML markup in the ${key} read as text`);
    }
  }
  return {
    fields,
    document: false,
    ...(line === undefined ? {} : { line }),
    ...(repairs.length === 0 ? {} : { repairs: [...new Set(repairs)] }),
  };
}
