import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { describe, expect, it } from 'vitest';
import { Analyzer, mayAnalyseToOneOf, termInitials } from '../../src/analysis/analyzer.js';
import { splitWords } from '../../src/analysis/tokenize.js';

describe('analysis', () => {
  const analyzer = new Analyzer();

  it('stems inflected forms to one term', () => {
    expect(analyzer.terms('protesters protests protesting protest')).toEqual(['protest', 'protest', 'protest', 'protest']);
  });

  it('gives numbers and words with digits the terms Porter stemming gives them', () => {
    const words = ['1987', '42', '007', '12345678901234567890', '1980s', '3rd', '747s', '10th', '٣٤', 'x1'];
    expect(words.map((word) => analyzer.termOf(word))).toEqual(words.map((word) => PorterStemmer.stem(word.toLowerCase())));
    expect(analyzer.terms('In 1987 sales rose 12.50 pct')).toEqual(['1987', 'sale', 'rose', '12', '50', 'pct']);
  });

  it('keeps non-ASCII letters and folds accents and case', () => {
    expect(analyzer.terms('Café NAÏVE Łukashenko Zoë')).toEqual(['cafe', 'naiv', 'lukashenko', 'zoe']);
  });

  it('reads a possessive as its noun', () => {
    expect(analyzer.terms("Lukashenko's")).toEqual(analyzer.terms('Lukashenko'));
  });

  it('drops English stop words', () => {
    expect(analyzer.terms('the protest and the march')).toEqual(['protest', 'march']);
  });

  it('keeps each token’s offsets into the original text', () => {
    const text = 'Ça va, naïve protesters!';
    for (const token of analyzer.tokens(text)) {
      expect(analyzer.terms(text.slice(token.start, token.end))).toEqual([token.term]);
    }
    expect(analyzer.tokens(text).map((token) => text.slice(token.start, token.end))).toEqual(['Ça', 'va', 'naïve', 'protesters']);
  });

  it('never rules out a word whose analysis gives one of the wanted terms', () => {
    const text = "Protesters in Minsk: Łukashenko's café, the naïve PROTEST, Zoë's 2020 ponies and pony rides; ça va.";
    for (const query of ['protest minsk', 'lukashenko cafe', 'naive zoe', 'pony 2020', 'ca', 'nothing']) {
      const terms = new Set(analyzer.terms(query));
      const initials = termInitials(terms);
      const kept = analyzer.tokens(text).filter((token) => mayAnalyseToOneOf(token.text, initials));
      expect(kept.filter((token) => terms.has(token.term))).toEqual(analyzer.tokens(text).filter((token) => terms.has(token.term)));
    }
    // And it does rule out words that cannot match, which is the point.
    expect(mayAnalyseToOneOf('Harbour', termInitials(['protest']))).toBe(false);
  });

  it('splits words in any script, and around emoji', () => {
    expect(splitWords('Минск 🙂 東京 2020').map((word) => word.text)).toEqual(['Минск', '東京', '2020']);
  });
});
