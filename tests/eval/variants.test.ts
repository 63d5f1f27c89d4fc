import { describe, expect, it } from 'vitest';
import { GazettePeer } from '../../bench/peers/gazette.js';
import type { PeerDocument } from '../../bench/peers/types.js';
import { ablationVariants } from '../../eval/variant-lists.js';
import { DEFAULT_VARIANT, VariantEngine } from '../../eval/variants.js';

// Short abstracts whose words overlap, so that lengths, title weight and word order all matter.
const documents: PeerDocument[] = [
  { id: 'a', title: 'Heat transfer in laminar boundary layers', body: 'The heat transfer rate of a laminar layer on a flat plate.' },
  { id: 'b', title: 'Boundary layer transition', body: 'Transition of the boundary layer; heat is not measured.' },
  { id: 'c', title: 'Flutter of thin wings', body: 'Thin wings flutter at supersonic speed; transfer functions fit the data.' },
  { id: 'd', title: 'Supersonic flow', body: 'Flow past wings at supersonic speed, with heat transfer to the wall and the layer.' },
  { id: 'e', title: 'Heat', body: 'Transfer of heat by conduction through slabs, layer by layer, heat again.' },
  { id: 'f', title: 'Wind tunnel tests', body: 'Boundary conditions for wind tunnel tests of wings and plates.' },
  // A title without a body, and titles that a query covers whole or in part (title coverage).
  { id: 'g', title: 'Laminar heat transfer', body: '' },
  { id: 'h', title: 'Wind tunnel flutter', body: 'Flutter of wings measured at supersonic speed in a wind tunnel, with the layer heat.' },
  { id: 'i', title: 'Flutter', body: 'Wings in a wind tunnel at supersonic speed; flutter of plates and heat of the layer.' },
];

const queries = [
  'heat transfer in boundary layers',
  'WINGS AND FLUTTER AT SUPERSONIC SPEED',
  'layer layer heat',
  'transfer of heat to a flat plate',
  'flutter in a wind tunnel',
  'laminar heat transfer in wind tunnel tests',
  'heat heat',
  'flutter zzqqx',
];

describe('ranking variants of the ablation', () => {
  it("the defaults row ranks exactly as Gazette through its API, so that the table's rows compare with Gazette", async () => {
    const gazette = new GazettePeer();
    const variant = new VariantEngine(DEFAULT_VARIANT);
    await gazette.build(documents);
    await variant.build(documents);
    for (const query of queries) expect(await variant.search(query, 10)).toEqual(await gazette.search(query, 10));
  });

  it('lists the defaults once on the path from the skeleton, and only named alternatives after it', () => {
    const names = ablationVariants().map((variant) => variant.name);
    expect(names.filter((name) => name.includes('= Gazette defaults'))).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
  });
});
