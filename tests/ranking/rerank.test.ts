import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIMITY } from '../../src/ranking/proximity.js';
import { DEFAULT_RERANK, type RerankContext, rerankBest } from '../../src/ranking/rerank.js';
import { titleCoverage } from '../../src/ranking/title-coverage.js';
import { article, engineOf } from '../helpers.js';

const idfs: Record<string, number> = { minsk: 4, protest: 3, police: 2, weekend: 1 };
const idf = (term: string) => idfs[term] ?? 1;

function contextOf(texts: Record<number, { title: string[]; body: string[] }>, queryTerms: string[]): RerankContext {
  return {
    queryTerms,
    coverageTerms: queryTerms,
    known: () => true,
    titleOf: (doc) => texts[doc]?.title ?? [],
    bodyOf: (doc) => texts[doc]?.body ?? [],
    hasBody: (doc) => (texts[doc]?.body.length ?? 0) > 0,
    titleWeight: 1,
    idf,
    averageLength: 10,
  };
}

describe('title coverage', () => {
  it('is the share of the title, weighted by IDF, made of query terms', () => {
    const query = new Set(['minsk', 'protest']);
    expect(titleCoverage(['minsk', 'protest'], query, idf)).toBe(1);
    expect(titleCoverage(['minsk', 'protest', 'police', 'weekend'], query, idf)).toBeCloseTo(7 / 10);
    expect(titleCoverage(['police', 'weekend'], query, idf)).toBe(0);
    expect(titleCoverage([], query, idf)).toBe(0);
  });

  it('counts a title term once however often it repeats', () => {
    const query = new Set(['minsk']);
    expect(titleCoverage(['minsk', 'police', 'police'], query, idf)).toBeCloseTo(4 / 6);
    const long = ['minsk', ...Array<string>(40).fill('police')];
    expect(titleCoverage(long, query, idf)).toBeCloseTo(4 / 6);
  });
});

describe('re-ranking the best matches', () => {
  it('re-sorts only the best matches by proximity and keeps the rest after them', () => {
    const matches = [
      { doc: 1, score: 3 },
      { doc: 2, score: 2.9 },
      { doc: 3, score: 1 },
    ];
    const texts = {
      1: { title: [], body: ['heat', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'transfer'] },
      2: { title: [], body: ['heat', 'transfer'] },
      3: { title: [], body: ['heat', 'transfer'] },
    };
    const settings = { depth: 2, proximity: { ...DEFAULT_PROXIMITY, orderedWeight: 1 }, titleCoverage: 0, coverTitleOnly: false };
    const reranked = rerankBest(matches, contextOf(texts, ['heat', 'transfer']), settings);
    expect(reranked.map((m) => m.doc)).toEqual([2, 1, 3]);
  });

  it('multiplies a score by 1 + weight × the title coverage, for articles with a body', () => {
    const texts = {
      1: { title: ['minsk', 'protest'], body: ['crowd'] },
      2: { title: ['minsk', 'protest', 'police', 'weekend'], body: ['crowd'] },
      3: { title: ['minsk', 'protest'], body: [] },
    };
    const settings = { ...DEFAULT_RERANK, proximity: { ...DEFAULT_PROXIMITY, orderedWeight: 0 } };
    const scores = new Map(
      rerankBest(
        [1, 2, 3].map((doc) => ({ doc, score: 2 })),
        contextOf(texts, ['minsk', 'square']),
        settings,
      ).map((m) => [m.doc, m.score]),
    );
    expect(scores.get(1)).toBeCloseTo(2 * (1 + 0.3 * (4 / 7)));
    expect(scores.get(2)).toBeCloseTo(2 * (1 + 0.3 * (4 / 10)));
    // A title without a body is the whole article: BM25 weighed it already.
    expect(scores.get(3)).toBe(2);
  });
});

