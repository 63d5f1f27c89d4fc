import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { searchCommand } from '../../src/cli/search.js';
import { type Article, type SearchEngine, SearchTimeoutError } from '../../src/index.js';
import { article, engineOf } from '../helpers.js';
import { quietApp } from '../http/server-under-test.js';

const FIRST_TAKE =
  'Cominco Ltd said it lowered the price of lead metal sold in Canada by one cent to 31 Canadian cents a pound, effective immediately, citing weak demand from battery makers and a build up of stocks at the Trail smelter in British Columbia.';

// Three versions of one story (the first take, an update with a sentence more, a correction of
// one figure), two other stories on lead, and one on another metal.
const STORIES: Article[] = [
  article({ id: 'lead-1', title: 'Cominco lowers price of lead metal', body: FIRST_TAKE, date: '1987-03-02T10:00:00Z' }),
  article({
    id: 'lead-2',
    title: 'UPDATE 1-Cominco lowers price of lead metal',
    body: `${FIRST_TAKE} Other Canadian producers are expected to follow the cut later this week.`,
    date: '1987-03-02T14:00:00Z',
  }),
  article({
    id: 'lead-3',
    title: 'CORRECTED-Cominco lowers price of lead metal',
    body: FIRST_TAKE.replace('31 Canadian cents', '32 Canadian cents'),
    date: '1987-03-02T16:00:00Z',
  }),
  article({
    id: 'asarco',
    title: 'Asarco raises U.S. lead price',
    body: 'Asarco Inc said it raised its U.S. producer price for refined lead by half a cent to 26.50 cents a pound, the second rise this month as buying from battery makers picked up.',
  }),
  article({
    id: 'stocks',
    title: 'U.S. lead inventories rise in February',
    body: 'Lead inventories held by refiners rose to 88,000 tonnes at the end of February from 80,500 at the end of January, the American Bureau of Metal Statistics said.',
  }),
  article({ id: 'zinc', title: 'Zinc output steady', body: 'Zinc output at the smelters held steady through the month.' }),
];

