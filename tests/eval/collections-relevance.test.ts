import { describe, expect, it } from 'vitest';
import { GazettePeer } from '../../bench/peers/gazette.js';
import { LunrPeer } from '../../bench/peers/lunr.js';
import { WinkBm25Peer } from '../../bench/peers/wink.js';
import { NAMED_COLLECTIONS } from '../../eval/collections.js';
import { evaluateEngines } from '../../eval/harness.js';
import { DEFAULT_VARIANT, VariantEngine } from '../../eval/variants.js';
import { SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('relevance on the test collections', () => {
  // docs/relevance.md gives these figures: a ranking change that moves them must say so there.
  it('ranks Cranfield better (nDCG@10) than the best configurations of the two best peers, stock Lunr and wink-bm25', async () => {
    const [gazette, lunr, wink] = await evaluateEngines(
      [new GazettePeer(), new LunrPeer(), new WinkBm25Peer({ weights: { title: 2, body: 1 } })],
      NAMED_COLLECTIONS.cranfield(),
    );
    expect(gazette?.ndcg10).toBeCloseTo(0.38825, 4);
    expect(lunr?.ndcg10).toBeCloseTo(0.3851, 4);
    for (const peer of [lunr, wink]) expect((gazette?.ndcg10 ?? 0) / (peer?.ndcg10 ?? 1), peer?.engine).toBeGreaterThan(1);
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
