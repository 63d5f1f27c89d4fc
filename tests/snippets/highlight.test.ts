import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { buildSnippet, type SnippetInput } from '../../src/snippets/snippet.js';
import { article, engineOf } from '../helpers.js';

const analyzer = new Analyzer();

function input(text: string, words: string, extra: Partial<SnippetInput> = {}): SnippetInput {
  return {
    text,
    tokens: analyzer.tokens(text),
    termWeights: new Map(analyzer.terms(words).map((term) => [term, 1])),
    length: 200,
    ...extra,
  };
}

const STORY = [
  'The port authority opened its annual review on Tuesday.',
  'Dock workers walked out at dawn, and the strike spread to three terminals by noon.',
  'Shipping lines diverted vessels to other harbours while talks went on.',
  'Late in the evening the union said the strike would end if the pay offer was raised.',
  'Fishermen unloaded their catch as usual at the northern quay.',
].join(' ');

describe('passage choice', () => {
  it('marks a phrase as one span, and its words apart not at all', () => {
    const text = 'Prices of crude rose. Crude oil prices then fell. Oil was cheap and prices low.';
    const snippet = buildSnippet({ ...input(text, ''), phrases: [{ terms: ['oil', 'price'], weight: 2 }] });
    expect(snippet).toContain('Crude <mark>oil prices</mark> then fell');
    expect(snippet.match(/<mark>/g)).toHaveLength(1);
  });

  it('keeps the words of a phrase with a stop word inside in one span', () => {
    const text = 'The Bank of England held rates.';
    const snippet = buildSnippet({ ...input(text, ''), phrases: [{ terms: ['bank', 'england'], weight: 2 }] });
    expect(snippet).toBe('The <mark>Bank of England</mark> held rates.');
  });

  it('prefers the passage where the query terms stand close together', () => {
    const text = `Strike news. ${'Nothing happened here at all today. '.repeat(6)}Union leaders called a strike at noon. ${'More filler text about other things. '.repeat(6)}Union.`;
    const snippet = buildSnippet(input(text, 'strike union', { length: 60 }));
    expect(snippet).toContain('<mark>Union</mark> leaders called a <mark>strike</mark>');
  });

  it('prefers the lead on a tie', () => {
    const text = `Strike at the port. ${'Filler sentence without the word. '.repeat(10)}Strike at the mine.`;
    expect(buildSnippet(input(text, 'strike', { length: 50 })).startsWith('<mark>Strike</mark> at the port.')).toBe(true);
  });

  it('returns several fragments in the article order, joined with an ellipsis, never overlapping', () => {
    const snippet = buildSnippet(input(STORY, 'strike fishermen port', { length: 60, fragments: 3 }));
    const parts = snippet.split('…').filter((part) => part !== '');
    expect(parts.length).toBe(3);
    const positions = parts.map((part) => STORY.indexOf(part.replace(/<\/?mark>/g, '')));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (let index = 1; index < parts.length; index++) {
      expect(positions[index]).toBeGreaterThanOrEqual(
        (positions[index - 1] as number) + (parts[index - 1] as string).replace(/<\/?mark>/g, '').length,
      );
    }
    expect(snippet).toContain('<mark>Fishermen</mark>');
  });

  it('uses the configured tags, or none with highlight=false', () => {
    const text = 'A <b>strike</b> & more';
    expect(buildSnippet(input(text, 'strike', { highlight: { pre: '[', post: ']' } }))).toBe('A &lt;b&gt;[strike]&lt;/b&gt; &amp; more');
    expect(buildSnippet(input(text, 'strike', { highlight: false }))).toBe('A <b>strike</b> & more');
  });

  it('never cuts a surrogate pair', () => {
    const text = `${'😀'.repeat(150)} strike ${'😀'.repeat(150)}`;
    const snippet = buildSnippet(input(text, 'strike', { length: 60 }));
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(snippet).toContain('<mark>strike</mark>');
  });
});