describe('collapse=versions: each story once, its other versions listed under it', () => {
  let engine: SearchEngine;
  beforeAll(async () => {
    engine = await engineOf(STORIES);
  });

  it('folds the update and the correction into the best-ranked version, and keeps the other stories', () => {
    const plain = engine.search({ q: 'lead price' });
    expect(plain.hits.map((hit) => hit.id).filter((id) => id.startsWith('lead-'))).toHaveLength(3);
    expect(plain.hits.every((hit) => hit.versions === undefined)).toBe(true);

    const collapsed = engine.search({ q: 'lead price', collapse: 'versions' });
    const shown = collapsed.hits.map((hit) => hit.id);
    const story = collapsed.hits.find((hit) => hit.id.startsWith('lead-'));
    expect(shown.filter((id) => id.startsWith('lead-'))).toEqual([story?.id]);
    expect([story?.id, ...(story?.versions ?? [])].sort()).toEqual(['lead-1', 'lead-2', 'lead-3']);
    // Best first: the versions keep the order the ranking gave them.
    const ranked = plain.hits.map((hit) => hit.id).filter((id) => id.startsWith('lead-'));
    expect([story?.id, ...(story?.versions ?? [])]).toEqual(ranked);
    expect(shown).toEqual(expect.arrayContaining(['asarco', 'stocks']));
    expect(collapsed.hits.find((hit) => hit.id === 'asarco')?.versions).toBeUndefined();
    // The count and the facets are of every match, as without collapsing.
    expect(collapsed.total).toBe(plain.total);
    expect(collapsed.facets).toEqual(plain.facets);
  });

  it('pages over the stories, not over the versions', () => {
    const stories = engine.search({ q: 'lead', collapse: 'versions', limit: 100 }).hits.map((hit) => hit.id);
    expect(stories).toHaveLength(3);
    const paged = [0, 1, 2].flatMap((offset) =>
      engine.search({ q: 'lead', collapse: 'versions', limit: 1, offset }).hits.map((hit) => hit.id),
    );
    expect(paged).toEqual(stories);
    expect(engine.search({ q: 'lead', collapse: 'versions', limit: 1, offset: 3 }).hits).toEqual([]);
    expect(engine.rank({ q: 'lead', collapse: 'versions', limit: 100 }).map((hit) => hit.id)).toEqual(stories);
  });

  it('collapses the newest-first list of an empty query and a query sorted by date too', () => {
    for (const search of [{ q: '' }, { q: 'lead', sort: 'date' as const }]) {
      const ids = engine.search({ ...search, collapse: 'versions' }).hits.map((hit) => hit.id);
      expect(ids.filter((id) => id.startsWith('lead-'))).toEqual(['lead-3']);
    }
  });

  it('does not fold stories that share a paragraph but not most of their text', async () => {
    // A third of their word 3-grams shared (Jaccard 0.3): two stories, not two versions of one.
    const background =
      'Dock workers at the harbour have been in dispute with the port authority over pay since the spring, and the union says talks broke down twice.';
    const similar = await engineOf([
      article({
        id: 'a',
        title: 'Harbour strike ends',
        body: `The two week strike at the harbour ended on Monday after a vote. ${background} Ships queued outside for days.`,
      }),
      article({
        id: 'b',
        title: 'Harbour strike begins',
        body: `Dock workers walked out on Friday, closing the harbour to ships. ${background} Talks are set for next week.`,
      }),
    ]);
    const hits = similar.search({ q: 'harbour strike', collapse: 'versions' }).hits;
    expect(hits.map((hit) => hit.id).sort()).toEqual(['a', 'b']);
    expect(hits.every((hit) => hit.versions === undefined)).toBe(true);
  });

  it('looks further when versions crowd the window, so that paging reaches every story', async () => {
    // 300 re-sends of one story rank above 40 distinct stories: the first window of matches holds only the re-sends.
    const resent = Array.from({ length: 300 }, (_, n) =>
      article({ id: `resend-${n}`, title: 'Port strike strike strike', body: `${FIRST_TAKE} Port strike strike.` }),
    );
    const WORDS = ['harbour', 'council', 'budget', 'ferry', 'minister', 'river', 'school', 'tram', 'market', 'bridge'];
    const others = Array.from({ length: 40 }, (_, n) => {
      const [a, b, c] = [WORDS[n % 10], WORDS[(n * 3 + 1) % 10], WORDS[(n * 7 + 2) % 10]] as string[];
      return article({ id: `other-${n}`, title: `Report ${n}`, body: `A strike over the ${a}, then the ${b} and the ${c}: day ${n}.` });
    });
    const crowded = await engineOf([...resent, ...others]);
    const shown = [0, 10, 20, 30, 40].flatMap((offset) =>
      crowded.search({ q: 'strike', collapse: 'versions', limit: 10, offset }).hits.map((hit) => hit.id),
    );
    expect(shown.filter((id) => id.startsWith('resend-'))).toHaveLength(1);
    expect(shown.filter((id) => id.startsWith('other-')).sort()).toEqual(others.map((story) => story.id).sort());
    expect(crowded.search({ q: 'strike', collapse: 'versions', limit: 10 }).hits[0]?.versions).toHaveLength(299);
  });

  it('pages at most 1,000 stories deep, and stops at the search budget', () => {
    expect(() => engine.search({ q: 'lead', collapse: 'versions', offset: 950, limit: 100 })).toThrow(
      /offset.*with collapse=versions, offset \+ limit may be at most 1000/,
    );
    expect(engine.search({ q: 'lead', offset: 950, limit: 100 }).hits).toEqual([]);
    const budget = engine.searchBudgetMs;
    try {
      engine.searchBudgetMs = 0;
      expect(() => engine.search({ q: 'lead', collapse: 'versions' })).toThrow(SearchTimeoutError);
    } finally {
      engine.searchBudgetMs = budget;
    }
  });

  it('is an option of the search command, which lists the versions under the hit', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'gazette-test-versions-')), 'index');
    await engine.save(directory);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
    try {
      expect(await searchCommand(['--index', directory, '--collapse', 'versions', 'lead price'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toMatch(/\n {3}2 more versions: lead-[123], lead-[123]\n/);
  });

  it('is a parameter of the HTTP API, whose bad values are a 400 naming it', async () => {
    const app = quietApp(engine);
    const response = await request(app).get('/search').query({ q: 'lead price', collapse: 'versions', fields: 'versions' }).expect(200);
    const withVersions = (response.body.hits as { id: string; versions?: string[] }[]).find((hit) => hit.versions !== undefined);
    expect(withVersions?.versions).toHaveLength(2);
    const bad = await request(app).get('/search').query({ q: 'lead', collapse: 'stories' }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/collapse/);
    expect(JSON.stringify(bad.body)).toMatch(/versions/);
  });
});
