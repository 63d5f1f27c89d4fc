import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import type { Article } from '../../src/article.js';
import { ForwardIndex } from '../../src/index/forward-index.js';
import { HeldFile } from '../../src/index/held-file.js';
import { fieldFrequency, type InvertedText, invertedFromBytes, invertedToBytes, packCounts } from '../../src/index/inverted-text.js';
import { TextIndex } from '../../src/index/text-index.js';
import { IndexCorruptError, SearchEngine } from '../../src/index.js';
import { article, recordText } from '../helpers.js';

const analyzer = new Analyzer();
const WORDS = ['port', 'strike', 'oil', 'price', 'dockers', 'union', 'ship', 'grain', 'wheat', 'rates', 'bank', 'tram'];

function scoresOf(index: TextIndex, term: string): [number, number][] {
  return [...index.termScores(term)].map(([doc, score]): [number, number] => [doc, Number(score.toFixed(9))]).sort((a, b) => a[0] - b[0]);
}

function everyScore(index: TextIndex): Record<string, [number, number][]> {
  return Object.fromEntries([...WORDS, 'reuters', 'energy'].map((word) => [word, scoresOf(index, analyzer.terms(word)[0] as string)]));
}

const articleArbitrary = fc.record(
  {
    title: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((words) => words.join(' ')),
    body: fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }).map((words) => words.join(' ')),
    author: fc.constantFrom('Reuters', 'Ann Port'),
    tags: fc.array(fc.constantFrom('energy', 'oil'), { maxLength: 2 }),
  },
  // An article without an author has no author field at all.
  { requiredKeys: ['title', 'body', 'tags'] },
);

