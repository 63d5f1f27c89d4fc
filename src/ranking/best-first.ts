import type { TextMatch } from '../index/text-index.js';

const byScore = (a: TextMatch, b: TextMatch): number => b.score - a.score || a.doc - b.doc;

/**
 * Orders matches best first (equal scores in article order), but only as far as a page
 * needs: the `count` best come first, in order, and the rest follow in no particular
 * order. A common word matches thousands of articles, and sorting them all was a fifth
 * of a query's time; only the best hundred are ever re-ranked or shown.
 */
export function bestFirst(matches: TextMatch[], count: number): TextMatch[] {
  if (matches.length <= 2 * count) return matches.sort(byScore);
  const scores = new Float64Array(matches.length);
  for (const [index, match] of matches.entries()) scores[index] = match.score;
  scores.sort();
  const threshold = scores[scores.length - count] as number;
  const head: TextMatch[] = [];
  const rest: TextMatch[] = [];
  for (const match of matches) (match.score >= threshold ? head : rest).push(match);
  return head.sort(byScore).concat(rest);
}
