import MiniSearch, { type AsPlainObject } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { decodePostingsInto, encodePostings } from '../../src/index/postings-codec.js';

const OPTIONS = { fields: ['title', 'body'], storeFields: [] };
const DOCUMENTS = [
  { id: 1, title: 'Harbour storm', body: 'A storm closed the harbour; the storm passed.' },
  { id: 2, title: 'Ferry timetable', body: 'Ferries run again after the storm.' },
  { id: 3, title: 'Strike at the harbour', body: 'Dockers strike.' },
];

function original(): MiniSearch {
  const miniSearch = new MiniSearch(OPTIONS);
  miniSearch.addAll(DOCUMENTS);
  return miniSearch;
}

function roundTrip(miniSearch: MiniSearch): MiniSearch {
  const { rest, encoded } = encodePostings(miniSearch.toJSON());
  const loaded = MiniSearch.loadJS(rest, OPTIONS);
  decodePostingsInto(loaded, encoded);
  return loaded;
}

// The radix tree lists terms in an order of its own, which a reload may change.
function sortedTerms(plain: AsPlainObject): AsPlainObject {
  return { ...plain, index: [...plain.index].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

describe('postings codec', () => {
  it('loads an index that searches, serializes and changes like the one saved', async () => {
    const loaded = roundTrip(original());
    for (const query of ['storm', 'harb', 'strike harbour']) {
      expect(loaded.search(query, { prefix: true, fuzzy: 0.2 })).toEqual(original().search(query, { prefix: true, fuzzy: 0.2 }));
    }
    expect(sortedTerms(loaded.toJSON())).toEqual(sortedTerms(original().toJSON()));
    loaded.discard(1);
    loaded.add({ id: 4, title: 'Storm warning', body: 'Another storm.' });
    await loaded.vacuum();
    const changed = original();
    changed.discard(1);
    changed.add({ id: 4, title: 'Storm warning', body: 'Another storm.' });
    await changed.vacuum();
    expect(loaded.search('storm')).toEqual(changed.search('storm'));
    expect(loaded.termCount).toBe(changed.termCount);
  });

  it('refuses a damaged stream when loading, before any query reads it', () => {
    const { rest, encoded } = encodePostings(original().toJSON());
    const load = (postings: Int32Array) => decodePostingsInto(MiniSearch.loadJS(rest, OPTIONS), { terms: encoded.terms, postings });
    expect(() => load(encoded.postings.subarray(0, encoded.postings.length - 1))).toThrow(/postings end early/);
    expect(() => load(Int32Array.from([...encoded.postings, 0]))).toThrow(/postings hold more than their terms/);
    const negative = Int32Array.from(encoded.postings);
    negative[2] = -5;
    expect(() => load(negative)).toThrow(/negative/);
  });
});
