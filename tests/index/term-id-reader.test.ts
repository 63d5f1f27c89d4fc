import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { ForwardIndex } from '../../src/index/forward-index.js';
import { IntList, initialsOf, TermIdReader } from '../../src/index/term-id-reader.js';

const analyzer = new Analyzer();

// What reading must equal: the tokenizer's words, analysed one by one, each term given its id.
function expected(forward: ForwardIndex, text: string): { ids: number[]; starts: number[] } {
  const tokens = analyzer.tokens(text);
  return { ids: tokens.map((token) => forward.idOf(token.term)), starts: tokens.map((token) => token.start) };
}

function readerOf(forward: ForwardIndex): TermIdReader {
  return new TermIdReader(
    (word) => analyzer.termOf(word),
    (term) => forward.idOf(term),
  );
}

function read(reader: TermIdReader, text: string): { ids: number[]; starts: number[] } {
  const ids = new IntList();
  const starts = new IntList();
  const count = reader.read(text, ids, starts);
  expect(count).toBe(ids.length);
  return { ids: Array.from(ids.view()), starts: Array.from(starts.view()) };
}

// Pieces that exercise every path: plain ASCII words in both cases, stop words, digits,
// apostrophes of both kinds, accented and combining letters, other scripts, a letter outside
// the BMP, an emoji, lone surrogates, punctuation and spaces.
const pieces = [
  'Strike',
  'strike',
  // Plain words of up to eight characters are keyed by their packed characters, longer ones by hash.
  'shipment',
  'SHIPMENTS',
  'shipmentsx',
  '12345678',
  '123456789',
  'ab',
  'STRIKES',
  'the',
  'The',
  'of',
  '1987',
  'a1',
  "dockers'",
  "don't",
  'Lukashenko’s',
  'café',
  'cafe\u0301',
  'Łódź',
  'Минск',
  '北京',
  '𝐀bc',
  '😀',
  '\ud800',
  '\udc00x',
  ' ',
  '  ',
  ', ',
  '.',
  '—',
  '"',
  '-',
  '\n',
  "'",
  '’',
];

describe('reading words into term ids', () => {
  it('gives the ids and offsets that analysing the text gives, for any mix of words, with one table over many texts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), { minLength: 1, maxLength: 6 }), (texts) => {
        const forward = ForwardIndex.empty();
        const reader = readerOf(forward);
        for (const parts of texts) {
          const text = parts.join('');
          expect(read(reader, text)).toEqual(expected(forward, text));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads arbitrary strings as the tokenizer does', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 4 }), (texts) => {
        const forward = ForwardIndex.empty();
        const reader = readerOf(forward);
        for (const text of texts) expect(read(reader, text)).toEqual(expected(forward, text));
      }),
      { numRuns: 400 },
    );
  });

  it('tells apart words that share their first eight characters or differ only past them, in any case', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'B', '1', 'é'), minLength: 1, maxLength: 12 }), { maxLength: 60 }),
        (words) => {
          const forward = ForwardIndex.empty();
          const reader = readerOf(forward);
          const text = words.join(' ');
          expect(read(reader, text)).toEqual(expected(forward, text));
          expect(read(reader, text)).toEqual(expected(forward, text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('given initials, reads exactly the words whose terms start with one of them, and the non-ASCII ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }),
        fc.subarray(['s', 'c', 'd', '1', 'a', 'l', 'é']),
        (parts, wanted) => {
          const forward = ForwardIndex.empty();
          const reader = readerOf(forward);
          const text = parts.join('');
          const all = expected(forward, text);
          const terms = analyzer.tokens(text).map((token) => token.term);
          const kept = all.ids
            .map((_, at) => at)
            .filter((at) => {
              const first = text.charCodeAt(all.starts[at] as number);
              return first >= 0x80 || wanted.includes((terms[at] as string).charAt(0));
            });
          const ids = new IntList();
          const starts = new IntList();
          reader.read(text, ids, starts, initialsOf(wanted));
          expect({ ids: Array.from(ids.view()), starts: Array.from(starts.view()) }).toEqual({
            ids: kept.map((at) => all.ids[at]),
            starts: kept.map((at) => all.starts[at]),
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('analyses a word once whatever its letters’ case: a headline in capitals costs no stemming of its own', () => {
    const forward = ForwardIndex.empty();
    const analysed: string[] = [];
    const reader = new TermIdReader(
      (word) => {
        analysed.push(word);
        return analyzer.termOf(word);
      },
      (term) => forward.idOf(term),
    );
    const text = 'Oil prices rise. OIL PRICES RISE. oil Prices rIsE; RISE—Café CAFÉ café; ΟΔΟΣ οδος';
    expect(read(reader, text)).toEqual(expected(forward, text));
    expect(analysed).toEqual(['Oil', 'prices', 'rise', 'Café', 'CAFÉ', 'ΟΔΟΣ', 'οδος']);
  });

  it('reads an empty text as nothing, and a 200,000-character word once, as the tokenizer does', () => {
    const forward = ForwardIndex.empty();
    const reader = readerOf(forward);
    expect(read(reader, '')).toEqual({ ids: [], starts: [] });
    for (const text of ['7'.repeat(200_000), `a ${'é'.repeat(200_000)} b`, '\u0301'.repeat(1000)]) {
      expect(read(reader, text)).toEqual(expected(forward, text));
    }
  });

  it('keeps reading correctly past its table’s growth and for words too long to remember', () => {
    const forward = ForwardIndex.empty();
    const reader = readerOf(forward);
    // Short words (held by their packed characters), long ones and accented ones (held by their code units).
    const words = Array.from({ length: 100_000 }, (_, i) => [`w${i.toString(36)}`, `longerword${i.toString(36)}`, `é${i}`]).flat();
    const text = `${words.join(' ')} ${'x'.repeat(60)} ${words.slice(0, 3000).join(' ')}`;
    expect(read(reader, text)).toEqual(expected(forward, text));
  });
});
