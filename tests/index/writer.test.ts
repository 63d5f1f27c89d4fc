import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Article, IndexLockedError, IndexNotWritableError, InvalidParameterError, SearchEngine } from '../../src/index.js';
import { article } from '../helpers.js';

const folders: string[] = [];
const open: SearchEngine[] = [];
afterEach(async () => {
  for (const engine of open.splice(0)) await engine.close();
  await Promise.all(folders.splice(0).map((made) => rm(made, { recursive: true, force: true })));
});

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'gazette-writer-'));
  folders.push(made);
  return join(made, 'index');
}

const STORIES: Article[] = [
  article({
    id: 'a1',
    title: 'Harbour strike ends',
    body: 'Dock workers return after a two week strike at the harbour.',
    date: '2024-03-01T00:00:00Z',
  }),
  article({ id: 'a2', title: 'Council passes budget', body: 'The city council passed the budget for the harbour and the schools.' }),
  article({ id: 'a3', title: 'Flood warning', body: 'Heavy rain brings a flood warning to the river towns.', tags: ['weather'] }),
];

async function writable(directory: string, initial: Article[] = []): Promise<SearchEngine> {
  await (await SearchEngine.fromArticles(initial)).save(directory);
  const engine = await SearchEngine.open(directory, { write: true, refreshIntervalMs: 60_000, flushIntervalMs: 60_000 });
  open.push(engine);
  return engine;
}

const ids = (engine: SearchEngine, q: string) => engine.search({ q }).hits.map((hit) => hit.id);

