import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../../eval/harness.js';
import {
  adoptionVerdict,
  bestOfEachPeer,
  compareWithBestPeer,
  isLossBeyondNoise,
  pairedDifference,
  worstQueries,
} from '../../eval/protocol.js';

function result(engine: string, perQueryNdcg10: Record<string, number>): EngineResult {
  const values = Object.values(perQueryNdcg10);
  const ndcg10 = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { engine, ndcg10, map: 0, recall100: 0, p10: 0, medianQueryMs: 0, buildMs: 0, perQueryNdcg10 };
}

const families: Record<string, string> = { 'Peer A stock': 'A', 'Peer A tuned': 'A', 'Peer B': 'B' };
const familyOf = (engine: string) => families[engine];

describe('the evaluation protocol', () => {
  it('pairs per-query differences and gives their standard error', () => {
    // Differences 0.2, 0, 0.1, -0.1: mean 0.05, sample variance 0.05 / 3, s.e. sqrt(0.05 / 12).
    const difference = pairedDifference({ q1: 0.5, q2: 0.3, q3: 0.4, q4: 0.1, extra: 1 }, { q1: 0.3, q2: 0.3, q3: 0.3, q4: 0.2 });
    expect(difference.queries).toBe(4);
    expect(difference.mean).toBeCloseTo(0.05, 10);
    expect(difference.standardError).toBeCloseTo(Math.sqrt(0.05 / 12), 10);
    expect([difference.wins, difference.losses]).toEqual([2, 1]);
  });

  it('calls a loss noise within two standard errors and beyond it otherwise', () => {
    expect(isLossBeyondNoise({ queries: 50, mean: -0.01, standardError: 0.006, wins: 20, losses: 25 })).toBe(false);
    expect(isLossBeyondNoise({ queries: 50, mean: -0.02, standardError: 0.006, wins: 10, losses: 30 })).toBe(true);
  });

  it('adopts a change only if it gains on most collections and loses beyond the noise on none', () => {
    const gain = { queries: 50, mean: 0.01, standardError: 0.004, wins: 30, losses: 10 };
    const smallLoss = { queries: 50, mean: -0.002, standardError: 0.004, wins: 20, losses: 22 };
    const bigLoss = { queries: 50, mean: -0.03, standardError: 0.005, wins: 5, losses: 40 };
    expect(adoptionVerdict([gain, gain, gain, smallLoss, smallLoss]).adopt).toBe(true);
    expect(adoptionVerdict([gain, gain, gain, gain, bigLoss]).adopt).toBe(false);
    expect(adoptionVerdict([gain, gain, smallLoss, smallLoss]).adopt).toBe(false);
  });

  it('compares Gazette with the best configuration of the best peer, whatever configuration that is', () => {
    const results = [
      result('Gazette', { q1: 0.6, q2: 0.4 }),
      result('Peer A stock', { q1: 0.5, q2: 0.5 }),
      result('Peer A tuned', { q1: 0.4, q2: 0.4 }),
      result('Peer B', { q1: 0.2, q2: 0.2 }),
    ];
    expect(bestOfEachPeer(results, familyOf).map((r) => r.engine)).toEqual(['Peer A stock', 'Peer B']);
    const comparison = compareWithBestPeer('tiny', results, familyOf);
    expect(comparison?.bestPeer).toBe('Peer A stock');
    expect(comparison?.ratio).toBeCloseTo(1, 10);
    expect(comparison?.difference.mean).toBeCloseTo(0, 10);
    expect([comparison?.difference.wins, comparison?.difference.losses]).toEqual([1, 1]);
  });
});

describe('the failure analysis', () => {
  it('lists the queries Gazette loses most on against a peer, worst first, and none it wins or ties', () => {
    const gazette = { q1: 0.1, q2: 0.5, q3: 0.2, q4: 0.9 };
    const peer = { q1: 0.6, q2: 0.5, q3: 0.4, q4: 0.1 };
    expect(worstQueries(gazette, peer).map((loss) => loss.qid)).toEqual(['q1', 'q3']);
    expect(worstQueries(gazette, peer, 1)).toEqual([{ qid: 'q1', gazette: 0.1, peer: 0.6 }]);
  });
});
