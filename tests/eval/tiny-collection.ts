import type { Collection } from '../../eval/collections.js';

/**
 * A collection small enough to judge by eye: each query has one obviously right answer, in
 * its title and body (the first judged highly relevant, gain 2). `queries` picks how many of its queries a test runs (they come in order).
 */
export function tinyCollection(queries: number): Collection {
  const all = [
    { id: '1', text: 'flutter of wings', answer: 'flutter', gain: 2 },
    { id: '2', text: 'heat conduction in slabs', answer: 'slabs', gain: 1 },
    { id: '3', text: 'buckling of cylindrical shells', answer: 'buckling', gain: 1 },
  ].slice(0, queries);
  return {
    name: 'tiny',
    documents: [
      { id: 'flutter', title: 'Wing flutter at supersonic speed', body: 'Flutter of thin wings was measured in a wind tunnel.' },
      { id: 'slabs', title: 'Heat conduction in composite slabs', body: 'Conduction of heat through layered slabs is solved exactly.' },
      { id: 'boundary', title: 'Laminar boundary layers', body: 'The boundary layer on a flat plate stays laminar at low speed.' },
      { id: 'buckling', title: 'Buckling of cylindrical shells', body: 'Thin shells under axial load buckle at loads below theory.' },
      { id: 'noise', title: 'Jet noise', body: 'Noise from a jet engine depends on exhaust speed.' },
    ],
    queries: all.map(({ id, text }) => ({ id, text })),
    qrels: new Map(all.map(({ id, answer, gain }) => [id, new Map([[answer, gain]])])),
  };
}
