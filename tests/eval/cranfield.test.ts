import { describe, expect, it } from 'vitest';
import { NAMED_COLLECTIONS } from '../../scripts/eval/collections.js';
import { evaluateEngines } from '../../scripts/eval/harness.js';
import { GazettePeer } from '../../scripts/peers/gazette.js';
import { WinkBm25Peer } from '../../scripts/peers/wink.js';
import { SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

// The figures README "Relevance" gives: a ranking change that moves them must say so there.
describe.skipIf(!SHARED_PRESENT)('relevance on Cranfield', () => {
  it('ranks at least 5% better (nDCG@10) than wink-bm25, the best peer of npm run eval, with the documented score', async () => {
    const [gazette, wink] = await evaluateEngines([new GazettePeer(), new WinkBm25Peer()], NAMED_COLLECTIONS.cranfield());
    expect(gazette?.ndcg10).toBeCloseTo(0.3936, 4);
    expect(wink?.ndcg10).toBeCloseTo(0.3743, 4);
    expect((gazette?.ndcg10 ?? 0) / (wink?.ndcg10 ?? 1)).toBeGreaterThanOrEqual(1.05);
  }, 120_000);
});
