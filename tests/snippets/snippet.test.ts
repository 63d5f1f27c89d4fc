import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { buildSnippet } from '../../src/snippets/snippet.js';

const analyzer = new Analyzer();

function snippetOf(text: string, query: string, length = 200, weights: Record<string, number> = {}) {
  const termWeights = new Map(analyzer.terms(query).map((term) => [term, weights[term] ?? 1]));
  return buildSnippet({ text, tokens: analyzer.tokens(text), termWeights, length });
}

const LONG_STORY = [
  'The city council met on Monday to discuss the annual budget and the state of the parks.',
  'Several residents spoke about potholes, bins and the new library opening hours in the evening.',
  'Later in the evening, hundreds of protesters gathered outside the hall in Minsk Square to protest the fare rise.',
  'The meeting closed after midnight without a vote on the budget.',
].join(' ');

describe('snippets', () => {
  it('shows the passage where the query terms meet, not the first characters', () => {
    const snippet = snippetOf(LONG_STORY, 'protest minsk');
    expect(snippet).toContain('<mark>protesters</mark>');
    expect(snippet).toContain('<mark>Minsk</mark>');
    expect(snippet).not.toContain('city council met');
  });

  it('starts at a sentence boundary near the match and marks where text was cut', () => {
    const snippet = snippetOf(LONG_STORY, 'protest minsk', 130);
    expect(snippet.startsWith('…Later in the evening')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
  });

  it('never cuts a word', () => {
    const words = new Set(LONG_STORY.split(/\W+/));
    for (const length of [50, 80, 120, 200]) {
      const plain = snippetOf(LONG_STORY, 'budget', length).replace(/<\/?mark>|…/g, '');
      for (const word of plain.split(/\W+/).filter(Boolean)) expect(words).toContain(word);
    }
  });

  it('is about the requested length', () => {
    const plain = snippetOf(LONG_STORY, 'residents', 120).replace(/<\/?mark>|…/g, '');
    expect(plain.length).toBeLessThanOrEqual(120);
    expect(plain.length).toBeGreaterThan(80);
  });

  it('prefers the passage with the rarer term', () => {
    const text = `${'Budget talk. '.repeat(30)}The zeppelin landed. ${'Budget talk. '.repeat(30)}`;
    const snippet = snippetOf(text, 'budget zeppelin', 60, { budget: 0.1, zeppelin: 5 });
    expect(snippet).toContain('<mark>zeppelin</mark>');
  });

  it('escapes HTML found in the article, so that only the marks are tags', () => {
    const text = 'A note read <script>alert("x")</script> and <img src=x onerror=alert(1)> near the protest.';
    const snippet = snippetOf(text, 'protest note');
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(snippet).toContain('&lt;script&gt;');
    expect(snippet).toContain('<mark>protest</mark>');
  });

  it('falls back to the lead of the text when no word of the body matched', () => {
    expect(snippetOf(LONG_STORY, 'zeppelin', 60)).toBe('The city council met on Monday to discuss the annual budget…');
  });
});
