import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await engineOf([
    article({ id: 'a', title: 'Government spending rises', body: 'The government raised spending on harbours.' }),
    article({ id: 'b', title: 'Harbour strike', body: 'Dockers at the harbour went on strike over the government plan.' }),
    article({ id: 'c', title: 'Protesters in Minsk', body: 'Protesters marched in Minsk against the government.' }),
  ]);
});

describe('typo tolerance, on by default', () => {
  it('searches a word the archive does not hold as the words a typo away, says so, and offers the correction', () => {
    const response = engine.search({ q: 'protestors minsk' });
    expect(response.hits.map((hit) => hit.id)).toEqual(['c']);
    expect(response.warnings).toEqual(['protestors: not in the archive; also searched as protest']);
    expect(response.didYouMean).toBe('protesters minsk');
    expect(response.hits[0]?.titleHighlighted).toBe('<mark>Protesters</mark> in <mark>Minsk</mark>');
  });

  it('ranks an article with the word as written above one with a correction of it', async () => {
    const archive = await engineOf([
      article({ id: 'typo', title: 'Harbuor news', body: 'The harbuor reopened.' }),
      ...['x', 'y', 'z'].map((id) => article({ id, title: 'Harbour news', body: 'The harbour reopened.' })),
    ]);
    expect(archive.search({ q: 'harbuor' }).hits[0]?.id).toBe('typo');
  });

  it('is off with typoTolerance=false, which still offers the correction', () => {
    const response = engine.search({ q: 'protestors minsk', typoTolerance: false });
    expect(response.hits.map((hit) => hit.id)).toEqual(['c']);
    expect(response.warnings).toBeUndefined();
    expect(response.didYouMean).toBe('protesters minsk');
    expect(engine.search({ q: 'protestors', typoTolerance: false }).total).toBe(0);
  });

  it('never corrects a word of fewer than 5 letters, a phrase, a word meant for a field, or an excluded word', () => {
    expect(engine.search({ q: 'mink' }).total).toBe(0);
    expect(engine.search({ q: '"protestors in minsk"' }).total).toBe(0);
    expect(engine.search({ q: 'title:protestors' }).total).toBe(0);
    expect(engine.search({ q: 'harbour -protestors' }).hits.map((hit) => hit.id)).toEqual(['b', 'a']);
  });

  it('searches a word the archive holds as written, whatever lies a typo away', () => {
    const response = engine.search({ q: 'strike' });
    expect(response.hits.map((hit) => hit.id)).toEqual(['b']);
    expect(response.warnings).toBeUndefined();
    expect(response.didYouMean).toBeUndefined();
  });

  it('counts a wrong first letter as two typos: none forgiven under 9 letters', () => {
    expect(engine.search({ q: 'farbours' }).total).toBe(0);
    expect(engine.search({ q: 'hovernment' }).total).toBe(3);
  });
});

describe('names spelt otherwise', () => {
  it('meet on how they sound, below every typo, with did-you-mean in the archive’s spelling', async () => {
    const archive = await engineOf([
      article({ id: 'kiev', title: 'Talks in Kiev', body: 'Ministers met in Kiev.' }),
      article({ id: 'qaddafi', title: 'Qaddafi speech', body: 'Colonel Qaddafi spoke in Tripoli.' }),
      article({ id: 'cave', title: 'Cave found', body: 'A cave was found near the coast.' }),
    ]);
    const kyiv = archive.search({ q: 'kyiv' });
    expect(kyiv.hits.map((hit) => hit.id)).toEqual(['kiev']);
    expect(kyiv.didYouMean).toBe('kiev');
    expect(archive.search({ q: 'gaddafi' }).hits.map((hit) => hit.id)).toEqual(['qaddafi']);
    expect(archive.search({ q: 'kyiv', typoTolerance: false }).total).toBe(0);
  });
});

describe('explain', () => {
  it('shows what each word was searched as: a corrected typo, a prefix', () => {
    const response = engine.search({ q: 'protestors harb*', explain: true });
    expect(response.explain?.expansions).toEqual([
      { word: 'protestors', searchedAs: ['protest'] },
      { word: 'harb*', searchedAs: ['harbour'] },
    ]);
  });
});

describe('typo tolerance per index', () => {
  it('is off for an index built with it off, unless a request asks for it', async () => {
    const { DEFAULT_ANALYZER, SearchEngine } = await import('../../src/index.js');
    const strict = await SearchEngine.fromArticles([article({ id: 'c', title: 'Protesters in Minsk', body: 'Protesters marched.' })], {
      ...DEFAULT_ANALYZER,
      typoTolerance: false,
    });
    expect(strict.search({ q: 'protestors' }).total).toBe(0);
    expect(strict.search({ q: 'protestors' }).didYouMean).toBe('protesters');
    expect(strict.search({ q: 'protestors', typoTolerance: true }).total).toBe(1);
  });
});

describe('corrections, as a review found them wanting', () => {
  it('never correct a word inside an excluded group', async () => {
    const archive = await engineOf([
      article({ id: 'a', title: 'Protesters march', body: 'Protesters marched.' }),
      article({ id: 'b', title: 'Protesters and Lukashenko', body: 'Protesters faced Lukashenko.' }),
    ]);
    expect(archive.search({ q: 'protesters -(lukashenka)' }).total).toBe(2);
  });

  it('do not use up the words with * or ~ that a query may expand', async () => {
    const archive = await engineOf([article({ id: 'a', title: 'Petroleum output', body: 'Petroleum output rose.' })]);
    const unknown = Array.from({ length: 10 }, (_, n) => `qqqq${n}`).join(' ');
    expect(archive.search({ q: `${unknown} petro*` }).total).toBe(1);
  });

  it('offer each occurrence of a typo corrected, and leave quoted, field and excluded ones alone', async () => {
    const archive = await engineOf([article({ id: 'a', title: 'Lukashenko wins', body: 'Lukashenko won.' })]);
    expect(archive.search({ q: 'LUKASHENKA lukashenka' }).didYouMean).toBe('lukashenko lukashenko');
    expect(archive.search({ q: '"lukashenka wins" lukashenka' }).didYouMean).toBe('"lukashenka wins" lukashenko');
    expect(archive.search({ q: 'title:lukashenka lukashenka' }).didYouMean).toBe('title:lukashenka lukashenko');
  });

  it('offer the spelling closest to what was typed, without a possessive', async () => {
    const archive = await engineOf([
      article({ id: 'a', title: 'Universe expands', body: 'The universe expands.' }),
      article({ id: 'b', title: "University's budget", body: 'The university cut its budget.' }),
    ]);
    expect(archive.search({ q: 'univercity' }).didYouMean).toBe('university');
  });

  it('match names by sound only when spelt close: a short key keeps its first letter', async () => {
    const archive = await engineOf([
      article({ id: 'work', title: 'Work resumes', body: 'Work resumed at the plant.' }),
      article({ id: 'iraq', title: 'Iraq exports', body: 'Iraq exported oil.' }),
    ]);
    expect(archive.search({ q: 'irak' }).hits.map((hit) => hit.id)).toEqual(['iraq']);
  });
});