describe('snippet as HTML', () => {
  const words = fc.constantFrom(
    'strike',
    'union',
    'port',
    '<script>',
    'onerror=alert(1)',
    '&amp;',
    '"',
    "'",
    '>',
    'Ünïon',
    '😀',
    '\n\n',
    'the',
    'x',
  );
  const texts = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(words, { maxLength: 80 }).map((parts) => parts.join(' ')),
  );
  const tags = fc.constantFrom({ pre: '<mark>', post: '</mark>' }, { pre: '<em class="hit">', post: '</em>' });

  it('is valid escaped HTML whose only tags are the configured ones, and each mark is a query term', () => {
    fc.assert(
      fc.property(
        texts,
        fc.constantFrom('strike union', 'union', 'script onerror', 'x'),
        fc.integer({ min: 50, max: 300 }),
        fc.integer({ min: 1, max: 5 }),
        tags,
        (text, query, length, fragments, highlight) => {
          const snippet = buildSnippet(input(text, query, { length, fragments, highlight }));
          const withoutTags = snippet.replaceAll(highlight.pre, '').replaceAll(highlight.post, '');
          expect(withoutTags).not.toMatch(/[<>"']/);
          expect(withoutTags).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
          const queryTerms = new Set(analyzer.terms(query));
          const marked = [...snippet.matchAll(new RegExp(`${escapeRegExp(highlight.pre)}(.*?)${escapeRegExp(highlight.post)}`, 'g'))];
          for (const [, inner] of marked) {
            const terms = analyzer.terms(unescapeHtml(inner as string));
            expect(terms).toHaveLength(1);
            expect(queryTerms.has(terms[0] as string)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unescapeHtml(html: string): string {
  return html.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_entity, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '',
  );
}

describe('highlighting through the engine', () => {
  const ARTICLES = [
    article({
      id: 'strike',
      title: 'Dock strike ends',
      body: 'Protesters joined the strike at the Łódź port. The union accepted the pay offer.',
      tags: ['labour'],
      author: 'Maria Nowak',
    }),
    article({
      id: 'title-only',
      title: 'Zeppelin lands in Łódź',
      body: 'A large airship arrived on Sunday. Crowds watched from the fields.',
    }),
    article({
      id: 'hostile',
      title: '<img src=x onerror=alert(1)> zeppelin',
      body: 'The <script>alert("zeppelin")</script> tag was found.',
    }),
  ];

  it('marks stemmed and accent-folded forms, in title and body, and lists the matches per field', async () => {
    const engine = await engineOf(ARTICLES);
    const [hit] = engine.search({ q: 'protest lodz strike' }).hits;
    expect(hit?.id).toBe('strike');
    expect(hit?.snippet).toContain('<mark>Protesters</mark>');
    expect(hit?.snippet).toContain('<mark>Łódź</mark>');
    expect(hit?.titleHighlighted).toBe('Dock <mark>strike</mark> ends');
    expect(hit?.matches).toEqual(
      expect.arrayContaining([
        { term: 'strike', fields: ['title', 'body'] },
        { term: 'protest', fields: ['body'] },
      ]),
    );
  });

  it('marks prefix and fuzzy expansions, and a phrase as one span', async () => {
    const engine = await engineOf(ARTICLES);
    expect(engine.search({ q: 'protes*' }).hits[0]?.snippet).toContain('<mark>Protesters</mark>');
    expect(engine.search({ q: 'unoin~' }).hits[0]?.snippet).toContain('<mark>union</mark>');
    expect(engine.search({ q: '"pay offer"' }).hits[0]?.snippet).toContain('<mark>pay offer</mark>');
  });

  it('shows the lead for a title-only match', async () => {
    const engine = await engineOf(ARTICLES);
    const hit = engine.search({ q: 'title:zeppelin' }).hits.find((candidate) => candidate.id === 'title-only');
    expect(hit?.snippet).toBe('A large airship arrived on Sunday. Crowds watched from the fields.');
    expect(hit?.titleHighlighted).toBe('<mark>Zeppelin</mark> lands in Łódź');
  });

  it('escapes hostile titles and bodies', async () => {
    const engine = await engineOf(ARTICLES);
    const hit = engine.search({ q: 'zeppelin' }).hits.find((candidate) => candidate.id === 'hostile');
    expect(hit?.titleHighlighted).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>zeppelin</mark>');
    expect(hit?.snippet).toBe('The &lt;script&gt;alert(&quot;<mark>zeppelin</mark>&quot;)&lt;/script&gt; tag was found.');
  });

  it('uses the request tags and can turn highlighting off', async () => {
    const engine = await engineOf(ARTICLES);
    const tagged = engine.search({ q: 'union', highlightPreTag: '<b>', highlightPostTag: '</b>' }).hits[0];
    expect(tagged?.snippet).toContain('<b>union</b>');
    const plain = engine.search({ q: 'union', highlight: false }).hits[0];
    expect(plain?.snippet).not.toContain('<');
    expect(plain?.titleHighlighted).toBe('Dock strike ends');
  });
});
