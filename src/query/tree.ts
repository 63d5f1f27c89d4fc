import type { SearchField } from '../index/text-index.js';

/** The field a query part is restricted to; absent means every searched field. */
export type QueryField = SearchField;

/** A word of the query, analysed like the documents (`protesters` -> `protest`). */
export interface TermNode {
  kind: 'term';
  /** The index term. */
  term: string;
  /** The word as the user wrote it. */
  text: string;
  field?: QueryField;
}

/** `"exact phrase"`: its terms adjacent and in order within one field (stop words are skipped). */
export interface PhraseNode {
  kind: 'phrase';
  terms: string[];
  text: string;
  field?: QueryField;
}

/** `putin*`: every index term starting with `prefix` (capped), ranked below an exact match. */
export interface PrefixNode {
  kind: 'prefix';
  /** Normalized (lower-cased, accent-folded) but not stemmed. */
  prefix: string;
  text: string;
  field?: QueryField;
}

/** `word~` or `word~2`: index terms within `distance` edits of the term (capped), ranked below an exact match. */
export interface FuzzyNode {
  kind: 'fuzzy';
  term: string;
  distance: number;
  text: string;
  field?: QueryField;
}

/**
 * A group of clauses, as in Lucene: every `must` clause matches, no `mustNot`
 * clause matches, and when there is no `must` clause at least one `should`
 * clause matches (with only `mustNot` clauses, every other article matches).
 * `should` clauses that match add to the score.
 */
export interface BoolNode {
  kind: 'bool';
  must: QueryNode[];
  should: QueryNode[];
  mustNot: QueryNode[];
}

/** A node of the tree that matches terms itself: a word, a phrase, a prefix or a fuzzy word. */
export type LeafNode = TermNode | PhraseNode | PrefixNode | FuzzyNode;
/** The typed tree a query string is parsed into; execution and highlighting both read it. */
export type QueryNode = LeafNode | BoolNode;

/** A parsed query: its tree, the dates it names, and how a lenient reading changed it. */
export interface ParsedQuery {
  root: BoolNode;
  /** From `after:YYYY-MM-DD`, inclusive. */
  after?: string;
  /** From `before:YYYY-MM-DD`, inclusive. */
  before?: string;
  /** How the query was read when it was not valid syntax (leniently), or was stop words only. */
  warnings: string[];
}

/** True when the tree has no clause at all (an empty query, or one of stop words only). */
export function isEmptyQuery(root: BoolNode): boolean {
  return root.must.length === 0 && root.should.length === 0 && root.mustNot.length === 0;
}

/** The leaves that can make an article match (not those under a `mustNot`), in query order. */
export function positiveLeaves(node: QueryNode): LeafNode[] {
  if (node.kind !== 'bool') return [node];
  return [...node.must, ...node.should].flatMap(positiveLeaves);
}

/** A short readable label of a leaf, for explanations: `title:"oil price"`, `putin*`. */
export function leafLabel(leaf: LeafNode): string {
  const field = leaf.field === undefined ? '' : `${leaf.field}:`;
  switch (leaf.kind) {
    case 'term':
      return `${field}${leaf.term}`;
    case 'phrase':
      return `${field}"${leaf.terms.join(' ')}"`;
    case 'prefix':
      return `${field}${leaf.prefix}*`;
    case 'fuzzy':
      return `${field}${leaf.term}~${leaf.distance}`;
  }
}

/** What makes two leaves the same lookup: their kind, field and terms (a word written twice is looked up once). */
export function leafKey(leaf: LeafNode): string {
  const field = leaf.field ?? '';
  switch (leaf.kind) {
    case 'term':
      return `t ${field} ${leaf.term}`;
    case 'phrase':
      return `p ${field} ${leaf.terms.join(' ')}`;
    case 'prefix':
      return `* ${field} ${leaf.prefix}`;
    case 'fuzzy':
      return `~ ${field} ${leaf.distance} ${leaf.term}`;
  }
}
