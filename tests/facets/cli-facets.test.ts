import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { searchCommand } from '../../src/cli/search.js';
import { article, engineOf } from '../helpers.js';

let indexDirectory: string;
beforeAll(async () => {
  indexDirectory = join(await mkdtemp(join(tmpdir(), 'gazette-test-facets-cli-')), 'index');
  const engine = await engineOf([
    article({ id: 'c1', title: 'Harbour storm', author: 'Wire Desk', tags: ['weather'], date: '2021-12-31T23:30:00Z' }),
    article({ id: 'c2', title: 'Harbour reopens', author: 'Wire Desk', tags: ['weather', 'transport'], date: '2022-01-02T10:00:00Z' }),
    article({ id: 'c3', title: 'Harbour history', author: 'Mira Holt', tags: ['history'] }),
  ]);
  await engine.save(indexDirectory);
});
afterEach(() => vi.restoreAllMocks());

async function search(argv: string[]): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  expect(await searchCommand(['--index', indexDirectory, ...argv])).toBe(0);
  return lines.join('\n');
}

describe('search --facets', () => {
  it('prints the date histogram in the time zone and the term facets', async () => {
    const output = await search(['--facets', 'author,tag', '--interval', 'day', '--tz', 'Europe/Berlin', 'harbour']);
    // 23:30 UTC on New Year's Eve is already 1 January in Berlin.
    expect(output).toMatch(/Published, by day \(Europe\/Berlin\):\n {2}2022-01-01 +1 +#+\n {2}2022-01-02 +1 +#+\n {2}undated +1/);
    expect(output).toMatch(/author \(2 values\):\n +2 {2}Wire Desk\n +1 {2}Mira Holt/);
    expect(output).toMatch(/tag \(3 values\):\n +2 {2}weather\n +1 {2}history\n +1 {2}transport/);
  });

  it('filters by repeated field flags, and --json carries the facets', async () => {
    const output = await search(['--json', '--facets', 'author', '--tag', 'history', '--tag', 'transport', 'harbour']);
    const response = JSON.parse(output);
    expect(response.total).toBe(2);
    expect(response.facets.author.values).toEqual([
      { value: 'Mira Holt', count: 1 },
      { value: 'Wire Desk', count: 1 },
    ]);
  });
});
