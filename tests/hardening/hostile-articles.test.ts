import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Article, SearchEngine } from '../../src/index.js';

// Files built to break an indexer, generated here (never committed). Each must end as a
// reported rejection (or a repaired article) in bounded time and memory, and the good
// article beside it must still be indexed.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gazette-hardening-'));
  await writeFile(
    join(dir, 'good.jsonl'),
    `${JSON.stringify({ id: 'good', title: 'Harbour reopens', body: 'The harbour reopened after the storm.' })}\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function indexWithGood(name: string, write: (path: string) => Promise<void>) {
  const path = join(dir, name);
  await write(path);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const { engine, report } = await SearchEngine.fromFiles([path, join(dir, 'good.jsonl')]);
  const seconds = (performance.now() - started) / 1000;
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  await rm(path, { force: true });
  expect(engine.search({ q: 'harbour' }).hits.map((hit) => hit.id)).toContain('good');
  return { engine, report, seconds, heapGrowthMb };
}

describe('hostile article files', () => {
  it('a JSON line nested 200,000 deep is rejected with its line number', async () => {
    const { report, seconds } = await indexWithGood('nested.jsonl', (path) =>
      writeFile(
        path,
        `${'['.repeat(200_000)}${']'.repeat(200_000)}\n${JSON.stringify({ id: 'after', title: 'After', body: 'still read' })}\n`,
      ),
    );
    expect(report.rejected).toEqual(expect.arrayContaining([expect.objectContaining({ path: join(dir, 'nested.jsonl'), line: 1 })]));
    expect(seconds).toBeLessThan(10);
  });

  it('an HTML page of 100,000 nested elements (a billion-laughs shape) is read as text, not hung on', async () => {
    const { engine, report, seconds } = await indexWithGood('laughs.html', (path) =>
      writeFile(
        path,
        `<html><head><title>Laughs</title></head><body>${'<div><span>lol '.repeat(100_000)}${'</span></div>'.repeat(100_000)}</body></html>`,
      ),
    );
    expect(report.articles).toBe(2);
    expect(report.repaired).toEqual([
      expect.objectContaining({ path: join(dir, 'laughs.html'), reason: expect.stringContaining('nested more than 512 deep') }),
    ]);
    expect(engine.search({ q: 'lol' }).hits.map((hit) => hit.title)).toEqual(['Laughs']);
    expect(seconds).toBeLessThan(30);
  }, 90_000);

  it('a 50 MB single-line story file is indexed or refused in bounded time', async () => {
    const { report, seconds } = await indexWithGood('one-line.txt', (path) => writeFile(path, `Title\n\n${'word '.repeat(10_000_000)}`));
    expect(report.articles + report.rejected.length).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(120);
  }, 150_000);

  it('a gzip bomb (1 GB of zeros in about 1 MB) is refused by the record limit without inflating it into memory', async () => {
    const { report, heapGrowthMb } = await indexWithGood('bomb.jsonl.gz', async (path) => {
      const chunk = Buffer.alloc(1024 * 1024, 0x30);
      let left = 1024;
      const zeros = new Readable({
        read() {
          this.push(left-- > 0 ? chunk : null);
        },
      });
      await pipeline(zeros, createGzip({ level: 9 }), createWriteStream(path));
    });
    expect(report.rejected.some((problem) => problem.path === join(dir, 'bomb.jsonl.gz'))).toBe(true);
    expect(heapGrowthMb).toBeLessThan(512);
  }, 120_000);
});

describe('hostile article objects', () => {
  const story = { title: 'Harbour reopens', body: 'The harbour reopened after the storm.', tags: [] };

  it('are checked by the fields they hold: 100,000 unknown ones, a "__proto__" key, no prototype', async () => {
    const crowded = { id: 'crowded', ...story, ...Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`x${i}`, i])) };
    const protoKey = JSON.parse('{"id":"proto","title":"Harbour fees","body":"The harbour raised its fees.","__proto__":{"date":5}}');
    const bare = Object.assign(Object.create(null) as object, { id: 'bare', ...story });
    const engine = await SearchEngine.fromArticles([crowded, protoKey, bare]);
    expect(new Set(engine.search({ q: 'harbour' }).hits.map((hit) => hit.id))).toEqual(new Set(['crowded', 'proto', 'bare']));
  });

  it('name an optional field of the wrong type, given or inherited, and index nothing', async () => {
    const inherited = Object.assign(Object.create({ date: 5 }) as object, { id: 'inherited', ...story });
    await expect(SearchEngine.fromArticles([inherited])).rejects.toThrow(
      /article\.date: must be a string when given \(article "inherited"\)/,
    );
    const huge = { id: 'huge-url', ...story, url: ['x'.repeat(1_000_000)] };
    await expect(SearchEngine.fromArticles([huge as unknown as Article])).rejects.toThrow(/article\.url: must be a string when given/);
  });
});
