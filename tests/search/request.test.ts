import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors.js';
import { parseSearchParameters, resolveRequest } from '../../src/search/request.js';

function errorOf(action: () => unknown): InvalidParameterError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('search parameters', () => {
  it('applies defaults', () => {
    expect(resolveRequest({ q: 'x' })).toMatchObject({ limit: 10, offset: 0, sort: 'relevance', interval: 'month', snippetLength: 200 });
  });

  it('reads a date-only "to" as the end of that day', () => {
    const { fromMs, toMs } = resolveRequest({ q: '', from: '2020-09-30', to: '2020-09-30' });
    expect(fromMs).toBe(Date.parse('2020-09-30T00:00:00Z'));
    expect(toMs).toBe(Date.parse('2020-10-01T00:00:00Z') - 1);
  });

  it.each([
    [{ limit: '-1' }, 'limit', /whole number from 1 to 100/],
    [{ limit: 'ten' }, 'limit', /not a whole number/],
    [{ from: 'yesterday' }, 'from', /not a date; use YYYY-MM-DD/],
    [{ to: '2021-02-30' }, 'to', /not a real date/],
    [{ interval: 'fortnight' }, 'interval', /use one of day, month, year/],
    [{ sort: 'random' }, 'sort', /use one of relevance, date/],
    [{ q: ['a', 'b'] }, 'q', /more than once/],
    [{ colour: 'red' }, 'colour', /unknown parameter/],
    [{ from: '2021-01-02', to: '2021-01-01' }, 'from', /after to/],
    [{ q: 'x'.repeat(1001) }, 'q', /at most 1000/],
  ])('refuses %j, naming %s', (parameters, parameter, message) => {
    const error = errorOf(() => resolveRequest(parseSearchParameters(parameters)));
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
  });
});
