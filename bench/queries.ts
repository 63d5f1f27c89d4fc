import type { BenchArticle } from './corpus.js';
import { pick, seededRandom } from './random.js';

/** One benchmark query: the words every engine gets, and what kind of query it stands for. */
export interface BenchQuery {
  kind: 'one-word' | 'two-words' | 'three-words' | 'phrase' | 'prefix' | 'date-filtered';
  /** Plain words: what engines without a query language are given. */
  words: string;
  /** The same query in Gazette's syntax, where it has one. */
  gazette: string;
  from?: string;
  to?: string;
}

// Words too common or too short to make a query anyone would type.
const SKIP = new Set([
  'the',
  'and',
  'for',
  'from',
  'with',
  'that',
  'this',
  'said',
  'will',
  'has',
  'its',
  'was',
  'are',
  'not',
  'but',
  'pct',
  'mln',
  'dlrs',
  'reuter',
]);
const KINDS: BenchQuery['kind'][] = ['one-word', 'two-words', 'three-words', 'phrase', 'prefix', 'date-filtered'];

/** A fixed mix of queries drawn from the corpus' titles and bodies, the same for a given seed. */
export function generateQueries(articles: readonly BenchArticle[], count: number, seed = 21578): BenchQuery[] {
  const random = seededRandom(seed);
  const withTitles = articles.filter((article) => wordsOf(article.title).length >= 3);
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const kind = KINDS[queries.length % KINDS.length] ?? 'one-word';
    const article = pick(random, withTitles);
    const titleWords = wordsOf(article.title);
    const start = Math.floor(random() * Math.max(1, titleWords.length - 2));
    if (kind === 'phrase') {
      const bodyWords = article.body.split(/\s+/).filter((word) => /^[a-z]{3,}$/i.test(word));
      if (bodyWords.length < 2) continue;
      const at = Math.floor(random() * (bodyWords.length - 1));
      const phrase = `${bodyWords[at]} ${bodyWords[at + 1]}`.toLowerCase();
      queries.push({ kind, words: phrase, gazette: `"${phrase}"` });
    } else if (kind === 'prefix') {
      const word = titleWords.find((candidate) => candidate.length >= 6) ?? titleWords[0] ?? 'oil';
      // Engines without prefix search get the whole word, so that they still do comparable work.
      queries.push({ kind, words: word, gazette: `${word.slice(0, 4)}*` });
    } else {
      const size = kind === 'one-word' || kind === 'date-filtered' ? 1 : kind === 'two-words' ? 2 : 3;
      const words = titleWords.slice(start, start + size).join(' ');
      const query: BenchQuery = { kind, words, gazette: words };
      if (kind === 'date-filtered' && article.date !== undefined) {
        const day = Date.parse(article.date);
        query.from = new Date(day - 30 * 86_400_000).toISOString().slice(0, 10);
        query.to = new Date(day + 30 * 86_400_000).toISOString().slice(0, 10);
      }
      queries.push(query);
    }
  }
  return queries;
}

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((word) => !SKIP.has(word));
}
