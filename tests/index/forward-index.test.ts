import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { ForwardIndex } from '../../src/index/forward-index.js';
import { TextIndex } from '../../src/index/text-index.js';
import { type Article, SearchEngine } from '../../src/index.js';
import { matchedSpans, matchedSpansOfTokens, tokenQuery } from '../../src/snippets/highlight.js';
import { article, engineOf, recordText } from '../helpers.js';

const analyzer = new Analyzer();

function termsOf(forward: ForwardIndex, ids: Int32Array, vocabulary: string[]): string[] {
  const byId = new Map(vocabulary.map((term) => [forward.idOfTerm(term), term]));
  return Array.from(ids, (id) => byId.get(id) ?? '?');
}

describe('forward index', () => {
  const title = 'Dockers strike at the port';
  const body = 'The union said dockers would strike again. Ships waited off the port.';

  it('keeps each article’s terms in text order', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, title, body);
    const entry = forward.entry(0);
    if (entry === undefined) throw new Error('no entry');
    const vocabulary = [...new Set([...analyzer.terms(title), ...analyzer.terms(body)])];
    expect(termsOf(forward, entry.title, vocabulary)).toEqual(analyzer.terms(title));
    expect(termsOf(forward, entry.body, vocabulary)).toEqual(analyzer.terms(body));
    expect(forward.idOfTerm('never-seen')).toBe(-1);
  });

  it('reads a shown text again into the same ids, with the offset of every word, and gives no id to an unknown word', () => {
    const index = TextIndex.create(analyzer);
    index.add(0, article({ id: 'a', title, body }));
    const entry = index.forward.entry(0);
    if (entry === undefined) throw new Error('no entry');
    const words = index.wordsOf(body);
    expect(Array.from(words.ids)).toEqual(Array.from(entry.body));
    expect(Array.from(words.starts)).toEqual(analyzer.tokens(body).map((token) => token.start));
    expect(Array.from(index.wordsOf(title).starts)).toEqual(analyzer.tokens(title).map((token) => token.start));
    const vocabularySize = index.forward.vocabularySize;
    const unknown = index.wordsOf('zeppelins dockers');
    expect(unknown.ids[0]).toBeGreaterThanOrEqual(vocabularySize);
    expect(unknown.ids[1]).toBe(index.forward.idOfTerm(analyzer.terms('dockers')[0] as string));
    // Reading gives no new ids: the vocabulary is what the articles hold.
    expect(index.forward.vocabularySize).toBe(vocabularySize);
  });

  it('reads the forward index of formats 7 and 8, whose records carried word offsets', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Oil prices', 'Crude rose.');
    recordText(forward, 2, 'Port strike', 'Dockers walked out.');
    const { vocabulary } = forward.toFiles();
    const records = Buffer.concat(forward.toFiles().records);
    const words = new Int32Array(records.buffer, records.byteOffset, records.length / 4);
    // Layout 2: the same header, and each record followed by one offset per term (made up here).
    const count = words[2] as number;
    const header = 3 + count + 1;
    const withOffsets: number[] = [0x57465a47, 2, count];
    const records2: number[] = [];
    for (let doc = 0; doc < count; doc++) {
      withOffsets.push(header + records2.length);
      const start = words[3 + doc] as number;
      const end = words[3 + doc + 1] as number;
      const record = Array.from(words.subarray(start, end));
      records2.push(...record, ...record.slice(2).map((_, at) => 7 * at));
    }
    withOffsets.push(header + records2.length, ...records2);
    const loaded = ForwardIndex.fromFiles(Buffer.from(Int32Array.from(withOffsets).buffer), vocabulary);
    for (const doc of [0, 1, 2]) {
      expect(loaded.entry(doc) === undefined).toBe(forward.entry(doc) === undefined);
      expect(Array.from(loaded.entry(doc)?.title ?? [])).toEqual(Array.from(forward.entry(doc)?.title ?? []));
      expect(Array.from(loaded.entry(doc)?.body ?? [])).toEqual(Array.from(forward.entry(doc)?.body ?? []));
    }
    expect(loaded.distinctTerms(2)).toBe(forward.distinctTerms(2));
  });

  it('finds phrases as consecutive terms of one field, never across the title and body', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Port strike', 'Oil prices rose as the strike spread.');
    const ids = (text: string) => Int32Array.from(analyzer.terms(text), (term) => forward.idOfTerm(term));
    expect(forward.containsSequence(0, 'title', ids('port strike'))).toBe(true);
    expect(forward.containsSequence(0, 'body', ids('oil prices'))).toBe(true);
    expect(forward.containsSequence(0, 'body', ids('prices oil'))).toBe(false);
    expect(forward.containsSequence(0, 'title', ids('oil prices'))).toBe(false);
    expect(forward.containsSequence(0, 'body', ids('strike oil'))).toBe(false);
    expect(forward.containsSequence(0, 'body', ids('unheard prices'))).toBe(false);
    forward.remove(0);
    expect(forward.containsSequence(0, 'body', ids('oil prices'))).toBe(false);
  });

  it('finds a phrase of any length wherever it stands in a field, as a word-by-word comparison does', () => {
    const vocabulary = ['oil', 'port', 'ship', 'bank', 'gold'];
    const words = (most: number) => fc.array(fc.constantFrom(...vocabulary), { maxLength: most });
    const inRow = (text: string[], phrase: string[]) =>
      text.some((_, at) => at + phrase.length <= text.length && phrase.every((word, offset) => text[at + offset] === word));
    fc.assert(
      fc.property(words(9), words(24), words(4), (title, body, phrase) => {
        const forward = ForwardIndex.empty();
        recordText(forward, 0, title.join(' '), body.join(' '));
        const ids = Int32Array.from(phrase, (word) => forward.idOfTerm(word));
        expect(forward.containsSequence(0, 'title', ids)).toBe(phrase.length > 0 && inRow(title, phrase));
        expect(forward.containsSequence(0, 'body', ids)).toBe(phrase.length > 0 && inRow(body, phrase));
      }),
      { numRuns: 2000 },
    );
  });

  it('saves and loads to the same entries, dropping removed articles and keeping numbers', () => {
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Oil prices', 'Crude rose.');
    recordText(forward, 1, 'Port strike', 'Dockers walked out.');
    // Article 2 was never added (a hole in the store); 3 is added after it.
    recordText(forward, 3, 'Grain harvest', 'Wheat and maize.');
    forward.remove(1);
    const { vocabulary } = forward.toFiles();
    const records = Buffer.concat(forward.toFiles().records);
    const loaded = ForwardIndex.fromFiles(records, vocabulary);
    for (const doc of [0, 1, 2, 3, 4]) {
      const before = forward.entry(doc);
      const after = loaded.entry(doc);
      expect(after === undefined).toBe(before === undefined);
      if (before === undefined || after === undefined) continue;
      expect(Array.from(after.title)).toEqual(Array.from(before.title));
      expect(Array.from(after.body)).toEqual(Array.from(before.body));
    }
    expect(loaded.entry(1)).toBeUndefined();
    expect(loaded.entry(3)).toBeDefined();
    // A loaded index takes more articles, reusing the saved vocabulary.
    recordText(loaded, 4, 'Oil', 'More crude.');
    expect(loaded.entry(4)?.title[0]).toBe(loaded.idOfTerm('oil'));
    expect(loaded.entry(0)?.title[0]).toBe(loaded.idOfTerm('oil'));
  });

  it('takes articles after loading without copying the loaded records, and reads, inverts and saves as if built in one go', () => {
    const WORDS = ['oil', 'crude', 'port', 'strike', 'grain', 'wheat', 'union', 'ships'];
    const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 9 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, body: text, removed: fc.boolean() }), { minLength: 1, maxLength: 14 }),
        fc.nat(),
        (articles, split) => {
          const loadedCount = split % (articles.length + 1);
          const whole = ForwardIndex.empty();
          const first = ForwardIndex.empty();
          articles.forEach((a, doc) => {
            recordText(whole, doc, a.title, a.body);
            if (doc < loadedCount) recordText(first, doc, a.title, a.body);
          });
          const { records, vocabulary } = first.toFiles();
          const bytes = Buffer.concat(records);
          // Aligned words, as the index's loader gives them: the loaded records are read where they lie.
          const words = new Int32Array(bytes.byteLength / 4);
          Buffer.from(words.buffer).set(bytes);
          const loaded = ForwardIndex.fromFiles(words, vocabulary);
          articles.forEach((a, doc) => {
            if (doc >= loadedCount) recordText(loaded, doc, a.title, a.body);
          });
          articles.forEach((a, doc) => {
            if (!a.removed) return;
            whole.remove(doc);
            loaded.remove(doc);
          });
          // Ids may differ (the vocabulary grew in another order): compare terms.
          const terms = (forward: ForwardIndex, ids: Int32Array) => Array.from(ids, (id) => forward.vocabulary[id]);
          for (let doc = 0; doc <= articles.length; doc++) {
            expect(terms(loaded, loaded.title(doc))).toEqual(terms(whole, whole.title(doc)));
            expect(terms(loaded, loaded.body(doc))).toEqual(terms(whole, whole.body(doc)));
            expect(loaded.lengths(doc)).toEqual(whole.lengths(doc));
            expect(loaded.distinctTerms(doc)).toBe(whole.distinctTerms(doc));
            expect(
              loaded.containsSequence(
                doc,
                'body',
                Int32Array.from(['oil', 'crude'], (t) => loaded.idOfTerm(t)),
              ),
            ).toBe(
              whole.containsSequence(
                doc,
                'body',
                Int32Array.from(['oil', 'crude'], (t) => whole.idOfTerm(t)),
              ),
            );
            expect(loaded.countsOf(doc, loaded.idOfTerm('oil'))).toBe(whole.countsOf(doc, whole.idOfTerm('oil')));
          }
          const postings = (forward: ForwardIndex) => {
            const { starts, docs, frequencies } = forward.invert();
            return Object.fromEntries(
              WORDS.map((word) => {
                const id = forward.idOfTerm(word);
                const range = id < 0 ? [0, 0] : [starts[id] as number, starts[id + 1] as number];
                return [word, [Array.from(docs.subarray(range[0], range[1])), Array.from(frequencies.subarray(range[0], range[1]))]];
              }),
            );
          };
          expect(postings(loaded)).toEqual(postings(whole));
          const again = ForwardIndex.fromFiles(Buffer.concat(loaded.toFiles().records), loaded.toFiles().vocabulary);
          for (let doc = 0; doc < articles.length; doc++) expect(terms(again, again.body(doc))).toEqual(terms(whole, whole.body(doc)));
          // The loaded records were read where they lie, not copied to make room.
          const kept = articles.findIndex((a, doc) => doc < loadedCount && !a.removed && a.title !== '');
          if (kept >= 0) expect(loaded.title(kept).buffer).toBe(words.buffer);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses bytes that are not a forward index, saying what is wrong', () => {
    const { vocabulary } = ForwardIndex.empty().toFiles();
    const records = Buffer.concat(ForwardIndex.empty().toFiles().records);
    expect(() => ForwardIndex.fromFiles(records.subarray(0, 6), vocabulary)).toThrow(/not a whole number of records/);
    expect(() => ForwardIndex.fromFiles(Buffer.alloc(16), vocabulary)).toThrow(/not in a layout this Gazette reads/);
    const forward = ForwardIndex.empty();
    recordText(forward, 0, 'Oil', 'Crude oil rose.');
    const whole = Buffer.concat(forward.toFiles().records);
    expect(() => ForwardIndex.fromFiles(whole.subarray(0, whole.length - 4), vocabulary)).toThrow(/ends before its last record/);
    // A title length that overstates the record: refused, rather than read into the next article.
    const lying = Buffer.from(whole);
    const recordStart = lying.readInt32LE(12);
    lying.writeInt32LE(5, recordStart * 4);
    expect(() => ForwardIndex.fromFiles(lying, vocabulary)).toThrow(/record 0 does not match its lengths/);
    // Empty and article-less indexes load.
    expect(ForwardIndex.fromFiles(Buffer.concat(ForwardIndex.empty().toFiles().records), Buffer.alloc(0)).entry(0)).toBeUndefined();
  });
});

