import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { QuerySyntaxError, QueryTooComplexError } from '../../src/errors.js';
import { editDistanceWithin } from '../../src/query/edits.js';
import { parseQuery } from '../../src/query/parse.js';
import type { QueryNode } from '../../src/query/tree.js';

const analyzer = new Analyzer();

// Compact notation for expected trees.
const term = (t: string, field?: string): object => ({ kind: 'term', term: t, ...(field === undefined ? {} : { field }) });
const bool = (should: object[], must: object[] = [], mustNot: object[] = []): object => ({ kind: 'bool', must, should, mustNot });

describe('parseQuery: valid syntax', () => {
  const cases: [string, object][] = [
    ['', bool([])],
    ['Protesters Minsk', bool([term('protest'), term('minsk')])],
    ['Łukashenko’s', bool([term('lukashenko')])],
    ['"oil prices" opec', bool([{ kind: 'phrase', terms: ['oil', 'price'] }, term('opec')])],
    ['"Oil"', bool([term('oil')])],
    ['oil -opec', bool([term('oil')], [], [term('opec')])],
    ['oil -"crude oil"', bool([term('oil')], [], [{ kind: 'phrase', terms: ['crude', 'oil'] }])],
    ['+oil gas', bool([term('ga')], [term('oil')])],
    ['oil AND gas', bool([], [term('oil'), term('ga')])],
    ['oil OR gas', bool([term('oil'), term('ga')])],
    ['oil | gas', bool([term('oil'), term('ga')])],
    ['(oil | gas) AND iran', bool([], [bool([term('oil'), term('ga')]), term('iran')])],
    ['title:iran', bool([term('iran', 'title')])],
    ['tag:crude author:Smith body:wells', bool([term('crude', 'tags'), term('smith', 'author'), term('well', 'body')])],
    ['title:"oil price"', bool([{ kind: 'phrase', terms: ['oil', 'price'], field: 'title' }])],
    ['putin*', bool([{ kind: 'prefix', prefix: 'putin' }])],
    ['Écon*', bool([{ kind: 'prefix', prefix: 'econ' }])],
    ['tsikhanovskaya~', bool([{ kind: 'fuzzy', term: 'tsikhanovskaya', distance: 2 }])],
    ['opec~1', bool([{ kind: 'fuzzy', term: 'opec', distance: 1 }])],
    ['covid-19', bool([bool([term('covid'), term('19')])])],
    ['10:30 news', bool([bool([term('10'), term('30')]), term('new')])],
  ];
  it.each(cases)('%j', (input, tree) => {
    const parsed = parseQuery(input, analyzer, 'strict');
    expect(parsed.root).toMatchObject(tree);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads after: and before: as dates, not as words', () => {
    const parsed = parseQuery('minsk after:2020-08-01 before:2020-09-30', analyzer, 'strict');
    expect(parsed).toMatchObject({ after: '2020-08-01', before: '2020-09-30', root: bool([term('minsk')]) });
  });
});

describe('parseQuery: a query of stop words only', () => {
  it.each(['the of', '"of the"', 'title:the', 'about~', '(the of) -a'])('%j matches every article, and says why', (input) => {
    const parsed = parseQuery(input, analyzer, 'strict');
    expect(parsed.root).toEqual(bool([]));
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain('too common to search for (stop words), so every article matches, newest first');
  });

  it('names the words it dropped, five at most', () => {
    expect(parseQuery('the of', analyzer).warnings[0]).toMatch(/^"the", "of": /);
    expect(parseQuery('a b c d e f g the', analyzer).warnings[0]).toMatch(/^"a", "b", "c", "d", "e", …: /);
  });

  it('quotes a long phrase of stop words cut short', () => {
    const phrase = Array.from({ length: 2_000 }, () => 'the of').join(' ');
    const [warning] = parseQuery(`"${phrase}"`, analyzer, 'strict', { maxLength: 20_000, maxClauses: 2_000 }).warnings;
    expect(warning?.length).toBeLessThan(150);
    expect(warning).toMatch(/^"the of the of the of .*…": too common/);
  });

  it.each(['', '   ', 'after:2020-01-01', '— …', 'the oil', '"the" oil'])('%j is not told so', (input) => {
    expect(parseQuery(input, analyzer, 'strict').warnings).toEqual([]);
  });

  it('is told so after a lenient reading too', () => {
    const { warnings } = parseQuery('(the of', analyzer);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/^"the", "of": too common/);
  });
});