describe('an index opened for writing', () => {
  it('takes adds, replacements and removals, searchable after refresh and durable after commit', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES.slice(0, 1));
    expect(engine.add(STORIES[1] as Article)).toBe(true);
    expect(engine.add(STORIES[1] as Article)).toBe(false);
    // Not searchable before a refresh, but read back by id at once (as Elasticsearch's GET is).
    expect(ids(engine, 'budget')).toEqual([]);
    expect(engine.article('a2')?.title).toBe('Council passes budget');
    const seq = await engine.commit();
    expect(engine.refresh()).toBe(seq);
    expect(ids(engine, 'budget')).toEqual(['a2']);

    expect(engine.replace(article({ id: 'a2', title: 'Council rejects budget', body: 'A vote against the plan.' }))).toBe(true);
    expect(engine.remove('a1')).toBe(true);
    expect(engine.remove('a1')).toBe(false);
    expect(engine.article('a1')).toBeUndefined();
    await engine.commit();
    engine.refresh();
    expect(ids(engine, 'rejects')).toEqual(['a2']);
    expect(ids(engine, 'harbour')).toEqual([]);
    expect(engine.size).toBe(1);
  });

  it('keeps what was committed when the process dies without closing, and applies each write once', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES.slice(0, 1));
    engine.add(STORIES[1] as Article);
    engine.replace(article({ id: 'a1', title: 'Harbour strike resumes', body: 'The strike is back.' }));
    await engine.commit();
    // Not closed, not flushed: only the write-ahead log has these. A second process finds the
    // folder locked by a live process (this one), so the test gives the lock up by hand.
    await abandon(engine);
    const reopened = await SearchEngine.open(directory, { write: true });
    open.push(reopened);
    expect(reopened.size).toBe(2);
    expect(ids(reopened, 'resumes')).toEqual(['a1']);
    expect(ids(reopened, 'budget')).toEqual(['a2']);
    // Replayed and flushed into a segment: a reader sees them too.
    expect((await SearchEngine.open(directory)).size).toBe(2);
  });

  it('refuses a rebuild that would lose acknowledged writes, and never replays old ones over a rebuild', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    engine.add(article({ id: 'late', title: 'Late story', body: 'Only in the log.' }));
    await engine.commit();
    await abandon(engine);
    const rebuilt = await SearchEngine.fromArticles(STORIES.slice(0, 1));
    await expect(rebuilt.save(directory)).rejects.toThrow(/holds 1 acknowledged write\(s\) not in the index yet/);
    // Recovered by a writer, then rebuilt: the rebuild is the index, and the old log is not applied over it.
    await (await SearchEngine.open(directory, { write: true })).close();
    expect((await SearchEngine.open(directory)).article('late')).toBeDefined();
    await rebuilt.save(directory);
    const reopened = await SearchEngine.open(directory, { write: true });
    open.push(reopened);
    expect([...reopened.ids()]).toEqual(['a1']);
  });

  it('refuses a second writer, and writes on an engine opened for reading', async () => {
    const directory = folder();
    await writable(directory, STORIES);
    await expect(SearchEngine.open(directory, { write: true })).rejects.toBeInstanceOf(IndexLockedError);
    const reader = await SearchEngine.open(directory);
    expect(() => reader.add(article({ id: 'x', title: 'x' }))).not.toThrow();
    await expect(async () => reader.commit()).rejects.toBeInstanceOf(IndexNotWritableError);
  });

  it('ranks the same whether the articles came in one segment or in many', async () => {
    const many = Array.from({ length: 60 }, (_, n) =>
      article({
        id: `s${n}`,
        title: `Story ${n} about ${n % 3 === 0 ? 'the harbour strike' : n % 3 === 1 ? 'the council budget' : 'river floods'}`,
        body: `Report number ${n}. ${'harbour '.repeat(n % 4)}${'budget '.repeat(n % 5)}flood warnings ${n % 7} times.`,
        date: `2024-0${1 + (n % 9)}-1${n % 10}T00:00:00Z`,
      }),
    );
    // Ties break by order of arrival, as in Lucene: the one-segment index gets the articles in
    // the order the writer's last writes left them (the ten replaced ones last).
    const whole = await SearchEngine.fromArticles([...many.slice(10), ...many.slice(0, 10)]);
    const directory = folder();
    const engine = await writable(directory);
    for (let start = 0; start < many.length; start += 7) {
      for (const story of many.slice(start, start + 7)) engine.add(story);
      await engine.flush();
    }
    // Ten articles replaced by themselves: the statistics must forget the old copies.
    for (const story of many.slice(0, 10)) engine.replace(story);
    await engine.flush();
    const reopened = await SearchEngine.open(directory);
    for (const q of ['harbour', 'budget flood', 'council', 'river warnings', '"harbour strike"']) {
      const expected = whole.search({ q, limit: 60 }).hits.map((hit) => [hit.id, hit.score]);
      expect(engine.search({ q, limit: 60 }).hits.map((hit) => [hit.id, hit.score])).toEqual(expected);
      expect(reopened.search({ q, limit: 60 }).hits.map((hit) => [hit.id, hit.score])).toEqual(expected);
    }
  });

  it('merges small segments by the tiered policy and folds them into a new base as they grow', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    for (let n = 0; n < 25; n++) {
      engine.add(article({ id: `m${n}`, title: `Market report ${n}`, body: 'Shares rose.' }));
      await engine.flush();
    }
    const manifest = JSON.parse(
      readFileSync(join(directory, readFileSync(join(directory, 'CURRENT'), 'utf8').trim(), 'manifest.json'), 'utf8'),
    );
    // 25 one-write segments: each tier of ten merged into one.
    expect(manifest.meta.segments.length).toBeLessThan(10);
    expect((await SearchEngine.open(directory)).size).toBe(28);
    // A replaced commit point stays a minute (a reader may be loading it), then goes with what only it used.
    const versions = () => readdirSync(directory).filter((name) => name.startsWith('v-')).length;
    expect(versions()).toBeGreaterThan(12);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      engine.add(article({ id: 'later', title: 'Two minutes later', body: '.' }));
      await engine.flush();
      expect(versions()).toBeLessThan(12);
    } finally {
      vi.useRealTimers();
    }
    expect((await SearchEngine.open(directory)).size).toBe(29);
  });

  it('folds segments into a new base, in another process, once they outgrow their share, and searches go on meanwhile', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    const reader = await SearchEngine.open(directory);
    const live = () =>
      JSON.parse(readFileSync(join(directory, readFileSync(join(directory, 'CURRENT'), 'utf8').trim(), 'manifest.json'), 'utf8'));
    const firstBase = live().meta.base ?? live().version;
    for (let n = 0; n < 2_100; n++) engine.add(article({ id: `f${n}`, title: `Filing ${n}`, body: `Quarterly filing number ${n}.` }));
    let folded = false;
    const flushing = engine.flush().then(() => (folded = true));
    // The fold runs in a child process (a whole load and save): this one answers meanwhile.
    let answered = 0;
    while (!folded) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (folded) break;
      expect(ids(engine, '"harbour strike"')).toEqual(['a1']);
      answered++;
    }
    await flushing;
    expect(answered).toBeGreaterThan(0);
    const manifest = live();
    expect(manifest.meta.base).not.toBe(firstBase);
    expect(manifest.meta.segments).toEqual([]);
    expect(manifest.meta.seq).toBe(engine.info().seq);
    expect((await SearchEngine.open(directory)).size).toBe(2_103);
    // A reader over the old base cannot apply segments to it: it is told to open the new one.
    expect(await reader.catchUp()).toBe('reload');
  });

  it('goes on flushing segments while a fold runs, and keeps the new base and those segments', async () => {
    const directory = folder();
    await (await SearchEngine.fromArticles(STORIES)).save(directory);
    // Segments flushed every 20 ms: several are written while the fold's process loads and writes.
    const engine = await SearchEngine.open(directory, { write: true, refreshIntervalMs: 60_000, flushIntervalMs: 20 });
    open.push(engine);
    for (let n = 0; n < 2_100; n++) engine.add(article({ id: `f${n}`, title: `Filing ${n}`, body: `Quarterly filing number ${n}.` }));
    let folded = false;
    const flushing = engine.flush().then(() => (folded = true));
    const versions = new Set<string>();
    let during = 0;
    while (!folded) {
      engine.add(article({ id: `d${during}`, title: `Written during the fold ${during}`, body: 'Late filing.' }));
      during++;
      await engine.commit();
      await new Promise((resolve) => setTimeout(resolve, 25));
      versions.add(readFileSync(join(directory, 'CURRENT'), 'utf8').trim());
    }
    await flushing;
    // Commit points were written while the fold ran: the fold did not hold the flushes up.
    expect(versions.size).toBeGreaterThan(2);
    await engine.flush();
    const reopened = await SearchEngine.open(directory);
    expect(reopened.size).toBe(3 + 2_100 + during);
    expect(reopened.search({ q: '"late filing"' }).total).toBe(during);
    expect(reopened.article(`d${during - 1}`)?.title).toBe(`Written during the fold ${during - 1}`);
    expect(reopened.article('f2099')?.title).toBe('Filing 2099');
    await reopened.close();
  });

  it('lets a reader catch up with the writer without reopening', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    const reader = await SearchEngine.open(directory);
    engine.add(article({ id: 'n1', title: 'Night ferry cancelled', body: 'Storms.' }));
    await engine.commit();
    expect(await reader.catchUp()).toBe('current');
    await engine.flush();
    expect(await reader.catchUp()).toBe('applied');
    expect(ids(reader, 'ferry')).toEqual(['n1']);
    expect(reader.info().seq).toBe(engine.info().seq);
  });
});

