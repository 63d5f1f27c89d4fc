import type { TextMatch } from '../index/text-index.js';

const DAY_MS = 86_400_000;

/**
 * Optional recency boost for news: each match's score is multiplied by 0.5^(age / half-life),
 * its age counted from the newest dated match, so that an article `halfLifeDays` older than
 * the newest counts half as much for the same relevance. Counting from the newest match
 * rather than from today gives the same order (the factor's ratio between two articles
 * depends only on their dates) and keeps scores readable in an archive decades old.
 * Undated matches sort after dated ones, as with `sort=date`. Off unless asked for.
 *
 *     applyRecency(matches, (doc) => store.timestamp(doc), 30)
 */
export function applyRecency(matches: readonly TextMatch[], timestampOf: (doc: number) => number, halfLifeDays: number): TextMatch[] {
  let newest = Number.NEGATIVE_INFINITY;
  for (const match of matches) {
    const timestamp = timestampOf(match.doc);
    if (!Number.isNaN(timestamp) && timestamp > newest) newest = timestamp;
  }
  const halfLifeMs = halfLifeDays * DAY_MS;
  const boosted = matches.map((match) => {
    const timestamp = timestampOf(match.doc);
    const factor = Number.isNaN(timestamp) ? 0 : 0.5 ** ((newest - timestamp) / halfLifeMs);
    // What else a match carries (the re-rank's parts, for explanations) stays with it.
    return { match: { ...match, score: match.score * factor }, dated: !Number.isNaN(timestamp) };
  });
  boosted.sort((a, b) => Number(b.dated) - Number(a.dated) || b.match.score - a.match.score);
  return boosted.map(({ match }) => match);
}
