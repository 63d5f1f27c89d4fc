import { type CsvError, parse } from 'csv-parse';
import type { ArticleDraft, ArticleFormat, DraftRejection, FormatInput, FormatName } from '../format.js';
import { MAPPABLE_FIELDS } from '../json-record.js';
import { draftFromRecord } from './records.js';

// Header names that say a first row is a header: an article field's usual names.
const HEADER_WORDS =
  /^(?:id|_id|guid|title|headline|subject|body|text|content|description|summary|date|published|published_at|pubdate|author|byline|url|link|tags|topics|category|categories|keywords)$/i;

/** CSV with a header row (or column numbers in --map for files without one), streamed through csv-parse. */
export const csvFormat: ArticleFormat = { name: 'csv', extensions: ['.csv'], read: (input) => readDelimited(input, ',', 'csv') };

/** Tab-separated values, as CSV. */
export const tsvFormat: ArticleFormat = { name: 'tsv', extensions: ['.tsv', '.tab'], read: (input) => readDelimited(input, '\t', 'tsv') };

async function* readDelimited(input: FormatInput, delimiter: string, name: FormatName): AsyncGenerator<ArticleDraft | DraftRejection> {
  const skippedRows: DraftRejection[] = [];
  const parser = input.bytes().pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      // A stray quote inside a field is kept as text rather than losing the rows after it.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: input.options.maxRecordBytes,
      cast: false,
    }),
  );
  parser.on('skip', (error: CsvError) => {
    // csv-parse may report one broken row more than once: keep the first reason per line.
    if (skippedRows.some((row) => row.line === Number(error.lines))) return;
    skippedRows.push({
      line: Number(error.lines),
      rejected: { kind: 'invalid-csv', reason: `invalid ${name.toUpperCase()} row: ${error.message}` },
    });
  });
  let columns: string[] | undefined;
  // csv-parse tells the line a record ends on; a record starts on the line after the one before it.
  let previousEnd = 0;
  const byNumber = usesColumnNumbers(input);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skippedRows.splice(0);
    const firstLine = previousEnd + 1;
    previousEnd = info.lines;
    if (columns === undefined) {
      if (!byNumber && !isHeader(record, mappedNames(input))) {
        yield { rejected: { kind: 'no-header', reason: noHeaderReason(record) } };
        parser.destroy();
        return;
      }
      // With column numbers the columns are named "1", "2", …; a header row, if any, is then data-free and skipped.
      columns = byNumber ? record.map((_, index) => String(index + 1)) : record.map((cell) => cell.trim());
      if (!byNumber || isHeader(record)) continue;
    }
    yield draftFromRecord(rowObject(columns, record), input, firstLine, 'csv');
  }
  yield* skippedRows.splice(0);
}

function usesColumnNumbers(input: FormatInput): boolean {
  return MAPPABLE_FIELDS.some((field) => /^\d{1,4}$/.test(input.options.map[field] ?? ''));
}

// A first row is a header when a cell is a usual field name, or a name the --map gives.
function isHeader(row: string[], mapped: ReadonlySet<string> = new Set()): boolean {
  return row.some((cell) => HEADER_WORDS.test(cell.trim()) || mapped.has(cell.trim()));
}

function mappedNames(input: FormatInput): Set<string> {
  return new Set(Object.values(input.options.map));
}

function rowObject(columns: string[], row: string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [index, cell] of row.entries()) object[columns[index] ?? String(index + 1)] = cell;
  return object;
}

function noHeaderReason(row: string[]): string {
  const preview = row
    .slice(0, 4)
    .map((cell) => JSON.stringify(cell.slice(0, 30)))
    .join(', ');
  return `no header row naming the fields (first row: ${preview}); add one, or give column numbers: --map title=2,body=3`;
}