// What a kill -9 leaves: the log and segments as they are, and a lock whose holder is gone.
async function abandon(engine: SearchEngine): Promise<void> {
  const writer = (engine as unknown as { writer: { lock: { release(): Promise<void> }; timers: NodeJS.Timeout[] } }).writer;
  for (const timer of writer.timers) clearInterval(timer);
  await writer.lock.release();
  open.splice(open.indexOf(engine), 1);
}

describe('lookups of an index that keeps changing', () => {
  it('find words added after the vocabulary was first sorted, by prefix, typo and sound', async () => {
    const engine = await SearchEngine.fromArticles(STORIES);
    expect(ids(engine, 'harb*')).toEqual(['a1', 'a2']);
    engine.add(article({ id: 'h1', title: 'Harbinger of spring', body: 'Gaddafi visits.' }));
    engine.add(article({ id: 'h2', title: 'Tagged', body: 'x', tags: ['Harbormaster'] }));
    expect(ids(engine, 'harbi*')).toEqual(['h1']);
    expect(ids(engine, 'harbingr~1')).toEqual(['h1']);
    expect(engine.search({ q: 'qaddafi', typoTolerance: true }).hits.map((hit) => hit.id)).toContain('h1');
    expect(ids(engine, 'harbormast*')).toEqual(['h2']);
  });
});

describe('the newest-first order of an index that keeps changing', () => {
  it('is the order a fresh index of the same articles has', async () => {
    const dated = (id: string, date?: string) =>
      article({ id, title: `Story ${id}`, body: 'News.', ...(date === undefined ? {} : { date }) });
    const engine = await SearchEngine.fromArticles([dated('a', '2024-01-02T00:00:00Z'), dated('b'), dated('c', '2024-03-01T00:00:00Z')]);
    const newest = (index: SearchEngine) => index.search({ q: '', sort: 'date', limit: 20 }).hits.map((hit) => hit.id);
    expect(newest(engine)).toEqual(['c', 'a', 'b']);
    engine.add(dated('d', '2024-02-01T00:00:00Z'));
    engine.add(dated('e'));
    engine.remove('c');
    engine.add(dated('f', '2025-01-01T00:00:00Z'));
    const fresh = await SearchEngine.fromArticles(['a', 'b', 'd', 'e', 'f'].map((id) => engine.article(id) as Article));
    expect(newest(engine)).toEqual(newest(fresh));
    expect(newest(engine)).toEqual(['f', 'd', 'a', 'b', 'e']);
  });
});

