import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BenchArticle, generateCorpus, readCorpus } from '../../bench/corpus.js';
import { generateQueries } from '../../bench/queries.js';
import { runBenchmark } from '../../bench/run.js';
import { quantile } from '../../bench/stats.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';

const TOPICS = ['harbour', 'tram', 'budget', 'flood', 'election', 'vaccine', 'wheat', 'cocoa'];

function tinyCorpus(): BenchArticle[] {
  return Array.from({ length: 40 }, (_, n) => {
    const topic = TOPICS[n % TOPICS.length];
    const other = TOPICS[(n * 3 + 1) % TOPICS.length];
    return {
      id: `t${n}`,
      title: `Council debates ${topic} plans for ${other} season`,
      body: `The council met to discuss the ${topic} plans. Officials said the ${other} figures were higher than expected. Residents asked about ${topic} costs and the timetable for next year.`,
      date: new Date(Date.UTC(2020, n % 12, 1 + (n % 27))).toISOString(),
    };
  });
}

async function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), TEMPORARY_PREFIX));
}

describe('benchmark', () => {
  it('generates the same corpus for the same seed, from the source sentences and titles', async () => {
    const folder = await temporaryFolder();
    await generateCorpus(tinyCorpus(), 25, join(folder, 'a.jsonl'));
    await generateCorpus(tinyCorpus(), 25, join(folder, 'b.jsonl'));
    const [a, b] = [await readFile(join(folder, 'a.jsonl'), 'utf8'), await readFile(join(folder, 'b.jsonl'), 'utf8')];
    expect(a).toBe(b);
    const generated = await readCorpus(join(folder, 'a.jsonl'));
    expect(generated).toHaveLength(25);
    const titles = new Set(tinyCorpus().map((article) => article.title));
    for (const article of generated) {
      expect(titles).toContain(article.title);
      expect(Date.parse(article.date ?? '')).toBeGreaterThanOrEqual(Date.UTC(1987, 0, 1));
    }
  });

  it('draws a fixed mix of query kinds', () => {
    const queries = generateQueries(tinyCorpus(), 60);
    expect(queries).toEqual(generateQueries(tinyCorpus(), 60));
    expect(new Set(queries.map((query) => query.kind))).toEqual(
      new Set(['one-word', 'two-words', 'three-words', 'phrase', 'prefix', 'date-filtered']),
    );
    expect(queries.find((query) => query.kind === 'phrase')?.gazette).toMatch(/^".+ .+"$/);
  });

  it('computes nearest-rank percentiles', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBe(1);
  });

  it('runs a smoke benchmark of two engines in their own processes and writes the table', async () => {
    const folder = await temporaryFolder();
    const corpus = join(folder, 'tiny.jsonl');
    await writeFile(
      corpus,
      tinyCorpus()
        .map((article) => JSON.stringify(article))
        .join('\n'),
    );
    const run = await runBenchmark({
      corpus,
      scales: [],
      engines: ['gazette', 'sqlite-fts5'],
      queries: 12,
      repetitions: 1,
      out: folder,
      log: () => {},
    });
    const results = run.corpora[0]?.results ?? [];
    expect(results.map((result) => ('error' in result ? result.error : 'skipped' in result ? result.skipped : result.name))).toEqual([
      'Gazette',
      'SQLite FTS5',
    ]);
    for (const result of results) {
      if ('error' in result || 'skipped' in result) continue;
      expect(result.articles).toBe(40);
      // Seconds rounded to 0.01: building 40 articles often takes under 5 ms, which is 0, not a failure.
      expect(result.buildSeconds).toBeGreaterThanOrEqual(0);
      expect(result.buildSeconds).toBeLessThan(60);
      expect(result.peakRssMb).toBeGreaterThan(0);
      expect(result.query.samples).toBe(12);
    }
    const table = await readFile(join(folder, 'bench.md'), 'utf8');
    expect(table).toMatch(/\| Gazette \| [\d.]+ \|/);
    expect(JSON.parse(await readFile(join(folder, 'bench.json'), 'utf8')).corpora[0].articles).toBe(40);
  }, 60_000);
});
