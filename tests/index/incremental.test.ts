import { mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchEngine as Engine, type SearchEngine, type SearchResponse } from '../../src/index.js';
import { QUERIES, record, removeTemporaryFolders, temporaryFolder, writeJsonLines, writeStory } from '../lifecycle/corpus.js';

// Results compared as a full rebuild's: article numbers (and so the order of equal
// scores) may differ after an incremental rebuild, nothing else may.
function comparable(response: SearchResponse) {
  return {
    total: response.total,
    hits: response.hits
      .map((hit) => ({ ...hit, score: Math.round(hit.score * 100) / 100 }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)),
    facets: response.facets,
  };
}

function expectSameResults(incremental: SearchEngine, full: SearchEngine): void {
  expect(incremental.size).toBe(full.size);
  for (const q of [...QUERIES, '']) {
    for (const sort of ['relevance', 'date'] as const) {
      const request = { q, sort, limit: 100 };
      expect(comparable(incremental.search(request)), `${q} by ${sort}`).toEqual(comparable(full.search(request)));
    }
  }
}

async function corpusFolder(): Promise<{ root: string; wire: string; stories: string }> {
  const root = await temporaryFolder();
  return { root, wire: join(root, 'wire.jsonl'), stories: join(root, 'stories') };
}

afterAll(removeTemporaryFolders);

describe('incremental rebuild', () => {
  it('gives the same results as a full rebuild after files are added, changed, touched and removed', async () => {
    const { root, wire, stories } = await corpusFolder();
    const index = join(root, 'index');
    const inputs = [wire, stories];
    await writeJsonLines(
      wire,
      Array.from({ length: 60 }, (_, n) => record(`w${n}`, n)),
    );
    for (let n = 0; n < 8; n++) await writeStory(stories, `story-${n}`, 1000 + n);
    const first = await Engine.update(index, inputs);
    expect(first.counts).toMatchObject({ added: 68, removed: 0 });

    // Between runs: a line changed, one removed, two added (shifting later lines), a story
    // added, one deleted, one rewritten, one only touched.
    const changed = Array.from({ length: 60 }, (_, n) => record(`w${n}`, n));
    changed[5] = record('w5', 5005);
    changed.splice(10, 1);
    changed.splice(2, 0, record('w-new-1', 7001), record('w-new-2', 7002));
    await writeJsonLines(wire, changed);
    await writeStory(stories, 'story-new', 2000);
    await rm(join(stories, 'story-3.txt'));
    await writeStory(stories, 'story-4', 3004);
    await utimes(join(stories, 'story-6.txt'), new Date(), new Date('2030-01-01'));

    const second = await Engine.update(index, inputs);
    expect(second.changes).toMatchObject({ added: [join(stories, 'story-new.txt')], removed: [join(stories, 'story-3.txt')] });
    expect(second.changes.changed.sort()).toEqual([wire, join(stories, 'story-4.txt')].sort());
    expect(second.counts).toMatchObject({ added: 3, replaced: 2, removed: 2 });

    const { engine: full } = await Engine.fromFiles(inputs);
    expectSameResults(second.engine, full);
    expectSameResults(await Engine.open(index), full);
    expect((await Engine.open(index)).article('w12')?.source).toBe(`${wire}:14`);
  });

  it('writes nothing when no input changed', async () => {
    const { root, wire } = await corpusFolder();
    const index = join(root, 'index');
    await writeJsonLines(wire, [record('only', 1)]);
    const first = await Engine.update(index, [wire]);
    const again = await Engine.update(index, [wire]);
    expect(again.counts).toBeUndefined();
    expect(again.version).toBeUndefined();
    expect((await Engine.open(index)).info().version).toBe(first.version);
  });

  it('removes every article of an input file that is gone', async () => {
    const { root, wire } = await corpusFolder();
    // Not under the input folder, or ingest would read the index's own JSON files.
    const index = join(await temporaryFolder(), 'index');
    const other = join(root, 'other.jsonl');
    await writeJsonLines(wire, [record('a', 1), record('b', 2)]);
    await writeFile(other, `${JSON.stringify(record('c', 3))}\n`);
    await Engine.update(index, [root]);
    await rm(other);
    const { engine, counts } = await Engine.update(index, [root]);
    expect(counts?.removed).toBe(1);
    expect([...engine.ids()].sort()).toEqual(['a', 'b']);
    expect(engine.search({ q: '', limit: 10 }).total).toBe(2);
  });

  it('lists the files of an input given as a link to a folder as ingest reads them: up to date when unchanged, one change seen', async () => {
    const root = await temporaryFolder();
    const index = join(await temporaryFolder(), 'index');
    const release = join(root, 'releases', '2026');
    const current = join(root, 'current');
    await mkdir(release, { recursive: true });
    await writeJsonLines(join(release, 'wire.jsonl'), [record('a', 1)]);
    await symlink(release, current);
    expect((await Engine.update(index, [current])).engine.size).toBe(1);
    expect((await Engine.update(index, [current])).counts).toBeUndefined();
    await writeJsonLines(join(release, 'wire.jsonl'), [record('a', 1), record('b', 2)]);
    const { engine, changes } = await Engine.update(index, [current]);
    expect(changes.changed).toHaveLength(1);
    expect([...engine.ids()].sort()).toEqual(['a', 'b']);
  });
});
