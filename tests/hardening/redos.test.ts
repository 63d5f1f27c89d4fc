import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { parseIsoDate, parseStoryDate } from '../../src/ingest/dates.js';
import { articleFromRecord } from '../../src/ingest/json-record.js';
import { parseStoryText } from '../../src/ingest/story-text.js';
import { normalizeBodyText, normalizeLineText } from '../../src/ingest/text.js';
import { parseSearchParameters, resolveRequest } from '../../src/search/request.js';
import { article, engineOf } from '../helpers.js';

// Inputs known to make backtracking regular expressions take exponential or
// polynomial time: long runs of what a pattern repeats, ended by what it refuses.
const SHAPES: Record<string, string> = {
  'spaces then a letter': `${' '.repeat(50_000)}x`,
  'letters and apostrophes': `${"a'".repeat(25_000)}'`,
  'digits and colons': `${'1:'.repeat(25_000)}!`,
  'ordinal-like run': `${'1st '.repeat(12_000)}`,
  'date-like prefix, then junk': `September ${'1'.repeat(40_000)}th, 2020 at 02:54 IST`,
  'ampersands without entities': `${'&#'.repeat(25_000)}`,
  'nested parentheses': `${'('.repeat(20_000)}${')'.repeat(20_000)}`,
  quotes: `${'"'.repeat(40_001)}`,
  'combining marks': `a${'\u0301'.repeat(50_000)}`,
  'tabs and newlines': `${'\t\n'.repeat(25_000)}x`,
  'Published prefix repeated': `Published ${'Published '.repeat(5_000)}`,
  'By and capitals': `By ${'Ab '.repeat(16_000)}1`,
};

// A linear parser handles 50 KB in a few milliseconds; a backtracking one takes seconds to hours.
const BOUND_MS = 500;

function expectFast(label: string, action: () => unknown): void {
  const started = performance.now();
  try {
    action();
  } catch {
    // A typed refusal is fine; only the time matters here.
  }
  expect(performance.now() - started, label).toBeLessThan(BOUND_MS);
}

describe('no input makes a parser take more than linear time', () => {
  const analyzer = new Analyzer();

  it.each(Object.entries(SHAPES))('%s', async (label, input) => {
    expectFast(`story date: ${label}`, () => parseStoryDate(input));
    expectFast(`ISO date: ${label}`, () => parseIsoDate(input));
    expectFast(`story text: ${label}`, () => parseStoryText(`${input}\n\n${input}\nPublished ${input}\nReported by: ${input}`));
    expectFast(`body text: ${label}`, () => normalizeBodyText(input));
    expectFast(`line text: ${label}`, () => normalizeLineText(input));
    expectFast(`analyzer: ${label}`, () => analyzer.tokens(input));
    expectFast(`JSON record: ${label}`, () => articleFromRecord({ title: input, body: input, date: input, tags: input }));
    expectFast(`search parameters: ${label}`, () =>
      resolveRequest(parseSearchParameters({ q: input, from: input, to: input, limit: input })),
    );
  });

  it('and a search with such a query is refused or answered quickly', async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Harbour protest', body: 'Dock workers protest.' })]);
    for (const [label, input] of Object.entries(SHAPES)) {
      expectFast(`search: ${label}`, () => engine.search({ q: input.slice(0, 1_000) }));
    }
  });
});
