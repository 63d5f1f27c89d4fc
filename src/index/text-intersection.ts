import { textPostingScore } from './inverted-text.js';
import { gallop, type ScoreCursor, TextCursor, type TextPostings } from './score-cursor.js';
import { type DocScores, DocScoresBuilder } from './scores.js';

/**
 * Past this ratio of their lengths, two lists are intersected by galloping the longer to each
 * article of the shorter; below it, merged. At a million articles, merged: "fell may" (64,958
 * and 164,496 articles) 1.3 ms against 2.5 galloped; "compared mln" (77,083 and 451,752) ranked
 * in 6.0-6.4 ms against 6.8-7.3; galloped: "coffee mln" (30,421) 10.2-10.7 against 11.2-11.3.
 */
const MERGE_RATIO = 8;

/**
 * The articles every cursor holds, scored the sum of their scores added to a zero in the
 * cursors' order (as ConjunctionCursor scores them), those `keep` keeps; undefined unless
 * every cursor is a TextCursor at its start. Read straight from the postings: through the
 * cursors' interface the same intersection took three times as long. The articles added since
 * the postings were inverted (pending) come after every inverted one, and are intersected apart.
 */
export function intersectedTexts(cursors: readonly ScoreCursor[], keep?: (doc: number) => boolean): DocScores | undefined {
  const lists: TextPostings[] = [];
  for (const cursor of cursors) {
    if (!(cursor instanceof TextCursor) || !cursor.atStart()) return undefined;
    lists.push(cursor.postings());
  }
  if (lists.length === 0) return undefined;
  const positions =
    lists.length !== 2 ? galloped : similarLengths(lists[0] as TextPostings, lists[1] as TextPostings) ? merged : pairGalloped;
  const found = positions(lists);
  const builder = new DocScoresBuilder(found.length / lists.length);
  const { docs, live } = lists[0] as TextPostings;
  for (let at = 0; at < found.length; at += lists.length) {
    const doc = docs[found[at] as number] as number;
    if ((live !== undefined && live[doc] !== 1) || (keep !== undefined && !keep(doc))) continue;
    let sum = 0;
    for (let list = 0; list < lists.length; list++) {
      const { frequencies, weight, titleWeight, bodyScales, k1, delta } = lists[list] as TextPostings;
      sum += textPostingScore(weight, frequencies[found[at + list] as number] as number, titleWeight, bodyScales[doc] as number, k1, delta);
    }
    builder.push(doc, sum);
  }
  addPendingShared(lists, builder, keep);
  return builder.build();
}

// The pending articles every list holds (a few, written since the inversion), scored as above.
function addPendingShared(lists: readonly TextPostings[], builder: DocScoresBuilder, keep?: (doc: number) => boolean): void {
  const at = lists.map(() => 0);
  const [first, ...others] = lists as [TextPostings, ...TextPostings[]];
  next: for (let pair = 0; pair < first.pending.length; pair += 2) {
    const doc = first.pending[pair] as number;
    at[0] = pair;
    for (let list = 1; list < lists.length; list++) {
      const { pending } = others[list - 1] as TextPostings;
      let place = at[list] as number;
      while (place < pending.length && (pending[place] as number) < doc) place += 2;
      at[list] = place;
      if (pending[place] !== doc) continue next;
    }
    if (keep !== undefined && !keep(doc)) continue;
    let sum = 0;
    for (let list = 0; list < lists.length; list++) {
      const { pending, weight, titleWeight, bodyScales, k1, delta } = lists[list] as TextPostings;
      sum += textPostingScore(weight, pending[(at[list] as number) + 1] as number, titleWeight, bodyScales[doc] as number, k1, delta);
    }
    builder.push(doc, sum);
  }
}

function similarLengths(one: TextPostings, other: TextPostings): boolean {
  const [a, b] = [one.to - one.from, other.to - other.from];
  return Math.max(a, b) <= MERGE_RATIO * Math.min(a, b);
}

// For each article every list holds, its position in each list (lists.length numbers an article).
type Positions = (lists: readonly TextPostings[]) => Int32Array;

// Two lists merged without a branch on the comparisons (each list's step is 0 or 1 by
// arithmetic): a branch's outcome there is a coin's toss that the processor guesses wrong half
// the time.
const merged: Positions = (lists) => {
  const [one, other] = lists as [TextPostings, TextPostings];
  const a = one.docs;
  const b = other.docs;
  const [aEnd, bEnd] = [one.to, other.to];
  const found = new Int32Array(2 * Math.min(aEnd - one.from, bEnd - other.from) + 2);
  let i = one.from;
  let j = other.from;
  let count = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i] as number;
    const y = b[j] as number;
    // Article numbers are below 2^31: a difference's sign bit says which is smaller.
    const below = (x - y) >>> 31;
    const above = (y - x) >>> 31;
    found[count] = i;
    found[count + 1] = j;
    count += 2 * (1 - below - above);
    i += 1 - above;
    j += 1 - below;
  }
  return found.subarray(0, count);
};

// Two lists, the shorter leading, the longer galloped to each of its articles: `galloped`
// for the most common case, a phrase of two words, with its lists' fields in locals.
const pairGalloped: Positions = (lists) => {
  const [one, other] = lists as [TextPostings, TextPostings];
  const oneLeads = length(one) <= length(other);
  const [lead, long] = oneLeads ? [one, other] : [other, one];
  const { docs, to } = long;
  const leadDocs = lead.docs;
  const found = new Int32Array(2 * length(lead));
  let count = 0;
  let place = long.from;
  for (let position = lead.from; position < lead.to && place < to; position++) {
    const doc = leadDocs[position] as number;
    if ((docs[place] as number) < doc) place = advance(docs, place, to, doc);
    if (place < to && docs[place] === doc) {
      found[count] = oneLeads ? position : place;
      found[count + 1] = oneLeads ? place : position;
      count += 2;
    }
  }
  return found.subarray(0, count);
};

// The shortest list leads; the others gallop to each of its articles.
const galloped: Positions = (lists) => {
  let lead = 0;
  for (let list = 1; list < lists.length; list++)
    if (length(lists[list] as TextPostings) < length(lists[lead] as TextPostings)) lead = list;
  const leading = lists[lead] as TextPostings;
  const at = lists.map((list) => list.from);
  const found: number[] = [];
  walk: for (let position = leading.from; position < leading.to; position++) {
    const doc = leading.docs[position] as number;
    for (let list = 0; list < lists.length; list++) {
      if (list === lead) continue;
      const { docs, to } = lists[list] as TextPostings;
      let place = at[list] as number;
      if (place < to && (docs[place] as number) < doc) place = advance(docs, place, to, doc);
      at[list] = place;
      if (place === to) break walk;
      if ((docs[place] as number) !== doc) continue walk;
    }
    at[lead] = position;
    for (const place of at) found.push(place);
  }
  return Int32Array.from(found);
};

// How far a list is read one article after another before galloping.
const NEAR = 16;

// The first place at or after `place` whose article is `target` or after: the next few places
// read in turn, then galloped. Lists some times longer than the lead hold the next article a
// few places on, where each galloping step's branch was a guess and a wait for memory.
function advance(docs: Int32Array, place: number, to: number, target: number): number {
  const near = Math.min(to, place + NEAR);
  while (place < near && (docs[place] as number) < target) place++;
  return place < near ? place : gallop(docs, place, to, target);
}

function length(list: TextPostings): number {
  return list.to - list.from;
}
