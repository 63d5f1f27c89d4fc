import type { Analyzer } from '../analysis/analyzer.js';
import { normalizeWord } from '../analysis/normalize.js';
import { splitWords } from '../analysis/tokenize.js';
import { QuerySyntaxError, QueryTooComplexError } from '../errors.js';
import { SEARCH_PARAMETERS } from './parameters.js';
import { type BoolNode, isEmptyQuery, type ParsedQuery, type QueryField, type QueryNode } from './tree.js';

/** How a query that is not valid syntax is treated: read as plain words with a warning, or rejected. */
export type QueryMode = 'lenient' | 'strict';

/** How much one query may ask for; more is refused with QueryTooComplexError or QuerySyntaxError. */
export const QUERY_LIMITS = {
  /** Terms, phrases, prefixes and fuzzy words in one query. */
  maxClauses: 100,
  /** Parentheses inside parentheses. */
  maxDepth: 10,
  /** Letters a prefix needs before its `*`. */
  minPrefixLength: 3,
  /** Largest edit distance of `word~N`. */
  maxFuzzyDistance: 2,
} as const;

/** How large one query may be: its characters and its clauses (QUERY_LIMITS.maxClauses counts them). */
export interface QuerySize {
  /** Characters of the query string. */
  readonly maxLength: number;
  /** Terms, phrases, prefixes and fuzzy words. */
  readonly maxClauses: number;
}

/** The size every search allows unless its engine says otherwise: what the HTTP server answers. */
export const DEFAULT_QUERY_SIZE: QuerySize = { maxLength: SEARCH_PARAMETERS.q.type.maxLength, maxClauses: QUERY_LIMITS.maxClauses };

/**
 * Room for long queries (a whole paragraph, a test collection's topic), for the library and
 * `search --batch`: 20 times the default. Work stays bounded by these sizes and by the
 * engine's search budget (SearchEngine.searchBudgetMs), past which a search stops.
 */
export const LONG_QUERY_SIZE: QuerySize = { maxLength: 20_000, maxClauses: 2_000 };

const FIELDS: Record<string, QueryField> = { title: 'title', author: 'author', tag: 'tags', tags: 'tags', body: 'body' };
const DATE_KEYS = new Set(['after', 'before']);
// Characters that end a bare word: the rest of the syntax.
const WORD_END = new Set(['"', '(', ')', '|']);

type Occur = 'must' | 'should' | 'mustNot';

interface Clause {
  node: QueryNode;
  sign: '+' | '-' | '';
}

/**
 * Parses a query string into a typed tree.
 *
 * Syntax: words (analysed like documents), `"phrases"`, `-exclude`, `+require`,
 * `a AND b`, `a OR b` / `a | b`, `( … )`, `title:` `author:` `tag:` `body:`,
 * `prefix*`, `fuzzy~` / `fuzzy~2`, `after:YYYY-MM-DD`, `before:YYYY-MM-DD`.
 * The default operator between clauses is OR (each clause may match).
 *
 * In `strict` mode invalid syntax throws a QuerySyntaxError naming the position
 * and the problem; in `lenient` mode the query is read as plain words and
 * `warnings` says so. One pass over the input, no regular expressions on it:
 * time is linear in its length.
 *
 * Usage:
 *
 *     const { root } = parseQuery('"oil price" -opec title:iran', new Analyzer());
 */
export function parseQuery(query: string, analyzer: Analyzer, mode: QueryMode = 'lenient', size = DEFAULT_QUERY_SIZE): ParsedQuery {
  try {
    return new Parser(query, analyzer, size.maxClauses).parse();
  } catch (error) {
    if (mode === 'strict' || !(error instanceof QuerySyntaxError)) throw error;
    return plainWords(query, analyzer, error);
  }
}

// The lenient reading: every word is an optional term, as if no syntax had been typed.
function plainWords(query: string, analyzer: Analyzer, error: QuerySyntaxError): ParsedQuery {
  const should: QueryNode[] = [];
  const stopWords: string[] = [];
  for (const word of splitWords(query)) {
    const term = analyzer.termOf(word.text);
    if (term !== null) should.push({ kind: 'term', term, text: word.text });
    else stopWords.push(word.text);
  }
  const warning = `${error.problem} at position ${error.position}; the query was read as plain words`;
  const root: BoolNode = { kind: 'bool', must: [], should, mustNot: [] };
  return { root, warnings: [warning, ...stopWordsOnly(root, stopWords)] };
}

/**
 * What a query of stop words only is told: it matches every article, as an empty query does
 * (Meilisearch answers such a query as a search with no words; Elasticsearch's default is no
 * match at all), which without a word of explanation looks like a search that failed.
 */
function stopWordsOnly(root: BoolNode, stopWords: readonly string[]): string[] {
  if (!isEmptyQuery(root) || stopWords.length === 0) return [];
  // A phrase of stop words may be thousands of characters long (the library's long queries): not echoed whole.
  const quoted = stopWords.slice(0, 5).map((word) => JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word));
  if (stopWords.length > 5) quoted.push('…');
  return [`${quoted.join(', ')}: too common to search for (stop words), so every article matches, newest first`];
}

