import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { SHARED, SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('the Reuters-21578 corpus', () => {
  it('accounts for all 21,578 stories (indexed, a reported duplicate, or rejected for having no text), and finds a story by its subject', async () => {
    const { engine, report } = await SearchEngine.fromFiles([join(SHARED, 'corpora/reuters21578/reuters21578.jsonl')]);
    // The conversion lost the title and body of some stories: nothing to search, each rejected with its line.
    expect(report.rejected.length).toBeGreaterThan(700);
    expect(report.rejected.every((problem) => problem.kind === 'no-body' && problem.line !== undefined)).toBe(true);
    // Tickers in angle brackets ("PHILLIPS <P>") are text, not HTML to strip.
    expect(report.repaired).toEqual([]);
    // Reuters-21578 repeats some stories word for word under new ids: each is indexed once and reported.
    expect(report.duplicates.every((duplicate) => duplicate.kind === 'duplicate-content')).toBe(true);
    expect(report.duplicates.length).toBeGreaterThan(200);
    expect(engine.size + report.duplicates.length + report.rejected.length).toBe(21_578);
    expect(report.warnings.filter((warning) => warning.reason.startsWith('no title and no body'))).toEqual([]);

    const response = engine.search({ q: 'cocoa exports brazil', interval: 'month', limit: 5 });
    expect(response.hits[0]?.title).toMatch(/COCOA/);
    expect(response.hits[0]?.snippet).toMatch(/<mark>/);
    const buckets = response.facets.date.buckets;
    expect(buckets[0]?.key).toBe('1987-02');
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0) + response.facets.date.undated).toBe(response.total);
  }, 120_000);
});