describe('text index', () => {
  it('inverting the forward index gives every term its articles in order, title words counted by their weight', () => {
    const forward = ForwardIndex.empty();
    const texts = [
      ['Port strike', 'dockers strike at the port'],
      ['Oil', 'oil prices'],
      ['Strike', 'the strike ended'],
    ];
    texts.forEach(([title, body], doc) => {
      recordText(forward, doc, title ?? '', body ?? '');
    });
    forward.remove(1);
    const { starts, docs, frequencies } = forward.invert();
    const postings = (word: string) => {
      const id = forward.idOfTerm(analyzer.terms(word)[0] as string);
      const range = Array.from({ length: (starts[id + 1] as number) - (starts[id] as number) }, (_, i) => (starts[id] as number) + i);
      return range.map((at) => [docs[at], frequencies[at]]);
    };
    // Once in the title and once in the body: the counts apart, packed.
    expect(postings('strike')).toEqual([
      [0, packCounts(1, 1)],
      [2, packCounts(1, 1)],
    ]);
    expect(postings('port')).toEqual([[0, packCounts(1, 1)]]);
    expect(postings('oil')).toEqual([]);
  });

  it('saves the postings and reads them back, refusing bytes that do not fit the forward index', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Port strike', 'dockers strike');
    recordText(forward, 1, 'Oil', 'oil prices at the port');
    const inverted = forward.invert();
    const bytes = Buffer.concat(invertedToBytes(inverted));
    const expected = { terms: forward.vocabularySize, docs: forward.capacity };
    const read = invertedFromBytes(bytes, expected);
    expect([Array.from(read?.starts ?? []), Array.from(read?.docs ?? []), Array.from(read?.frequencies ?? [])]).toEqual([
      Array.from(inverted.starts),
      Array.from(inverted.docs),
      Array.from(inverted.frequencies),
    ]);
    expect(() => invertedFromBytes(bytes, { ...expected, docs: 3 })).toThrow(/for \d+ terms and 2 articles/);
    expect(() => invertedFromBytes(bytes.subarray(0, bytes.length - 4), expected)).toThrow(/not as long/);
    const words = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    // The first posting of the first term names an article the forward index does not have:
    // found when the term is first searched (checking every term took 0.15 s of opening 1M).
    words[5 + expected.terms + 1] = 7;
    const index = TextIndex.create(analyzer);
    index.add(0, article({ id: 'a', title: 'Port strike', body: 'dockers strike' }));
    index.add(1, article({ id: 'b', title: 'Oil', body: 'oil prices at the port' }));
    const saved = index.serialize();
    const tampered = {
      ...saved,
      postings: Buffer.from(words.buffer),
      forward: { records: inMemory(saved.forward.records), vocabulary: saved.forward.vocabulary },
    };
    const opened = TextIndex.fromSerialized(tampered, analyzer);
    const firstTerm = opened.forward.vocabulary[0] as string;
    expect(() => opened.termScores(firstTerm)).toThrow(IndexCorruptError);
    expect(() => opened.termScores(firstTerm)).toThrow(/postings\.bin: the postings of term 0 name article 7 out of order or out of range/);
    words[0] = 0;
    expect(() => invertedFromBytes(Buffer.from(words.buffer), expected)).toThrow(/layout/);
  });

  it('opens postings written before title and body were counted apart (formats 7 to 9) and scores as a fresh index', () => {
    const index = TextIndex.create(analyzer);
    index.add(0, article({ id: 'a', title: 'Port strike', body: 'dockers strike at the port' }));
    index.add(1, article({ id: 'b', title: 'Oil', body: 'oil prices rose sharply at the port on friday' }));
    const saved = index.serialize();
    // Layout 2: one weighted frequency a posting (a title word 3 times), which cannot be split.
    const inverted = invertedFromBytes(inMemory(saved.postings), { terms: index.forward.vocabularySize, docs: 2 });
    const weighted = Uint16Array.from(inverted?.frequencies ?? [], (counts) => 3 * (counts >>> 12) + (counts & 0xfff));
    const [head, docs] = invertedToBytes({ ...(inverted as InvertedText), frequencies: weighted });
    head?.writeInt32LE(2, 4);
    const postings = Buffer.concat([
      head ?? Buffer.alloc(0),
      docs ?? Buffer.alloc(0),
      Buffer.from(weighted.buffer),
      Buffer.alloc(weighted.length % 2 === 1 ? 2 : 0),
    ]);
    const opened = TextIndex.fromSerialized(
      { ...saved, postings, forward: { records: inMemory(saved.forward.records), vocabulary: saved.forward.vocabulary } },
      analyzer,
    );
    for (const word of ['port', 'strike', 'oil']) expect(scoresOf(opened, word), word).toEqual(scoresOf(index, word));
  });

  it('holds a count past its bits as the largest (15 in a title, 4,095 in a body), and weighs the title unnormalised', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, `${'oil '.repeat(20)}strike`, `${'oil '.repeat(70_000)}prices`);
    const inverted = forward.invert();
    const oil = forward.idOfTerm('oil');
    expect(Array.from(inverted.frequencies.subarray(inverted.starts[oil], inverted.starts[oil + 1]))).toEqual([packCounts(15, 4_095)]);
    expect(forward.countsOf(0, oil)).toBe(packCounts(15, 4_095));
    expect(fieldFrequency(packCounts(2, 6), 3, 0.5)).toBe(3 * 2 + 6 * 0.5);
  });

  it('leaves the postings of formats 7 to 9 (one weighted frequency) to be inverted again, and still refuses foreign bytes', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Port strike', 'dockers strike');
    const inverted = forward.invert();
    const terms = inverted.starts.length - 1;
    const postings = inverted.docs.length;
    for (const layout of [1, 2]) {
      const old = Int32Array.from([0x50465a47, layout, terms, postings, forward.capacity, ...inverted.starts, ...inverted.docs, 0, 0]);
      expect(invertedFromBytes(Buffer.from(old.buffer), { terms, docs: forward.capacity })).toBeUndefined();
    }
    const unknown = Int32Array.from([0x50465a47, 9, terms, postings, forward.capacity]);
    expect(() => invertedFromBytes(Buffer.from(unknown.buffer), { terms, docs: forward.capacity })).toThrow(/layout/);
  });

  it('scores the same whether articles were added, removed and queried in turns or indexed in one go', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(articleArbitrary, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 25 }), (steps) => {
        const interleaved = TextIndex.create(analyzer);
        const kept: [number, Article][] = [];
        steps.forEach(([fields, removeLater, queryNow], doc) => {
          const indexed = article({ id: String(doc), ...fields });
          interleaved.add(doc, indexed);
          if (queryNow) everyScore(interleaved);
          if (!removeLater) kept.push([doc, indexed]);
        });
        steps.forEach(([, removeLater], doc) => {
          if (removeLater) interleaved.remove(doc);
        });
        const oneGo = TextIndex.create(analyzer);
        for (const [doc, indexed] of kept) oneGo.add(doc, indexed);
        expect(everyScore(interleaved)).toEqual(everyScore(oneGo));
        expect(interleaved.documentCount).toBe(kept.length);
        for (const word of ['reuters', 'oil', 'energy']) {
          const term = analyzer.terms(word)[0] as string;
          expect(interleaved.documentFrequency(term)).toBe(oneGo.documentFrequency(term));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds articles added after a query, before and after enough of them gather to invert the text again', () => {
    const index = TextIndex.create(analyzer);
    const filler = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    index.add(0, article({ id: 'first', title: 'Tram', body: filler }));
    expect([...index.termScores('tram').docs]).toEqual([0]);
    // ~200 terms each: 400 articles are more than the 65,536 pending terms that trigger a new inversion.
    for (let doc = 1; doc <= 400; doc++)
      index.add(doc, article({ id: String(doc), title: doc % 100 === 0 ? 'Tram' : 'Bus', body: filler }));
    expect([...index.termScores('tram').docs].sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400]);
    index.add(401, article({ id: 'late', title: 'Tram', body: 'a late tram' }));
    expect(index.termScores('tram').has(401)).toBe(true);
    expect(index.documentFrequency('tram')).toBe(6);
  });

  it('counts an article once in a word’s document frequency when it holds the word in its text and its labels', () => {
    const index = TextIndex.create(analyzer);
    index.add(0, article({ id: 'a', title: 'Energy', body: 'energy prices', tags: ['energy'] }));
    index.add(1, article({ id: 'b', title: 'Oil', body: 'oil', tags: ['energy'] }));
    index.add(2, article({ id: 'c', title: 'Oil', body: 'energy' }));
    expect(index.documentFrequency(analyzer.terms('energy')[0] as string)).toBe(3);
    index.remove(1);
    expect(index.documentFrequency(analyzer.terms('energy')[0] as string)).toBe(2);
  });

  it('saves and opens an empty index, and one whose every article was removed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gazette-empty-'));
    await (await SearchEngine.fromArticles([])).save(join(directory, 'empty'));
    const empty = await SearchEngine.open(join(directory, 'empty'));
    expect(empty.search({ q: 'harbour' }).total).toBe(0);
    const emptied = await SearchEngine.fromArticles([article({ id: 'a', title: 'Harbour', body: 'harbour strike' })]);
    emptied.remove('a');
    await emptied.save(join(directory, 'emptied'));
    const reopened = await SearchEngine.open(join(directory, 'emptied'));
    expect(reopened.size).toBe(0);
    expect(reopened.search({ q: 'harbour' }).total).toBe(0);
    expect(reopened.search({ q: 'harb*' }).total).toBe(0);
  });

  it('saves and opens an index to which only articles without an indexable word were added', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gazette-wordless-'));
    const engine = await SearchEngine.fromArticles([article({ id: 'a', title: 'Oil', body: 'crude oil' })]);
    engine.add(article({ id: 'b', title: 'The', body: 'of the', tags: ['energy'] }));
    await engine.save(join(directory, 'index'));
    const reopened = await SearchEngine.open(join(directory, 'index'));
    expect(reopened.size).toBe(2);
    expect(reopened.search({ q: 'oil' }).hits.map((hit) => hit.id)).toEqual(['a']);
    expect(reopened.search({ q: 'tags:energy' }).hits.map((hit) => hit.id)).toEqual(['b']);
  });
});

// A saved part of an index in memory (never a file: these indexes do not spill), as one buffer.
function inMemory(parts: readonly (Buffer | HeldFile)[]): Buffer {
  return Buffer.concat(
    parts.map((part) => {
      if (part instanceof HeldFile) throw new Error('an index in memory saved a part from a file');
      return part;
    }),
  );
}
