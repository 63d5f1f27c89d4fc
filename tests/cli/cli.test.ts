import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndexCommand } from '../../src/cli/build-index.js';
import { searchCommand } from '../../src/cli/search.js';

const SAMPLE = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

async function run(command: (argv: string[]) => Promise<number>, argv: string[]) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    const code = await command(argv);
    return { code, output: lines.join('\n') };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

let indexDirectory: string;
beforeAll(async () => {
  indexDirectory = join(await mkdtemp(join(tmpdir(), 'gazette-test-cli-')), 'index');
});
afterEach(() => vi.restoreAllMocks());

describe('build-index', () => {
  it('indexes a folder and reports each rejected file with its path and reason', async () => {
    const { code, output } = await run(buildIndexCommand, ['--input', SAMPLE, '--input', FIXTURES, '--out', indexDirectory, '--quiet']);
    expect(code).toBe(0);
    expect(output).toMatch(/Indexed \d{2} articles from \d+ files/);
    expect(output).toContain(`rejected ${join(FIXTURES, 'stories/empty.txt')}: empty file (0 bytes)`);
    expect(output).toContain(`rejected ${join(FIXTURES, 'wire.jsonl')}:4: invalid JSON`);
  });
});

describe('search', () => {
  it('prints the top hits for a query', async () => {
    const { code, output } = await run(searchCommand, ['--index', indexDirectory, '--limit', '2', 'water cannon']);
    expect(code).toBe(0);
    expect(output).toMatch(/^\d+ matching articles/);
    expect(output).toContain('1. Police fire stun grenades and water cannon');
  });

  it('prints the whole response with --json', async () => {
    const { output } = await run(searchCommand, ['--index', indexDirectory, '--json', 'harbour']);
    expect(JSON.parse(output)).toMatchObject({ query: 'harbour', total: expect.any(Number), hits: expect.any(Array) });
  });

  it('prints a TREC run for a batch of queries', async () => {
    const queries = join(await mkdtemp(join(tmpdir(), 'gazette-test-cli-')), 'queries.tsv');
    await writeFile(queries, '7\tminsk protest\n8\tmonsoon landslide\n');
    const { code, output } = await run(searchCommand, ['--index', indexDirectory, '--batch', queries, '--trec', '--limit', '3']);
    expect(code).toBe(0);
    const lines = output.split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/^[78] Q0 \S+ [1-3] \d+(\.\d+)? gazette$/);
    expect(lines[0]).toMatch(/^7 Q0 \S+ 1 /);
  });
});