class Parser {
  private position = 0;
  private depth = 0;
  private clauses = 0;
  private after: string | undefined;
  private before: string | undefined;
  // Words the analyzer drops, as it drops them from the articles: a query of them alone is told so.
  private readonly stopWords: string[] = [];

  constructor(
    private readonly input: string,
    private readonly analyzer: Analyzer,
    private readonly maxClauses: number,
  ) {}

  parse(): ParsedQuery {
    const root = this.sequence();
    if (this.position < this.input.length) throw this.error(this.position, 'unmatched ")"');
    const parsed: ParsedQuery = { root, warnings: stopWordsOnly(root, this.stopWords) };
    if (this.after !== undefined) parsed.after = this.after;
    if (this.before !== undefined) parsed.before = this.before;
    return parsed;
  }

  // sequence := (clause | AND | OR | '|')*, up to ')' or the end.
  private sequence(): BoolNode {
    const clauses: Clause[] = [];
    const requiredByAnd = new Set<number>();
    let pendingOperator: { name: string; at: number } | undefined;
    for (;;) {
      this.skipSpaces();
      if (this.atEnd() || this.peek() === ')') break;
      const operator = this.operator();
      if (operator !== undefined) {
        if (pendingOperator !== undefined || clauses.length === 0)
          throw this.error(operator.at, `${operator.name} has no clause before it`);
        pendingOperator = operator;
        continue;
      }
      const clause = this.clause();
      if (clause === undefined) {
        pendingOperator = undefined;
        continue;
      }
      if (pendingOperator?.name === 'AND') {
        requiredByAnd.add(clauses.length - 1);
        requiredByAnd.add(clauses.length);
      }
      pendingOperator = undefined;
      clauses.push(clause);
    }
    if (pendingOperator !== undefined) throw this.error(pendingOperator.at, `${pendingOperator.name} has no clause after it`);
    return this.bool(clauses, requiredByAnd);
  }

  private bool(clauses: Clause[], requiredByAnd: Set<number>): BoolNode {
    const node: BoolNode = { kind: 'bool', must: [], should: [], mustNot: [] };
    for (const [index, clause] of clauses.entries()) {
      const occur: Occur = clause.sign === '-' ? 'mustNot' : clause.sign === '+' || requiredByAnd.has(index) ? 'must' : 'should';
      node[occur].push(clause.node);
    }
    return node;
  }

  private operator(): { name: string; at: number } | undefined {
    const at = this.position;
    if (this.peek() === '|') {
      this.position++;
      return { name: '|', at };
    }
    for (const name of ['AND', 'OR']) {
      if (this.input.startsWith(name, at) && this.isBoundary(at + name.length)) {
        this.position += name.length;
        return { name, at };
      }
    }
    return undefined;
  }

  // clause := ('+' | '-')? primary. Returns undefined for a clause that analyses to nothing (stop words, dates).
  private clause(): Clause | undefined {
    const first = this.peek();
    let sign: Clause['sign'] = '';
    if (first === '+' || first === '-') {
      const at = this.position;
      this.position++;
      if (this.atEnd() || this.isSpace(this.peek())) throw this.error(at, `"${first}" must be followed by a word, a phrase or a group`);
      sign = first;
    }
    const node = this.primary();
    return node === undefined ? undefined : { node, sign };
  }

  // primary := '(' sequence ')' | field ':' (phrase | word) | date | phrase | word
  private primary(): QueryNode | undefined {
    const at = this.position;
    if (this.peek() === '(') return this.group(at);
    if (this.peek() === '"') return this.phrase(undefined);
    const word = this.bareWord();
    const colon = word.indexOf(':');
    if (colon > 0) {
      const key = word.slice(0, colon);
      const value = word.slice(colon + 1);
      if (DATE_KEYS.has(key)) {
        this.date(key as 'after' | 'before', value, at + colon + 1);
        return undefined;
      }
      const field = FIELDS[key];
      if (field !== undefined) return this.fielded(field, value, at, colon + 1);
    }
    return this.word(word, at, undefined);
  }

  private group(at: number): QueryNode | undefined {
    this.position++;
    if (++this.depth > QUERY_LIMITS.maxDepth) {
      throw new QueryTooComplexError(`parentheses are nested more than ${QUERY_LIMITS.maxDepth} deep`);
    }
    const inner = this.sequence();
    if (this.peek() !== ')') throw this.error(at, 'unclosed "("');
    this.position++;
    this.depth--;
    if (inner.must.length + inner.should.length + inner.mustNot.length === 0) return undefined;
    return inner;
  }

  private fielded(field: QueryField, value: string, at: number, valueOffset: number): QueryNode | undefined {
    if (value !== '') return this.word(value, at + valueOffset, field);
    if (this.peek() === '"') return this.phrase(field);
    throw this.error(at, `${field === 'tags' ? 'tag' : field}: must be followed by a word or a "phrase"`);
  }

