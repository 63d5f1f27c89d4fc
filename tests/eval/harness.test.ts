import { describe, expect, it } from 'vitest';
import { allEngines } from '../../bench/peers/index.js';
import { evaluateEngines, ratioToBestPeer, resultsTable } from '../../eval/harness.js';
import { tinyCollection } from './tiny-collection.js';

const collection = tinyCollection(2);

describe('evaluation harness', () => {
  it('runs every engine on the same collection and scores each one', async () => {
    const results = await evaluateEngines(allEngines(), collection);
    expect(results.map((r) => r.engine)).toContain('Gazette');
    expect(results).toHaveLength(allEngines().length);
    for (const result of results) {
      // Each of these queries has its answer in the title and the body: every engine must find it.
      expect(result.recall100, result.engine).toBe(1);
      expect(Object.keys(result.perQueryNdcg10).sort()).toEqual(['1', '2']);
    }
    expect(results.find((r) => r.engine === 'Gazette')?.ndcg10).toBe(1);
    expect(resultsTable(results).split('\n')).toHaveLength(2 + results.length);
    expect(ratioToBestPeer(results)).toBeGreaterThan(0);
  });
});