describe('matched spans from the forward index', () => {
  const words = fc.constantFrom('strike', 'strikes', 'Striking', 'union', 'port', 'the', 'of', 'Café', 'cafe', "union's", '😀', 'x');
  const separators = fc.constantFrom(' ', ', ', '. ', '\n', ' — ');
  const texts = fc.array(fc.tuple(words, separators), { maxLength: 60 }).map((parts) => parts.flat().join(''));
  const queries = fc.record({
    words: fc.subarray(['strike', 'union', 'port', 'cafe', 'x']),
    phrases: fc.subarray(['strike union', 'union port', 'port strike union', 'cafe x']),
  });

  it('are the spans that analysing the text finds', () => {
    fc.assert(
      fc.property(texts, queries, (text, query) => {
        const highlight = {
          termWeights: new Map(query.words.flatMap((word) => analyzer.terms(word)).map((term, index) => [term, index + 1])),
          phrases: query.phrases.map((phrase, index) => ({ terms: analyzer.terms(phrase), weight: 10 + index })),
        };
        const index = TextIndex.create(analyzer);
        index.add(0, article({ id: 'a', title: text, body: text }));
        const { forward } = index;
        const byIds = tokenQuery(highlight, (term) => forward.idOfTerm(term), forward.vocabularySize);
        const expected = matchedSpans(analyzer.tokens(text), highlight);
        expect(matchedSpansOfTokens(text, index.wordsOf(text), byIds)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('an engine’s forward index on disk', () => {
  const articles = [
    article({
      id: 'a',
      title: 'Dock strike spreads',
      body: 'Dockers at the port joined the strike. Ships waited offshore as the port strike spread north.',
    }),
    article({
      id: 'b',
      title: 'Oil prices',
      body: 'Crude oil prices rose. Analysts said the port strike had little effect on oil prices.',
    }),
    article({ id: 'c', title: 'Grain harvest', body: 'Wheat and maize came in early; strike action at the port delayed exports.' }),
  ];
  const queries = ['"port strike"', 'port strike', 'oil prices', 'title:strike', 'strik*'];
  const answers = (engine: SearchEngine) =>
    queries.map((q) => engine.search({ q, fragments: 2 }).hits.map((hit) => [hit.id, hit.score, hit.snippet, hit.titleHighlighted]));

  it('gives the same phrases, ranking and snippets after save and open, and after articles change', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-')), 'index');
    const built = await engineOf(articles);
    await built.save(directory);
    const reopened = await SearchEngine.open(directory);
    expect(answers(reopened)).toEqual(answers(built));

    // Remove one, change another (removed, then added under a new number), add a new one.
    const changed = article({ id: 'b', title: 'Oil prices fall', body: 'Oil prices fell as the port strike ended.' });
    const added = article({ id: 'd', title: 'Ferry news', body: 'The ferry port reopened after the strike.' });
    reopened.remove('a');
    reopened.remove('b');
    reopened.add(changed);
    reopened.add(added);
    await reopened.save(directory);
    const fresh = await engineOf([articles[2] as Article, changed, added]);
    expect(answers(await SearchEngine.open(directory))).toEqual(answers(fresh));
    expect(answers(reopened)).toEqual(answers(fresh));
  });
});
