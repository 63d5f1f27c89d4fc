import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors.js';
import { parseSearchParameters, resolveRequest } from '../../src/search/request.js';

describe('query language and snippet parameters', () => {
  it('reads mode, explain, highlight, tags and fragments from strings', () => {
    const resolved = resolveRequest(
      parseSearchParameters({ q: 'x', mode: 'strict', explain: 'true', highlightPreTag: '<b>', highlightPostTag: '</b>', fragments: '3' }),
    );
    expect(resolved).toMatchObject({ mode: 'strict', explain: true, highlightTags: { pre: '<b>', post: '</b>' }, fragments: 3 });
    expect(resolveRequest(parseSearchParameters({ q: 'x', highlight: 'false' })).highlightTags).toBeUndefined();
  });

  it('applies defaults', () => {
    expect(resolveRequest({ q: 'x' })).toMatchObject({
      mode: 'lenient',
      explain: false,
      highlightTags: { pre: '<mark>', post: '</mark>' },
      fragments: 1,
    });
  });

  it.each([
    [{ mode: 'loose' }, 'mode', /use one of lenient, strict/],
    [{ explain: 'yes' }, 'explain', /use true or false/],
    [{ highlight: 'no' }, 'highlight', /use true or false/],
    [{ fragments: '6' }, 'fragments', /from 1 to 5/],
    [{ highlightPreTag: 'x'.repeat(101) }, 'highlightPreTag', /at most 100/],
  ])('refuses %j, naming %s', (parameters, parameter, message) => {
    let caught: unknown;
    try {
      resolveRequest(parseSearchParameters({ q: 'x', ...parameters }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidParameterError);
    expect((caught as InvalidParameterError).parameter).toBe(parameter);
    expect((caught as InvalidParameterError).message).toMatch(message);
  });
});