describe('an index that takes articles while it is searched', () => {
  it('scores as a fresh index of the same articles, through its partial and whole inversions', async () => {
    const words = ['harbour', 'strike', 'council', 'budget', 'flood', 'river', 'election', 'vote', 'bank', 'rate', 'grain', 'port'];
    const story = (n: number) =>
      article({
        id: `t${n}`,
        title: `${words[n % 12]} ${words[(n * 7) % 12]} report ${n}`,
        body: Array.from({ length: 120 }, (_, k) => `${words[(n * k + k) % 12]}${k % 9 === 0 ? ` w${n % 37}` : ''}`).join(' '),
      });
    const engine = await SearchEngine.fromArticles(Array.from({ length: 200 }, (_, n) => story(n)));
    const queries = ['harbour strike', 'w5 budget', 'flood river vote', '"bank rate"'];
    for (let n = 200; n < 1_400; n++) {
      engine.add(story(n));
      if (n % 97 === 0) engine.remove(`t${n - 150}`);
      // Searched between writes, as a server is: inversions of the recent articles happen on the way.
      if (n % 50 === 0) for (const q of queries) engine.search({ q, limit: 5 });
    }
    const kept = [...engine.ids()].map((id) => engine.article(id) as Article);
    const fresh = await SearchEngine.fromArticles(kept);
    for (const q of queries) {
      expect(engine.search({ q, limit: 50 }).hits.map((hit) => [hit.id, hit.score])).toEqual(
        fresh.search({ q, limit: 50 }).hits.map((hit) => [hit.id, hit.score]),
      );
    }
  });
});

describe('the write-ahead log', () => {
  it('reads back a file of more records than a call takes arguments', async () => {
    const directory = folder();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(directory, { recursive: true });
    const { WriteAheadLog } = await import('../../src/index/write-ahead-log.js');
    const { log } = await WriteAheadLog.open<{ seq: number }>(directory);
    for (let seq = 1; seq <= 150_000; seq++) log.append({ seq });
    await log.close();
    const { records } = await WriteAheadLog.open<{ seq: number }>(directory);
    expect(records.length).toBe(150_000);
    expect(records.at(-1)).toEqual({ seq: 150_000 });
  });

  it('recovers every whole record of a log cut short or damaged by a crash, and cuts the rest off', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    engine.add(article({ id: 'whole', title: 'Whole record', body: 'Acknowledged.' }));
    await engine.commit();
    await abandon(engine);
    const { appendFileSync, readdirSync: list, statSync } = await import('node:fs');
    const log = list(directory).find((name) => name.startsWith('wal-')) as string;
    const whole = statSync(join(directory, log)).size;
    // Half a record (a length promising more than follows), as a kill in the middle of a write leaves.
    appendFileSync(join(directory, log), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 123, 34]));
    const reopened = await SearchEngine.open(directory, { write: true });
    open.push(reopened);
    expect(reopened.article('whole')?.title).toBe('Whole record');
    expect(reopened.size).toBe(4);
    // Cut back to its whole records, or folded away with them into a segment.
    const left = list(directory).filter((name) => name === log);
    if (left.length > 0) expect(statSync(join(directory, log)).size).toBe(whole);
  });

  it('refuses every write after an fsync of the log failed, and keeps what was acknowledged before', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    engine.add(article({ id: 'acked', title: 'Acknowledged', body: 'Before the failure.' }));
    await engine.commit();
    engine.add(article({ id: 'unlucky', title: 'Unlucky', body: 'Written as the disk fails.' }));
    // The next fsync of any file fails once, as a dying disk's would (EIO).
    const { open: openFile } = await import('node:fs/promises');
    const probe = await openFile(join(directory, 'CURRENT'), 'r');
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const datasync = prototype.datasync;
    prototype.datasync = async () => {
      prototype.datasync = datasync;
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    };
    try {
      await expect(engine.flush()).rejects.toThrow();
    } finally {
      prototype.datasync = datasync;
    }
    expect(() => engine.add(article({ id: 'after', title: 'After', body: '.' }))).toThrow(IndexNotWritableError);
    await expect(engine.commit()).rejects.toBeInstanceOf(IndexNotWritableError);
    await abandon(engine);
    const reopened = await SearchEngine.open(directory, { write: true });
    open.push(reopened);
    expect(reopened.article('acked')).toBeDefined();
    expect(reopened.article('after')).toBeUndefined();
  });
});

