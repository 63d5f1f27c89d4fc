import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.js';
import { packCounts } from '../../src/index/inverted-text.js';
import { END, TextCursor, type TextPostings } from '../../src/index/score-cursor.js';
import { intersectedTexts } from '../../src/index/text-intersection.js';

// The intersection read straight from the postings must find what walking the cursors together
// finds, article by article, with the same bits in each sum (scores added in the lists' order).

const ARTICLES = 5000;

function postings(random: () => number, density: number, bodyScales: Float64Array): TextPostings {
  // Lists of one index share one array of article numbers: each list is a slice of it, with
  // other terms' articles on both sides.
  const before = [3, 1, 4];
  const mine: number[] = [];
  for (let doc = 0; doc < ARTICLES; doc++) if (random() < density) mine.push(doc);
  const docs = Int32Array.from([...before, ...mine, 2, 7]);
  const frequencies = Uint16Array.from(docs, () => packCounts(Math.floor(random() * 3), 1 + Math.floor(random() * 9)));
  return {
    docs,
    frequencies,
    from: before.length,
    to: before.length + mine.length,
    pending: [],
    live: undefined,
    weight: 0.5 + 3 * random(),
    bodyScales,
    titleWeight: 3,
    k1: 1.2,
    delta: 0,
    bounds: () => ({ ratios: new Float64Array(0), scale: 1 }),
  };
}

// Every article all the lists hold, walked one by one, scores added from zero in list order.
function walkedTogether(lists: TextPostings[], keep?: (doc: number) => boolean): [number[], number[]] {
  const cursors = lists.map((list) => new TextCursor(list));
  const docs: number[] = [];
  const scores: number[] = [];
  for (const lead = cursors[0] as TextCursor; lead.doc !== END; lead.next()) {
    const doc = lead.doc;
    for (const cursor of cursors) cursor.advance(doc);
    if (cursors.some((cursor) => cursor.doc !== doc) || (keep !== undefined && !keep(doc))) continue;
    let sum = 0;
    for (const cursor of cursors) sum += cursor.score();
    docs.push(doc);
    scores.push(sum);
  }
  return [docs, scores];
}

describe('intersecting text postings', () => {
  it('finds the articles every list holds, with the sums walking the cursors gives, for lists of like and unlike lengths', () => {
    const random = seededRandom(20261205);
    const bodyScales = Float64Array.from({ length: ARTICLES }, () => 0.4 + 2 * random());
    const densities = [0.002, 0.05, 0.2, 0.5, 0.9];
    let shapes = 0;
    for (const count of [2, 3])
      for (let round = 0; round < 40; round++) {
        const lists = Array.from({ length: count }, () =>
          postings(random, densities[Math.floor(random() * densities.length)] as number, bodyScales),
        );
        const keep = round % 3 === 0 ? (doc: number) => doc % 3 !== 0 : undefined;
        const found = intersectedTexts(
          lists.map((list) => new TextCursor(list)),
          keep,
        );
        const [docs, scores] = walkedTogether(lists, keep);
        expect(found).toBeDefined();
        expect(Array.from(found?.docs ?? [])).toEqual(docs);
        expect(Array.from(found?.scores ?? [])).toEqual(scores);
        shapes += docs.length > 0 ? 1 : 0;
      }
    expect(shapes).toBeGreaterThan(40);
  });

  it('leaves out removed articles and finds those written since the inversion, as the cursors do', () => {
    const random = seededRandom(5);
    const bodyScales = Float64Array.from({ length: 2 * ARTICLES }, () => 0.4 + 2 * random());
    for (let round = 0; round < 30; round++) {
      const live = Uint8Array.from({ length: 2 * ARTICLES }, () => (random() < 0.8 ? 1 : 0));
      const lists = Array.from({ length: 2 + (round % 2) }, () => {
        const pending: number[] = [];
        // Written since: numbers after every inverted article, live ones only (as pendingPostings gives them).
        for (let doc = ARTICLES; doc < ARTICLES + 200; doc++)
          if (live[doc] === 1 && random() < 0.5) pending.push(doc, packCounts(Math.floor(random() * 2), 1 + Math.floor(random() * 4)));
        return {
          ...postings(random, [0.05, 0.3, 0.7][round % 3] as number, bodyScales),
          live: round % 4 === 0 ? undefined : live,
          pending,
        };
      });
      const keep = round % 5 === 0 ? (doc: number) => doc % 2 === 0 : undefined;
      const found = intersectedTexts(
        lists.map((list) => new TextCursor(list)),
        keep,
      );
      const [docs, scores] = walkedTogether(lists, keep);
      expect(docs.some((doc) => doc >= ARTICLES)).toBe(true);
      expect(Array.from(found?.docs ?? [])).toEqual(docs);
      expect(Array.from(found?.scores ?? [])).toEqual(scores);
    }
  });

  it('gives a one-word list its own articles, and nothing with a list that holds none', () => {
    const random = seededRandom(7);
    const bodyScales = new Float64Array(ARTICLES).fill(1);
    const list = postings(random, 0.2, bodyScales);
    const alone = intersectedTexts([new TextCursor(list)]);
    expect(Array.from(alone?.docs ?? [])).toEqual(Array.from(list.docs.subarray(list.from, list.to)));
    expect(Array.from(alone?.scores ?? [])).toEqual(walkedTogether([list])[1]);
    const empty = { ...postings(random, 0, bodyScales), to: 3 };
    expect(Array.from(intersectedTexts([new TextCursor(list), new TextCursor(empty)])?.docs ?? [1])).toEqual([]);
    expect(intersectedTexts([])).toBeUndefined();
  });

  it('leaves a cursor that has moved to the walk', () => {
    const random = seededRandom(6);
    const bodyScales = new Float64Array(ARTICLES).fill(1);
    const moved = new TextCursor(postings(random, 0.3, bodyScales));
    moved.next();
    expect(intersectedTexts([moved, new TextCursor(postings(random, 0.3, bodyScales))])).toBeUndefined();
  });
});
