import type { ArticleFormat } from '../format.js';
import { draftFromRecord } from './records.js';

/** A JSON document: one article object, or an array of them. Read whole (it cannot be streamed record by record). */
export const jsonFormat: ArticleFormat = {
  name: 'json',
  extensions: ['.json'],
  sniff: (head) => /^\s*[[{]/.test(head) && !looksLikeJsonLines(head),
  async *read(input) {
    const text = await input.text();
    if (typeof text !== 'string') {
      yield text;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { rejected: jsonError(error, text) };
      return;
    }
    if (!Array.isArray(value)) {
      yield draftFromRecord(value, input, undefined, 'other');
      return;
    }
    // The position in the array stands in for a line: it is what the report and derived ids use.
    for (const [index, record] of value.entries()) yield draftFromRecord(record, input, index + 1, 'other');
  },
};

/** Two lines that each hold a whole JSON object: JSON lines, whatever the file is called. */
export function looksLikeJsonLines(head: string): boolean {
  const lines = head.split('\n').filter((line) => line.trim() !== '');
  return lines.length >= 2 && /^\s*\{.*\}\s*$/.test(lines[0] ?? '') && /^\s*\{/.test(lines[1] ?? '');
}

/** A JSON.parse error as a report reason: a document that stops early is "truncated", the rest "invalid". */
export function jsonError(error: unknown, text: string): { kind: 'truncated-json' | 'invalid-json'; reason: string } {
  const message = (error as Error).message;
  if (/end of (?:JSON )?input|Unterminated string/i.test(message) && text.trim() !== '') {
    return {
      kind: 'truncated-json',
      reason: `truncated JSON: the text stops before the record ends (${message}); the file was probably cut short: export it again`,
    };
  }
  return { kind: 'invalid-json', reason: `invalid JSON: ${message}` };
}
