import { resolve } from 'node:path';

// What a client may learn of the server's disk: nothing. The core names files by their full
// paths, which its logs and command line need; the HTTP layer takes them out of its answers.

const URL_LIKE = /^[a-z][a-z\d+.-]*:\/\//i;
const LINE_SUFFIX = /:\d+$/;
// An absolute POSIX or Windows path standing as a word of a message (after a space, a quote or a parenthesis).
const ABSOLUTE_PATH = /(?<=^|[\s'"(=])(?:\/|[A-Za-z]:\\)[^\s'"(),;:]*/g;

/**
 * An article's `source` as clients see it: the name of the file it was read from, with its
 * `:line` for line formats, not the path given to `--input`. A URL stays as it is.
 *
 *     publicSource('/srv/archive/2021/wire.jsonl:14'); // 'wire.jsonl:14'
 */
export function publicSource(source: string): string {
  if (URL_LIKE.test(source)) return source;
  const line = LINE_SUFFIX.exec(source)?.[0] ?? '';
  return `${lastSegment(source.slice(0, source.length - line.length))}${line}`;
}

/**
 * A message of the core (a failed reload, say) fit for an HTTP answer: paths inside the index
 * folder become relative to it, the folder itself "the index folder", any other absolute path
 * its file name.
 *
 *     withoutServerPaths('/srv/index/v-2/postings.bin: truncated', '/srv/index'); // 'v-2/postings.bin: truncated'
 */
export function withoutServerPaths(message: string, indexDirectory: string): string {
  let text = message;
  const folders = [resolve(indexDirectory), indexDirectory].map((folder) => folder.replace(/[\\/]+$/, ''));
  for (const folder of new Set(folders.filter((folder) => folder.length > 1 && folder !== '.'))) {
    // Only where the folder stands as a whole path: "index" must not eat the word in "build-index".
    const at = new RegExp(`(^|[\\s'"(=])${escapeRegExp(folder)}(?:[\\\\/]|(?=[\\s'"),;:]|$))`, 'g');
    text = text.replace(at, (whole: string, before: string) => (/[\\/]$/.test(whole) ? before : `${before}the index folder`));
  }
  return text.replace(ABSOLUTE_PATH, lastSegment);
}

function lastSegment(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