describe('a commit point', () => {
  it('opens with a segment of more writes than a call takes arguments', async () => {
    const directory = folder();
    await (await SearchEngine.fromArticles(STORIES)).save(directory);
    const { saveCommitPoint } = await import('../../src/index/index-files.js');
    const { DEFAULT_ANALYZER } = await import('../../src/index.js');
    const base = readFileSync(join(directory, 'CURRENT'), 'utf8').trim();
    // Removals of ids that are not there: cheap to apply, as many as a long bulk load's segment holds.
    const ops = Array.from({ length: 130_000 }, (_, n) => ({ seq: n + 1, remove: `gone-${n}` }));
    ops.push({ seq: 130_001, remove: 'a3' });
    await saveCommitPoint(directory, { base, segments: [], ops, seq: 130_001, articleCount: 2, analyzer: DEFAULT_ANALYZER });
    const opened = await SearchEngine.open(directory);
    expect([...opened.ids()].sort()).toEqual(['a1', 'a2']);
  });
});

describe('articles handed to the engine', () => {
  it('are checked before anything is indexed or logged; tags left out are none', async () => {
    const directory = folder();
    const engine = await writable(directory, STORIES);
    expect(engine.replace({ id: 'n1', title: 'No tags given', body: 'Still an article.' } as Article)).toBe(false);
    expect(() => engine.add({ id: 'bad', title: 42, body: '' } as unknown as Article)).toThrow(/article\.title: must be a string/);
    expect(() => engine.replace({ id: 'bad', title: 't', body: 'b', tags: 'x' } as unknown as Article)).toThrow(InvalidParameterError);
    expect(() => engine.add({ title: 't', body: 'b', tags: [] } as unknown as Article)).toThrow(/article\.id/);
    expect(() => engine.add({ id: 'bad', title: 't', body: 'b', tags: ['a', 7] } as unknown as Article)).toThrow(/article\.tags/);
    for (const field of ['date', 'rawDate', 'updated', 'author', 'url', 'source']) {
      const malformed = { id: 'bad', title: 't', body: 'b', tags: [], [field]: 2024 } as unknown as Article;
      expect(() => engine.add(malformed)).toThrow(new RegExp(`article\\.${field}: must be a string when given`));
    }
    await engine.commit();
    engine.refresh();
    expect(ids(engine, 'tags given')).toEqual(['n1']);
    await abandon(engine);
    // Nothing malformed was logged: the index opens, with the good article.
    const reopened = await SearchEngine.open(directory, { write: true });
    open.push(reopened);
    expect(reopened.article('n1')?.tags).toEqual([]);
    expect(reopened.article('bad')).toBeUndefined();
    const inMemory = await SearchEngine.fromArticles([{ id: 'm', title: 'Memory', body: 'only' } as Article]);
    expect(inMemory.search({ q: 'memory' }).hits.map((hit) => hit.id)).toEqual(['m']);
  });
});

describe('an incremental rebuild of an index that also takes writes', () => {
  it('keeps the articles written through the API, and syncs those of the files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gazette-writer-sync-'));
    const articles = join(root, 'articles');
    const directory = join(root, 'index');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(articles);
    writeFileSync(join(articles, 'a.jsonl'), `${JSON.stringify({ id: 'f1', title: 'Filed story', body: 'From a file.' })}\n`);
    await SearchEngine.update(directory, [articles]);
    const engine = await SearchEngine.open(directory, { write: true });
    engine.replace({ id: 'w1', title: 'Written story', body: 'Through the API.', tags: [], source: 'api' });
    await engine.close();
    writeFileSync(join(articles, 'a.jsonl'), `${JSON.stringify({ id: 'f2', title: 'Other filed story', body: 'Replaces f1.' })}\n`);
    const { counts } = await SearchEngine.update(directory, [articles]);
    expect(counts).toMatchObject({ added: 1, removed: 1 });
    expect([...(await SearchEngine.open(directory)).ids()].sort()).toEqual(['f2', 'w1']);
  });
});

describe('the lock of an index folder', () => {
  it('leaves no file behind a writer killed while taking it, once the next save cleans up', async () => {
    const directory = folder();
    await (await SearchEngine.fromArticles(STORIES)).save(directory);
    const { writeFileSync } = await import('node:fs');
    // What a writer killed between writing its lock beside and linking it in leaves (a pid no process has).
    writeFileSync(join(directory, 'LOCK.999999999-abc123.tmp'), '{"pid":999999999}\n');
    await (await SearchEngine.fromArticles(STORIES.slice(0, 1))).save(directory);
    expect(readdirSync(directory).filter((name) => name.startsWith('LOCK'))).toEqual([]);
    expect((await SearchEngine.open(directory)).size).toBe(1);
  });
});