describe('re-ranking only as far as a page reads', () => {
  const VOCABULARY = ['minsk', 'protest', 'police', 'weekend', 'square'];
  const text = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 12 });

  it('gives the first `shown` matches of the full re-rank, scores and all, whatever the texts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, body: text, score: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.constantFrom(...VOCABULARY), { minLength: 2, maxLength: 4 }),
        // A page of none (a count only) to one past every match.
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 1, max: 80 }),
        (articles, queryTerms, shown, depth) => {
          // Scores as BM25 gives them: best first; integers, so that ties are common.
          const matches = articles.map((a, doc) => ({ doc, score: a.score / 4 })).sort((a, b) => b.score - a.score);
          const context = { ...contextOf(Object.fromEntries(articles.entries()), queryTerms), titleWeight: 2 };
          const settings = { ...DEFAULT_RERANK, depth };
          const whole = rerankBest(matches, context, settings);
          const page = rerankBest(matches, context, settings, shown);
          expect(page.slice(0, shown)).toEqual(whole.slice(0, shown));
          // Every match is still there, once.
          expect(page.map((m) => m.doc).sort((a, b) => a - b)).toEqual(matches.map((m) => m.doc).sort((a, b) => a - b));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('title coverage through the engine', () => {
  const filler = 'The committee met on Tuesday and the report was published in the evening after a long debate.';

  it('ranks a headline about the query above a longer one that mentions it, though BM25 alone would not', async () => {
    const body = `Thousands gathered in the square. ${filler}`;
    const engine = await engineOf([
      article({ id: 'mention', title: 'Minsk protest as ministers debate pensions and roads', body }),
      // More words in all than the other, which BM25's length normalisation holds against it.
      article({
        id: 'about',
        title: 'Minsk protest',
        body: `${body} Speakers, banners, songs, flags, chants, drums and whistles filled every street nearby.`,
      }),
    ]);
    const ids = engine.search({ q: 'minsk protest' }).hits.map((hit) => hit.id);
    expect(ids).toEqual(['about', 'mention']);
  });

  const mention = () =>
    article({
      id: 'mention',
      title: 'Minsk protest as ministers debate pensions and roads',
      body: `Thousands gathered in the square. ${filler}`,
    });
  // More words in all than the other, which BM25's length normalisation holds against it.
  const about = () =>
    article({
      id: 'about',
      title: 'Minsk protest',
      body: `Thousands gathered in the square. ${filler} Speakers, banners, songs, flags, chants, drums and whistles filled every street nearby.`,
    });

  it('leaves a query of one word to BM25, however often it is typed and whatever unknown words come with it', async () => {
    const engine = await engineOf([mention(), about()]);
    for (const q of ['minsk', 'minsk minsk', 'Minsk minsk’s', 'minsk zzqqx']) {
      expect(
        engine.search({ q }).hits.map((hit) => hit.id),
        q,
      ).toEqual(['mention', 'about']);
    }
  });

  it('counts only the words not asked for in another field', async () => {
    const inBody = (made: ReturnType<typeof article>) => ({ ...made, body: `Minsk protest. ${made.body}` });
    const engine = await engineOf([inBody(mention()), inBody(about())]);
    expect(engine.search({ q: 'minsk protest' }).hits.map((hit) => hit.id)).toEqual(['about', 'mention']);
    expect(engine.search({ q: 'body:minsk body:protest' }).hits.map((hit) => hit.id)).toEqual(['mention', 'about']);
  });

  it('pairs and covers only words meant for the text, not for the author or tags', async () => {
    const engine = await engineOf([article({ id: 'a', title: 'Minsk protest', body: `Minsk protest. ${filler}`, tags: ['minsk'] })]);
    const parts = (q: string) => engine.search({ q, explain: true }).hits[0]?.explanation?.map((part) => part.part);
    expect(parts('minsk protest')).toContain('+ proximity');
    expect(parts('tags:minsk protest')).not.toContain('+ proximity');
  });

  it('re-ranks a query of the most words allowed (100), repeats and unknown words among them, with scores that are numbers', async () => {
    const engine = await engineOf([mention(), about(), article({ id: 'empty', title: '', body: 'Minsk' })]);
    const words = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 'minsk' : i % 3 === 1 ? 'protest' : `z${i}`));
    const q = words.join(' ').slice(0, 1000);
    const { hits } = engine.search({ q, limit: 10, explain: true });
    expect(hits.map((hit) => hit.id).sort()).toEqual(['about', 'empty', 'mention']);
    for (const hit of hits) expect(Number.isFinite(hit.score)).toBe(true);
  });

  it('scores after articles come and go exactly as a fresh build of the same articles', async () => {
    const others = Array.from({ length: 30 }, (_, i) =>
      article({
        id: `other-${i}`,
        title: i % 3 === 0 ? 'Protest news' : `Council report ${i}`,
        body: `Minsk ${i % 2 ? 'protest' : 'council'} report. ${filler}`,
      }),
    );
    const changing = await engineOf([mention(), ...others.slice(0, 10)]);
    // Asked before the changes, so that what it counts must follow them.
    changing.search({ q: 'minsk protest report' });
    for (const added of [...others.slice(10), about()]) changing.add(added);
    changing.remove('other-3');
    changing.remove('other-20');
    const fresh = await engineOf([mention(), ...others.filter((o) => o.id !== 'other-3' && o.id !== 'other-20'), about()]);
    const ranked = (engine: typeof fresh) =>
      engine.rank({ q: 'minsk protest report', limit: 50 }).map((hit) => [hit.id, hit.score.toFixed(10)]);
    expect(ranked(changing).sort()).toEqual(ranked(fresh).sort());
  });
});
