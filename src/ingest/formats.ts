import type { ArticleFormat, FormatName } from './format.js';
import { csvFormat, tsvFormat } from './formats/csv.js';
import { htmlFormat } from './formats/html.js';
import { jsonFormat } from './formats/json.js';
import { jsonLinesFormat } from './formats/jsonl.js';
import { markdownFormat } from './formats/markdown.js';
import { storyFormat } from './formats/story.js';
import { isGzip, looksBinary } from './source.js';

/** Every format Gazette reads. Content sniffing tries them in this order (most specific first). */
export const FORMATS: readonly ArticleFormat[] = [
  jsonLinesFormat,
  jsonFormat,
  htmlFormat,
  markdownFormat,
  csvFormat,
  tsvFormat,
  storyFormat,
];

/** The format called `name` (as given to --format). */
export function formatNamed(name: FormatName): ArticleFormat {
  const format = FORMATS.find((candidate) => candidate.name === name);
  if (format === undefined) throw new Error(`unknown format ${name}`);
  return format;
}

/** What a file is, by its name and first bytes. */
export type Detection = { format: ArticleFormat; gzip: boolean } | { binary: true } | { unknown: string };

/**
 * Decides how to read a file: gzip by its magic number (or ".gz"), then the format by
 * its extension (after ".gz"), then, for a name that says nothing, by its content.
 * `forced` (--format) wins over both.
 */
export function detectFormat(path: string, head: Uint8Array, forced?: FormatName): Detection {
  const gzip = isGzip(head) || path.toLowerCase().endsWith('.gz');
  const innerName = path.toLowerCase().replace(/\.gz$/, '');
  if (forced !== undefined) return { format: formatNamed(forced), gzip };
  const byExtension = FORMATS.find((format) => format.extensions.some((extension) => innerName.endsWith(extension)));
  if (byExtension !== undefined) return { format: byExtension, gzip };
  // Gzip content is sniffed after decompression by the caller; here only plain bytes can be judged.
  if (gzip) return { unknown: 'a gzip file whose name does not say what it holds; name it like articles.jsonl.gz or give --format' };
  if (looksBinary(head)) return { binary: true };
  const text = new TextDecoder('utf-8').decode(head);
  const bySniff = FORMATS.find((format) => format.sniff?.(text));
  if (bySniff !== undefined) return { format: bySniff, gzip: false };
  return { unknown: `not a format Gazette recognises; it reads ${knownExtensions()} (and .gz of them), or give --format` };
}

/** The extensions Gazette reads, for messages. */
export function knownExtensions(): string {
  return FORMATS.flatMap((format) => format.extensions).join(', ');
}