  private phrase(field: QueryField | undefined): QueryNode | undefined {
    const at = this.position;
    const close = this.input.indexOf('"', at + 1);
    if (close < 0) throw this.error(at, 'unclosed quote');
    const text = this.input.slice(at + 1, close);
    this.position = close + 1;
    const terms = this.analyzer.terms(text);
    if (terms.length === 0) return this.dropped(text);
    this.countClause();
    if (terms.length === 1) return withField({ kind: 'term', term: terms[0] as string, text }, field);
    return withField({ kind: 'phrase', terms, text }, field);
  }

  private word(word: string, at: number, field: QueryField | undefined): QueryNode | undefined {
    if (word.endsWith('*')) return this.prefix(word, at, field);
    const tilde = word.lastIndexOf('~');
    if (tilde > 0) return this.fuzzy(word, tilde, at, field);
    const terms = this.analyzer.terms(word);
    if (terms.length === 0) return this.dropped(word);
    // A word the analyzer splits ("covid-19") stays a set of optional terms, as a plain query reads it.
    this.countClause(terms.length);
    const nodes: QueryNode[] = terms.map((term) => withField({ kind: 'term', term, text: word }, field));
    if (nodes.length === 1) return nodes[0];
    return { kind: 'bool', must: [], should: nodes, mustNot: [] };
  }

  private prefix(word: string, at: number, field: QueryField | undefined): QueryNode {
    const stem = word.slice(0, -1);
    const words = splitWords(stem);
    if (words.length !== 1 || words[0]?.text !== stem) throw this.error(at, `"${word}": only a single word can end with *`);
    const prefix = normalizeWord(stem);
    if (prefix.length < QUERY_LIMITS.minPrefixLength) {
      throw this.error(at, `"${word}": a prefix needs at least ${QUERY_LIMITS.minPrefixLength} letters before *`);
    }
    this.countClause();
    return withField({ kind: 'prefix', prefix, text: word }, field);
  }

  private fuzzy(word: string, tilde: number, at: number, field: QueryField | undefined): QueryNode | undefined {
    const base = word.slice(0, tilde);
    const suffix = word.slice(tilde + 1);
    let distance: number;
    if (suffix === '') distance = base.length <= 5 ? 1 : 2;
    else if (suffix.length === 1 && suffix >= '0' && suffix <= '9') distance = Number(suffix);
    else throw this.error(at + tilde, `"~${suffix}": the edit distance after ~ must be a digit from 1 to ${QUERY_LIMITS.maxFuzzyDistance}`);
    if (distance < 1 || distance > QUERY_LIMITS.maxFuzzyDistance) {
      throw this.error(at + tilde, `"~${suffix}": the edit distance must be from 1 to ${QUERY_LIMITS.maxFuzzyDistance}`);
    }
    const words = splitWords(base);
    if (words.length !== 1 || words[0]?.text !== base) throw this.error(at, `"${word}": only a single word can end with ~`);
    const term = this.analyzer.termOf(base);
    if (term === null) return this.dropped(base);
    this.countClause();
    return withField({ kind: 'fuzzy', term, distance, text: word }, field);
  }

  private date(key: 'after' | 'before', value: string, at: number): void {
    if (!isIsoDay(value)) throw this.error(at, `${key}: needs a date written YYYY-MM-DD, got "${value}"`);
    if (this[key] !== undefined) throw this.error(at, `${key}: is given twice`);
    this[key] = value;
  }

  private bareWord(): string {
    const start = this.position;
    while (!this.atEnd() && !this.isSpace(this.peek()) && !WORD_END.has(this.peek())) this.position++;
    if (this.position === start) throw this.error(start, `unexpected "${this.peek()}"`);
    return this.input.slice(start, this.position);
  }

  // A word or phrase that analyses to no term: kept if it has letters or digits (stop words), not if only punctuation.
  private dropped(text: string): undefined {
    if (splitWords(text).length > 0) this.stopWords.push(text);
    return undefined;
  }

  private countClause(count = 1): void {
    this.clauses += count;
    if (this.clauses > this.maxClauses) {
      throw new QueryTooComplexError(`has more than ${this.maxClauses} terms; search with fewer words`);
    }
  }

  private skipSpaces(): void {
    while (!this.atEnd() && this.isSpace(this.peek())) this.position++;
  }

  private isBoundary(index: number): boolean {
    return index >= this.input.length || this.isSpace(this.input.charAt(index)) || this.input.charAt(index) === '(';
  }

  private isSpace(character: string): boolean {
    return character === ' ' || character === '\t' || character === '\n' || character === '\r' || character === '\u00a0';
  }

  private peek(): string {
    return this.input.charAt(this.position);
  }

  private atEnd(): boolean {
    return this.position >= this.input.length;
  }

  private error(position: number, problem: string): QuerySyntaxError {
    return new QuerySyntaxError(position, problem);
  }
}

function withField<T extends QueryNode & { field?: QueryField }>(node: T, field: QueryField | undefined): T {
  if (field !== undefined) node.field = field;
  return node;
}

function isIsoDay(value: string): boolean {
  if (value.length !== 10 || value.charAt(4) !== '-' || value.charAt(7) !== '-') return false;
  for (const index of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const character = value.charAt(index);
    if (character < '0' || character > '9') return false;
  }
  return true;
}