describe('parseQuery: invalid syntax', () => {
  const cases: [string, number, string][] = [
    ['"oil price', 0, 'unclosed quote'],
    ['iran title:', 5, 'title: must be followed'],
    ['(oil gas', 0, 'unclosed "("'],
    ['oil gas)', 7, 'unmatched ")"'],
    ['oil AND', 4, 'AND has no clause after it'],
    ['OR oil', 0, 'OR has no clause before it'],
    ['oil - gas', 4, '"-" must be followed'],
    ['pu*', 0, 'at least 3 letters'],
    ['opec~7', 4, 'edit distance must be from 1 to 2'],
    ['opec~x', 4, 'must be a digit'],
    ['after:yesterday', 6, 'YYYY-MM-DD'],
  ];
  it.each(cases)('strict: %j fails at %i', (input, position, problem) => {
    let error: unknown;
    try {
      parseQuery(input, analyzer, 'strict');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as QuerySyntaxError).position).toBe(position);
    expect((error as QuerySyntaxError).problem).toContain(problem);
    expect((error as QuerySyntaxError).parameter).toBe('q');
  });

  it.each(cases)('lenient: %j is read as plain words with a warning', (input, position) => {
    const parsed = parseQuery(input, analyzer, 'lenient');
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain(`at position ${position}; the query was read as plain words`);
    expect(parsed.root.must).toEqual([]);
    expect(parsed.root.mustNot).toEqual([]);
    expect(parsed.root.should.every((node: QueryNode) => node.kind === 'term')).toBe(true);
  });

  it('lenient reading keeps the words: a lone quote still searches the words', () => {
    expect(parseQuery('"oil price', analyzer).root).toMatchObject(bool([term('oil'), term('price')]));
  });

  it('refuses too many terms and too deep nesting in either mode', () => {
    const many = Array.from({ length: 101 }, (_, index) => `w${index}`).join(' ');
    expect(() => parseQuery(many, analyzer)).toThrow(QueryTooComplexError);
    expect(() => parseQuery(`${'('.repeat(11)}oil${')'.repeat(11)}`, analyzer)).toThrow(QueryTooComplexError);
  });
});

describe('parseQuery: any input', () => {
  const syntax = fc.constantFrom(
    '"',
    '(',
    ')',
    '-',
    '+',
    '*',
    '~',
    '|',
    ':',
    ' ',
    'AND ',
    'OR ',
    'title:',
    'after:',
    'oil',
    'é',
    '😀',
    '2',
  );
  const queries = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(syntax, { maxLength: 120 }).map((parts) => parts.join('')),
  );

  it('parses or throws a typed error, in time linear in its length', () => {
    fc.assert(
      fc.property(queries, fc.constantFrom('strict' as const, 'lenient' as const), (query, mode) => {
        const started = performance.now();
        try {
          const parsed = parseQuery(query, analyzer, mode);
          expect(parsed.root.kind).toBe('bool');
        } catch (error) {
          expect(error instanceof QuerySyntaxError || error instanceof QueryTooComplexError).toBe(true);
          if (mode === 'lenient') expect(error).toBeInstanceOf(QueryTooComplexError);
        }
        // A generous bound per character: a backtracking parser would blow far past it.
        expect(performance.now() - started).toBeLessThan(50 + query.length * 2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('editDistanceWithin', () => {
  it.each([
    ['union', 'union', 0],
    ['unoin', 'union', 1],
    ['tsikhanovskaya', 'tsikhanouskaya', 1],
    ['kitten', 'sitting', 3],
    ['abc', 'abcdefgh', 3],
  ])('%s -> %s', (a, b, expected) => {
    expect(editDistanceWithin(a, b, 2)).toBe(Math.min(expected, 3));
  });
});
