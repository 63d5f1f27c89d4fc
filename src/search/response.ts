import type { Facets } from '../facets/collect.js';
import type { BoolNode, QueryField } from '../query/tree.js';

/** An article's id and relevance score, as `rank` returns them. */
export interface RankedHit {
  id: string;
  score: number;
}

/** One article of a result page. */
export interface SearchHit {
  id: string;
  title: string;
  date?: string;
  author?: string;
  url?: string;
  tags: string[];
  /**
   * Who published it: its URL's host (`bbc.co.uk`), else the collection it was read from (the
   * file, or the folder of one-article files); the value the `source` facet and filter use.
   */
  source?: string;
  /** Relevance score (BM25); 0 when the query is empty. */
  score: number;
  /**
   * The best passages of the body, HTML-escaped, what matched wrapped in the highlight
   * tags (`<mark>`…`</mark>` by default); plain, unescaped text with `highlight=false`.
   */
  snippet: string;
  /** The title, HTML-escaped, with what matched wrapped in highlight tags (plain text with `highlight=false`). */
  titleHighlighted: string;
  /** Each query term (index form) or phrase found in the article, and the fields it was found in. */
  matches: MatchedTerm[];
  /**
   * With `explain`: the score of each query part that matched, then, for a query of
   * several words, what the re-rank added (`+ proximity`) and multiplied the sum by
   * (`× title coverage`). Recency, when asked for, multiplies after that.
   */
  explanation?: { part: string; score: number }[];
  /**
   * With `collapse: 'versions'`: the ids of the other versions of this story among the matches
   * looked through, best first ("2 more versions"); absent when it has none.
   */
  versions?: string[];
}

/** A query term (as indexed: `protest` for "protesters") or phrase found in an article, and where. */
export interface MatchedTerm {
  term: string;
  fields: QueryField[];
}

/** A page of hits, and facets over all the matches. */
export interface SearchResponse {
  query: string;
  /** Number of articles that match the query and filters (all pages). */
  total: number;
  offset: number;
  limit: number;
  /** Time spent searching, in milliseconds. */
  tookMs: number;
  hits: SearchHit[];
  /** The date histogram, and the term facets asked for (`facets: ['author', 'tag']`). */
  facets: Facets;
  /** How a query that was not valid syntax was read, and other things the user should know. Absent when none. */
  warnings?: string[];
  /**
   * The query with each word the archive does not hold (or holds rarely, beside a far commoner
   * word a typo away) replaced by that word, as the archive writes it: offered as a link.
   * Absent when there is nothing to correct.
   */
  didYouMean?: string;
  /**
   * With `explain`: the query tree that was executed, and each word searched as other words
   * too (a prefix, a fuzzy word, a corrected typo, a name spelt otherwise, a synonym).
   */
  explain?: { tree: BoolNode; after?: string; before?: string; expansions: { word: string; searchedAs: string[] }[] };
}
