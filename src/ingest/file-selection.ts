import picomatch from 'picomatch';

/**
 * Which files under the inputs are articles: glob patterns (`*`, `**`, `?`, `[abc]`, `{a,b}`)
 * matched against a file's path inside its input folder, case-insensitively; a pattern without
 * a `/` matches the file's name at any depth (`README*`, `*.csv`).
 */
export interface FileSelection {
  /** Only files matching one of these are read. Default: every file. */
  include?: readonly string[];
  /** Files matching one of these are left out (reported as skipped, `excluded`), even if included. */
  exclude?: readonly string[];
}

/** Why a file is left out, or undefined when it is read. */
export type SelectFile = (name: string) => string | undefined;

const MATCH_OPTIONS = { nocase: true, dot: true } as const;

// picomatch's `basename` option also applies to patterns with a slash, which then never match a
// path: it is given only to the patterns that name a file at any depth.
function matcherOf(pattern: string): readonly [string, (path: string) => boolean] {
  return [pattern, picomatch(pattern, pattern.includes('/') ? MATCH_OPTIONS : { ...MATCH_OPTIONS, basename: true })];
}

/**
 * The selection as a test of a file's path inside its input.
 *
 *     fileSelector({ exclude: ['README*'] })('corpus/README.TXT') // 'left out by --exclude README*'
 */
export function fileSelector(selection: FileSelection = {}): SelectFile {
  const include = (selection.include ?? []).map(matcherOf);
  const exclude = (selection.exclude ?? []).map(matcherOf);
  return (name) => {
    const path = name.split('\\').join('/');
    if (include.length > 0 && !include.some(([, matches]) => matches(path))) {
      return `matches no --include pattern (${include.map(([pattern]) => pattern).join(', ')})`;
    }
    const excludedBy = exclude.find(([, matches]) => matches(path));
    return excludedBy === undefined ? undefined : `left out by --exclude ${excludedBy[0]}`;
  };
}
