import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { searchCommand } from '../../src/cli/search.js';
import { SearchEngine, type SearchResponse } from '../../src/index.js';

const SAMPLE = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));

let indexDirectory: string;
beforeAll(async () => {
  indexDirectory = join(await mkdtemp(join(tmpdir(), 'gazette-test-cli-')), 'index');
  const { engine } = await SearchEngine.fromFiles([SAMPLE]);
  await engine.save(indexDirectory);
});
afterEach(() => vi.restoreAllMocks());

async function printed(argv: string[]): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  expect(await searchCommand(argv)).toBe(0);
  return lines.join('\n');
}

// The engine's corrections are another module's; here a correction is given, to see it printed.
function offering(correction: string | undefined): void {
  const search = SearchEngine.prototype.search;
  vi.spyOn(SearchEngine.prototype, 'search').mockImplementation(function (this: SearchEngine, request) {
    const { didYouMean: _engines, ...response } = search.call(this, request);
    return (correction === undefined ? response : { ...response, didYouMean: correction }) as SearchResponse;
  });
}

describe('search prints the correction the engine offers', () => {
  it('as a line after the count', async () => {
    offering('lukashenko protest');
    const output = await printed(['--index', indexDirectory, 'lukashenka protest']);
    expect(output.split('\n').slice(0, 4)).toEqual([
      expect.stringMatching(/^\d+ matching articles/),
      '',
      'Did you mean: lukashenko protest?',
      '',
    ]);
  });

  it('in --json under didYouMean, as the library gives it', async () => {
    offering('lukashenko');
    expect(JSON.parse(await printed(['--index', indexDirectory, '--json', 'lukashenka'])).didYouMean).toBe('lukashenko');
  });

  it('not at all when there is none', async () => {
    offering(undefined);
    expect(await printed(['--index', indexDirectory, 'minsk'])).not.toContain('Did you mean');
    expect(JSON.parse(await printed(['--index', indexDirectory, '--json', 'minsk']))).not.toHaveProperty('didYouMean');
  });
});

describe('search prints how the query was read', () => {
  it('each warning as a note after the count: stop words only, syntax read leniently', async () => {
    const stopWords = await printed(['--index', indexDirectory, 'the of']);
    expect(stopWords).toContain('Note: "the", "of": too common to search for (stop words), so every article matches, newest first');
    expect(await printed(['--index', indexDirectory, '"monsoon floods'])).toContain(
      'Note: unclosed quote at position 0; the query was read as plain words',
    );
    expect(await printed(['--index', indexDirectory, 'monsoon floods'])).not.toContain('Note:');
  });
});
