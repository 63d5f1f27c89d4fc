import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { typoEngines } from '../../bench/peers/index.js';
import { evalCommand } from '../../eval/cli.js';
import { evaluateTypos, typoRatioTable, typoTable } from '../../eval/typo-eval.js';
import { typoQueries } from '../../eval/typos.js';
import { tinyCollection } from './tiny-collection.js';

const collection = tinyCollection(3);

describe('typo evaluation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs every engine on the clean and the typo-d queries and compares them', async () => {
    const typod = typoQueries(collection.queries, { seed: 1 });
    expect(typod.map((q) => q.text)).not.toEqual(collection.queries.map((q) => q.text));
    const results = await evaluateTypos(typoEngines(), collection, typod);
    expect(results.map((r) => r.engine)).toEqual(typoEngines().map((e) => e.name));
    for (const result of results) {
      expect(result.clean.recall100, result.engine).toBe(1);
      expect(Object.keys(result.typod.perQueryNdcg10).sort()).toEqual(['1', '2', '3']);
      expect(result.ratio).toBeCloseTo(result.typod.ndcg10 / result.clean.ndcg10, 10);
    }
    expect(results.find((r) => r.engine === 'Gazette')?.clean.ndcg10).toBe(1);
    expect(typoTable(results).split('\n')).toHaveLength(2 + results.length);
    expect(typoRatioTable([{ name: 'tiny', results }]).split('\n')).toHaveLength(2 + results.length);
  });

  it('gives the fuzzy peers their fuzzy setting, which forgives a neighbouring key', async () => {
    const misspelt = [{ id: '1', text: 'flutyer' }];
    const fuzzy = typoEngines().filter((engine) => /fuzzy|~1|tolerance/.test(engine.name));
    expect(fuzzy.map((engine) => engine.name)).toEqual([
      'MiniSearch (defaults, fuzzy 0.2)',
      'MiniSearch (Porter, fuzzy 0.2)',
      'Lunr (title ×2, ~1)',
      'Orama (English stemming, tolerance 1)',
    ]);
    const flutterOnly = { ...collection, queries: [{ id: '1', text: 'flutter' }], qrels: new Map([['1', new Map([['flutter', 1]])]]) };
    for (const result of await evaluateTypos(fuzzy, flutterOnly, misspelt)) expect(result.typod.ndcg10, result.engine).toBe(1);
  });

  it('answers `npm run eval -- --typos` on a collection given as files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gazette-typos-'));
    try {
      writeFileSync(join(dir, 'docs.jsonl'), collection.documents.map((doc) => JSON.stringify(doc)).join('\n'));
      writeFileSync(join(dir, 'queries.tsv'), collection.queries.map((q) => `${q.id}\t${q.text}`).join('\n'));
      writeFileSync(join(dir, 'qrels.txt'), '1 0 flutter 2\n2 0 slabs 1\n3 0 buckling 1\n');
      const out = join(dir, 'typos.json');
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const files = ['--docs', join(dir, 'docs.jsonl'), '--queries', join(dir, 'queries.tsv'), '--qrels', join(dir, 'qrels.txt')];
      const code = await evalCommand(['--typos', ...files, '--engines', 'gazette,lunr', '--typo-rate', '0', '--out', out]);
      expect(code).toBe(0);
      const printed = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(printed).toContain("| engine | nDCG@10 clean | nDCG@10 typo'd | typo'd / clean |");
      expect(printed).toMatch(/\| Gazette \| 1\.000 \|/);
      expect(printed).toContain('| Lunr (title ×2, ~1) |');
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report).toMatchObject({ seed: 21, rate: 0, collections: [{ name: 'custom' }] });
      expect(report.collections[0].typod).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
