import type { ArticleFormat } from '../format.js';
import { byteLines, decodeText } from '../source.js';
import { jsonError, looksLikeJsonLines } from './json.js';
import { draftFromRecord } from './records.js';

/**
 * JSON lines / NDJSON: one object per line, streamed, so that memory holds one line at a
 * time however large the file. Each line's encoding is judged on its own.
 */
export const jsonLinesFormat: ArticleFormat = {
  name: 'jsonl',
  extensions: ['.jsonl', '.ndjson', '.jsonlines'],
  sniff: looksLikeJsonLines,
  async *read(input) {
    const tooLong: { line: number; bytes: number }[] = [];
    const lines = byteLines(input.bytes(), input.options.maxRecordBytes, (line, bytes) => tooLong.push({ line, bytes }));
    for await (const line of lines) {
      while (tooLong.length > 0) yield tooLongRejection(tooLong.shift(), input.options.maxRecordBytes);
      if (isBlank(line.bytes)) continue;
      const decoded = decodeText(line.bytes);
      if (decoded.fallback !== undefined) {
        input.repaired(
          `not valid UTF-8 at byte ${decoded.fallback.byteOffset} of the line: read as Windows-1252; convert the file to UTF-8 to be sure`,
          line.number,
        );
      }
      let record: unknown;
      try {
        record = JSON.parse(decoded.text);
      } catch (error) {
        // Only the last line of a file can be cut short; elsewhere an unfinished record is just invalid.
        const problem = line.terminated
          ? { kind: 'invalid-json' as const, reason: `invalid JSON: ${(error as Error).message}` }
          : jsonError(error, decoded.text);
        yield { rejected: problem, line: line.number };
        continue;
      }
      yield draftFromRecord(record, input, line.number, 'other');
    }
    while (tooLong.length > 0) yield tooLongRejection(tooLong.shift(), input.options.maxRecordBytes);
  },
};

function tooLongRejection(entry: { line: number; bytes: number } | undefined, max: number) {
  const line = entry?.line ?? 0;
  return {
    line,
    rejected: {
      kind: 'record-too-large' as const,
      reason: `record too large (over ${max} bytes on one line); split it, or raise the limit with --max-record-mb`,
    },
  };
}

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
