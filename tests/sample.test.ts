import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../src/index.js';

const SAMPLE = fileURLToPath(new URL('../index-data/articles/', import.meta.url));

describe('the bundled sample articles', () => {
  it('index with none rejected, across at least three years, and one undated', async () => {
    const { engine, report } = await SearchEngine.fromFiles([SAMPLE]);
    expect(report.rejected).toEqual([]);
    expect(engine.size).toBeGreaterThanOrEqual(40);
    const all = engine.search({ q: '', interval: 'year', limit: 1 });
    expect(all.facets.date.buckets.length).toBeGreaterThanOrEqual(3);
    expect(all.facets.date.undated).toBe(1);
  });
});
