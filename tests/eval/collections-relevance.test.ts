import { describe, expect, it } from 'vitest';
import { GazettePeer } from '../../bench/peers/gazette.js';
import { WinkBm25Peer } from '../../bench/peers/wink.js';
import { NAMED_COLLECTIONS } from '../../eval/collections.js';
import { evaluateEngines } from '../../eval/harness.js';
import { DEFAULT_VARIANT, VariantEngine } from '../../eval/variants.js';
import { SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('relevance on the test collections', () => {
  // README "Relevance" gives Gazette's figure: a ranking change that moves it must say so there.
  it('ranks Cranfield at least 5% better (nDCG@10) than wink-bm25, the best peer of npm run eval', async () => {
    const [gazette, wink] = await evaluateEngines([new GazettePeer(), new WinkBm25Peer()], NAMED_COLLECTIONS.cranfield());
    expect(gazette?.ndcg10).toBeCloseTo(0.3935, 4);
    expect((gazette?.ndcg10 ?? 0) / (wink?.ndcg10 ?? 1)).toBeGreaterThanOrEqual(1.05);
  }, 120_000);

  // The ablation's rows compare with Gazette only if its defaults row ranks as Gazette does.
  it("the ablation's defaults row ranks every ADI query exactly as Gazette through its API, typo tolerance off", async () => {
    const { documents, queries } = NAMED_COLLECTIONS.adi();
    const gazette = new GazettePeer({ typoTolerance: false });
    const variant = new VariantEngine(DEFAULT_VARIANT);
    await gazette.build(documents);
    await variant.build(documents);
    for (const query of queries) expect(await variant.search(query.text, 100), query.id).toEqual(await gazette.search(query.text, 100));
  }, 60_000);
});
