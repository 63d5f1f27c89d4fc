import { describe, expect, it } from 'vitest';
import { allEngines } from '../../bench/peers/index.js';
import type { Collection } from '../../eval/collections.js';
import { evaluateEngines, ratioToBestPeer, resultsTable } from '../../eval/harness.js';

// A collection small enough to judge by eye: each query has one obviously right answer.
const collection: Collection = {
  name: 'tiny',
  documents: [
    { id: 'flutter', title: 'Wing flutter at supersonic speed', body: 'Flutter of thin wings was measured in a wind tunnel.' },
    { id: 'slabs', title: 'Heat conduction in composite slabs', body: 'Conduction of heat through layered slabs is solved exactly.' },
    { id: 'boundary', title: 'Laminar boundary layers', body: 'The boundary layer on a flat plate stays laminar at low speed.' },
    { id: 'buckling', title: 'Buckling of cylindrical shells', body: 'Thin shells under axial load buckle at loads below theory.' },
    { id: 'noise', title: 'Jet noise', body: 'Noise from a jet engine depends on exhaust speed.' },
  ],
  queries: [
    { id: '1', text: 'flutter of wings' },
    { id: '2', text: 'heat conduction in slabs' },
  ],
  qrels: new Map([
    ['1', new Map([['flutter', 2]])],
    ['2', new Map([['slabs', 1]])],
  ]),
};

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
