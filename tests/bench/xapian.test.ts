import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PeerUnavailableError } from '../../bench/peers/types.js';
import { XapianPeer, xapianMissing } from '../../bench/peers/xapian.js';
import { runBenchmark } from '../../bench/run.js';
import { TEMPORARY_PREFIX } from '../global-setup.js';

const MISSING = xapianMissing('/usr/bin/python3');
if (MISSING !== undefined) console.warn(`${MISSING} (as .ci/run does): the Xapian peer's tests are skipped`);

const DOCUMENTS = [
  { id: 'harbour', title: 'Floods close the harbour', body: 'The harbour was shut after heavy rain. Ships waited outside.' },
  { id: 'council', title: 'Council budget approved', body: 'The council approved its budget; flooding was mentioned once.' },
  { id: 'tram', title: 'Tram line extended', body: 'The new tram line reaches the harbour district next spring.' },
  { id: 'cocoa', title: 'Cocoa prices rise', body: 'Cocoa traders expect higher prices after a poor harvest.' },
];

// The adapter's databases, by the prefix it gives their directories.
async function xapianDirectories(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('gazette-bench-xapian-'));
}

describe.skipIf(MISSING !== undefined)('Xapian as a benchmark peer', () => {
  const peer = new XapianPeer();
  afterAll(() => peer.close());

  it('ranks with the English stemmer, the title weighted, OR between the words', async () => {
    const before = await xapianDirectories();
    await peer.build(DOCUMENTS);
    // "flooded" stems as "floods" and "flooding" do; the title's match outranks the body's.
    expect(await peer.search('flooded', 10)).toEqual(['harbour', 'council']);
    // OR: either word finds a document; the one with both comes first.
    expect((await peer.search('tram harbour', 10))[0]).toBe('tram');
    expect(await peer.search('cocoa', 1)).toEqual(['cocoa']);
    // Query syntax is not Xapian's to read: AND, quotes and signs are words or nothing.
    expect(await peer.search('"cocoa" AND -prices', 10)).toContain('cocoa');
    expect(await peer.search('zebra', 10)).toEqual([]);
    expect((await xapianDirectories()).length).toBe(before.length + 1);
  });

  it('times its searches and measures its memory in its own process', async () => {
    const timed = await peer.timedSearch('harbour', 10);
    expect(timed.ids[0]).toBe('harbour');
    expect(timed.ms).toBeGreaterThan(0);
    expect(timed.ms).toBeLessThan(1000);
    const figures = await peer.figures();
    expect(figures.buildSeconds).toBeGreaterThan(0);
    expect(figures.peakRssMb).toBeGreaterThan(5);
    expect(figures.peakRssMb).toBeGreaterThanOrEqual(figures.rssAfterBuildMb);
    expect(figures.diskMb).toBeGreaterThan(0);
  });

  it('removes its database when closed', async () => {
    const before = await xapianDirectories();
    const other = new XapianPeer();
    await other.build(DOCUMENTS);
    expect((await xapianDirectories()).length).toBe(before.length + 1);
    await other.close();
    expect(await xapianDirectories()).toEqual(before);
  });

  it('is a row of the benchmark, its figures from its own process', async () => {
    const folder = await mkdtemp(join(tmpdir(), TEMPORARY_PREFIX));
    const corpus = join(folder, 'tiny.jsonl');
    await writeFile(corpus, DOCUMENTS.map((doc) => JSON.stringify({ ...doc, date: '1987-03-01T00:00:00Z' })).join('\n'));
    const run = await runBenchmark({ corpus, scales: [], engines: ['xapian'], queries: 6, repetitions: 1, out: folder, log: () => {} });
    const [result] = run.corpora[0]?.results ?? [];
    if (result === undefined || 'error' in result || 'skipped' in result) throw new Error(`no Xapian figures: ${JSON.stringify(result)}`);
    expect(result.name).toBe('Xapian');
    expect(result.measuredIn).toBe('its Python process');
    expect(result.query.samples).toBe(6);
    expect(result.withHandOver?.query.samples).toBe(6);
    expect(result.peakRssMb).toBeGreaterThan(5);
    expect(existsSync(join(folder, 'bench.md'))).toBe(true);
  }, 60_000);
});

describe('Xapian where it is not installed', () => {
  it('says why, and the benchmark skips its row rather than failing', async () => {
    const peer = new XapianPeer({ python: '/nonexistent/python3' });
    await expect(peer.build(DOCUMENTS)).rejects.toBeInstanceOf(PeerUnavailableError);
    expect(xapianMissing('/nonexistent/python3')).toMatch(/cannot be run/);
  });

  it('leaves a row that says it was skipped, and why', async () => {
    const folder = await mkdtemp(join(tmpdir(), TEMPORARY_PREFIX));
    const corpus = join(folder, 'tiny.jsonl');
    await writeFile(corpus, DOCUMENTS.map((doc) => JSON.stringify(doc)).join('\n'));
    // The worker process inherits the environment: it looks for Python where there is none.
    process.env.GAZETTE_XAPIAN_PYTHON = '/nonexistent/python3';
    try {
      const lines: string[] = [];
      const run = await runBenchmark({
        corpus,
        scales: [],
        engines: ['xapian'],
        queries: 6,
        repetitions: 1,
        out: folder,
        log: (line) => lines.push(line),
      });
      expect(run.corpora[0]?.results[0]).toMatchObject({ engine: 'xapian', skipped: expect.stringMatching(/python3-xapian/) });
      expect(lines.join('\n')).toMatch(/xapian skipped: /);
      expect(await readFile(join(folder, 'bench.md'), 'utf8')).toMatch(/\| xapian \| skipped: /);
    } finally {
      delete process.env.GAZETTE_XAPIAN_PYTHON;
    }
  }, 60_000);
});
