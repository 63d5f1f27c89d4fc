import type { Article } from '../article.js';
import { inverseDocumentFrequency } from '../index/bm25.js';
import { sourceNameOf } from '../index/document-store.js';
import { initialsOf } from '../index/term-id-reader.js';
import type { TextMatch } from '../index/text-index.js';
import type { Execution } from '../query/execute.js';
import { type BoolNode, type LeafNode, leafLabel, positiveLeaves, type QueryField } from '../query/tree.js';
import type { RerankedMatch } from '../ranking/rerank.js';
import {
  type HighlightQuery,
  type MatchedSpan,
  matchedSpansOfText,
  matchedSpansOfTokens,
  renderHighlighted,
  type TokenQuery,
  tokenQuery,
} from '../snippets/highlight.js';
import { buildSnippet } from '../snippets/snippet.js';
import type { IndexView } from './index-view.js';
import type { ResolvedRequest } from './request.js';
import type { MatchedTerm, SearchHit } from './response.js';

/**
 * The last stage of a search: a page of matches made into hits, each with its title and
 * snippet highlighted, the query terms it holds, and (with `explain`) the parts of its score.
 * What is highlighted comes from the query tree and what its prefix and fuzzy words expanded to.
 */
export class PageOfHits {
  private readonly highlightQuery: HighlightQuery;
  // The highlight query in forward-index ids, made once for the page's hits.
  private tokens: TokenQuery | undefined;
  // The first characters of the highlighted terms when there is no phrase (a phrase needs every
  // word's id): the other words of a title or body are not looked up, made once for the page.
  private initials: Uint8Array | undefined;
  // The leaves whose scores `explain` lists: the positive ones (excluded words take no part in a score).
  private readonly explained: ReadonlySet<LeafNode>;

  constructor(
    private readonly view: IndexView,
    root: BoolNode,
    private readonly execution: Execution | undefined,
    private readonly request: ResolvedRequest,
  ) {
    this.highlightQuery = highlightQueryOf(view, root, execution);
    this.explained = new Set(positiveLeaves(root));
  }

  /** The hit of one match. */
  hit(match: TextMatch): SearchHit {
    const { request, highlightQuery } = this;
    const article = this.view.store.get(match.doc);
    const bodySpans = this.indexedSpans(match.doc, article.body);
    const titleSpans = this.indexedSpans(match.doc, article.title);
    const source = sourceNameOf(article);
    const hit: SearchHit = {
      id: article.id,
      title: article.title,
      ...(article.date === undefined ? {} : { date: article.date }),
      ...(article.author === undefined ? {} : { author: article.author }),
      ...(article.url === undefined ? {} : { url: article.url }),
      tags: article.tags,
      ...(source === undefined ? {} : { source }),
      score: Math.round(match.score * 1000) / 1000,
      snippet: buildSnippet({
        text: article.body,
        spans: bodySpans,
        ...highlightQuery,
        length: request.snippetLength,
        fragments: request.fragments,
        highlight: request.highlightTags ?? false,
      }),
      titleHighlighted: renderHighlighted(article.title, 0, article.title.length, titleSpans, request.highlightTags),
      matches: this.matchedTerms(article, { title: titleSpans, body: bodySpans }),
    };
    if (request.explain && this.execution !== undefined) hit.explanation = explainScore(match, this.execution, this.explained);
    return hit;
  }

  private matchedTerms(article: Article, spans: { title: MatchedSpan[]; body: MatchedSpan[] }): MatchedTerm[] {
    return collectMatches([
      ['title', spans.title],
      ['body', spans.body],
      ['author', this.spansIn(article.author ?? '')],
      ['tags', this.spansIn(article.tags.join(' '))],
    ]);
  }

  // A title's or body's matched words, from its words read as term ids with their offsets (a
  // table lookup per word form seen before, no stemming), compared with the query's as numbers.
  private indexedSpans(doc: number, text: string): MatchedSpan[] {
    const { forward, textIndex } = this.view;
    if (!forward.holds(doc)) return this.spansIn(text);
    if (this.tokens === undefined) {
      this.tokens = tokenQuery(this.highlightQuery, (term) => forward.idOfTerm(term), forward.vocabularySize);
      // Reading every word's id was two thirds of a hit's cost on Reuters: most words cannot match.
      if (this.tokens.phrases.length === 0) this.initials = initialsOf(this.highlightQuery.termWeights.keys());
    }
    return matchedSpansOfTokens(text, textIndex.wordsOf(text, this.initials), this.tokens);
  }

  private spansIn(text: string): MatchedSpan[] {
    return matchedSpansOfText(text, (word) => this.view.analyzer.termOf(word), this.highlightQuery);
  }
}

// What highlighting marks: each term that made articles match (never an excluded
// one; prefix and fuzzy words by their expansions) and each phrase, weighted by
// rarity (IDF), since rarer terms make better snippets.
function highlightQueryOf(view: IndexView, root: BoolNode, execution: Execution | undefined): HighlightQuery {
  const termWeights = new Map<string, number>();
  const phrases: { terms: string[]; weight: number }[] = [];
  const rarity = (term: string) => inverseDocumentFrequency(view.store.size, view.textIndex.documentFrequency(term));
  for (const leaf of positiveLeaves(root)) {
    if (leaf.kind === 'phrase') {
      // A phrase says more than its words apart.
      phrases.push({ terms: leaf.terms, weight: 1.5 * leaf.terms.reduce((sum, term) => sum + rarity(term), 0) });
      continue;
    }
    for (const term of highlightedTerms(leaf, execution)) termWeights.set(term, rarity(term));
  }
  return { termWeights, phrases };
}

// A word's own term, or what it was expanded to (prefixes, fuzzy words, corrected typos).
function highlightedTerms(leaf: LeafNode, execution: Execution | undefined): string[] {
  if (leaf.kind === 'phrase') return leaf.terms;
  const expanded = execution?.expansions.get(leaf);
  if (expanded !== undefined) return expanded;
  return leaf.kind === 'term' ? [leaf.term] : [];
}

// Each query term or phrase found in the article, with the fields it was found in.
function collectMatches(spansByField: [QueryField, MatchedSpan[]][]): MatchedTerm[] {
  const fieldsByKey = new Map<string, QueryField[]>();
  for (const [field, spans] of spansByField) {
    for (const span of spans) {
      const fields = fieldsByKey.get(span.key) ?? [];
      if (!fields.includes(field)) fields.push(field);
      fieldsByKey.set(span.key, fields);
    }
  }
  return [...fieldsByKey].map(([term, fields]) => ({ term, fields }));
}

// The parts that made the article match, then what the re-rank added to their sum and multiplied it by.
function explainScore(match: TextMatch, execution: Execution, explained: ReadonlySet<LeafNode>): { part: string; score: number }[] {
  const parts: { part: string; score: number }[] = [];
  const rounded = (value: number) => Math.round(value * 1000) / 1000;
  for (const [leaf, scores] of execution.leafScores) {
    if (!explained.has(leaf)) continue;
    const score = scores.scores().get(match.doc);
    if (score !== undefined) parts.push({ part: leafLabel(leaf), score: rounded(score) });
  }
  if ('titleFactor' in match) {
    const reranked = match as RerankedMatch;
    parts.push(
      { part: '+ proximity', score: rounded(reranked.proximityBonus) },
      { part: '× title coverage', score: rounded(reranked.titleFactor) },
    );
  }
  return parts;
}
