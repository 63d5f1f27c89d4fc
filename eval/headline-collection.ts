import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Collection, EvalDocument, EvalQuery } from './collections.js';

/**
 * A second news evaluation, built from BBC News (Greene & Cunningham 2006: 2,225 stories of
 * 2004–2005) as a known-item search: can an engine find a story from its headline when the
 * archive holds only the story's text?
 *
 * - documents: every story's body, its headline left out (kept, the query would match it word
 *   for word in every engine);
 * - queries: each distinct headline (case folded), asked as written;
 * - judgements: the story with that headline is relevant (gain 1), and so is every story that
 *   is the same story (BBC's folders hold some twice: the same body, or the same headline).
 *
 * Its weaknesses (docs/relevance.md): one relevant story a query, so nDCG@10 is 1/log2(1 + its
 * rank) and says nothing about the rest of the page; headlines are written by the story's own
 * editors, sometimes as word play, and an engine that
 * rewards the story's exact words gains; titles do not take part, so what an engine does with
 * titles is not measured here; the stories are of five broad desks, not an archive's decades.
 */
export function readBbcHeadlines(dir: string): Collection {
  return knownItems('bbc', readBbcStories(dir));
}

/**
 * A third news evaluation, built the same way from AG's News (`../shared/corpora/ag-news`, the
 * 7,600 items of its test split: a title and a description of one to three sentences, gathered
 * from some 2,000 news sources in 2004–2005): each distinct title, without the source it ends
 * with ("(AP)", "(Reuters)"), asked against the descriptions; the item, and any item with the
 * same title or description, relevant. Its text is cleaned of the split's quirks: entities
 * without their `&` ("#39;"), escaped markup, and backslashes standing for line breaks.
 *
 * Its weaknesses are BBC's, and more: a description is short (a sentence or three), so a title
 * shares fewer words with it than a headline with a whole story, and the titles were written
 * by many sources' editors, some as teasers.
 */
export function readAgNewsHeadlines(dir: string): Collection {
  const items = parseCsv(readFileSync(join(dir, 'ag_news_csv', 'test.csv'), 'utf8')).map(
    ([, title = '', description = ''], at): KnownItem => ({
      id: `ag-${at + 1}`,
      headline: withoutSource(cleanAgText(title)),
      body: cleanAgText(description),
    }),
  );
  return knownItems('ag-news', items);
}

/** Stories as found by their headlines: every distinct headline a query, the story and its copies relevant. */
function knownItems(name: string, stories: readonly KnownItem[]): Collection {
  const sameStory = new UnionFind(stories.length);
  joinAlike(stories, (story) => story.headline.toLowerCase(), sameStory);
  joinAlike(stories, (story) => story.body.replace(/\s+/g, ' ').trim(), sameStory);
  const documents: EvalDocument[] = stories.map((story) => ({ id: story.id, title: '', body: story.body }));
  const queries: EvalQuery[] = [];
  const qrels = new Map<string, Map<string, number>>();
  const members = new Map<number, string[]>();
  for (const [at, story] of stories.entries()) {
    const root = sameStory.find(at);
    const same = members.get(root);
    if (same === undefined) members.set(root, [story.id]);
    else same.push(story.id);
  }
  const asked = new Set<string>();
  for (const [at, story] of stories.entries()) {
    const text = story.headline.toLowerCase();
    if (asked.has(text) || text === '') continue;
    asked.add(text);
    queries.push({ id: story.id, text: story.headline });
    qrels.set(story.id, new Map((members.get(sameStory.find(at)) ?? []).map((id) => [id, 1])));
  }
  return { name, documents, queries, qrels };
}

// The split's quirks undone: "#39;" (an entity that lost its "&"), "&lt;b&gt;", "\\" for a line break.
function cleanAgText(text: string): string {
  return text
    .replace(/&?#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// A title's closing source, "(AP)" or "(Reuters)", is not what a reader would type.
function withoutSource(title: string): string {
  return title.replace(/\s*\([^()]{1,40}\)$/, '');
}

// RFC 4180 rows: fields in double quotes, a quote inside doubled, commas and line breaks allowed inside.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[at + 1] === '"') {
        field += '"';
        at++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[at + 1] === '\n') at++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

interface KnownItem {
  /** The desk's folder and the file's number: "business/001". */
  id: string;
  headline: string;
  body: string;
}

// One story a file: the headline on the first line, a blank line, then the body.
function readBbcStories(dir: string): KnownItem[] {
  const stories: KnownItem[] = [];
  for (const desk of namesIn(dir, (entry) => entry.isDirectory())) {
    for (const file of namesIn(join(dir, desk), (entry) => entry.isFile() && entry.name.endsWith('.txt'))) {
      const text = decodeText(readFileSync(join(dir, desk, file))).replace(/\r\n?/g, '\n');
      const [headline = '', ...rest] = text.split('\n');
      stories.push({ id: `${desk}/${file.slice(0, -'.txt'.length)}`, headline: headline.trim(), body: rest.join('\n').trim() });
    }
  }
  return stories;
}

// The names of a folder's entries that pass `keep`, sorted, so that story numbers do not depend on the file system.
function namesIn(dir: string, keep: (entry: Dirent) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(keep)
    .map((entry) => entry.name)
    .sort();
}

// UTF-8, or Latin-1 for the one file that is not (sport/199.txt holds a raw 0xA3, "£").
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

// Puts the stories that share a key (a headline, a body) in one set.
function joinAlike(stories: readonly KnownItem[], keyOf: (story: KnownItem) => string, sets: UnionFind): void {
  const first = new Map<string, number>();
  for (const [at, story] of stories.entries()) {
    const key = keyOf(story);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, at);
    else sets.union(seen, at);
  }
}

// Disjoint sets of story numbers, with path halving.
class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, at) => at);
  }

  find(at: number): number {
    let node = at;
    while (this.parent[node] !== node) {
      const grand = this.parent[this.parent[node] as number] as number;
      this.parent[node] = grand;
      node = grand;
    }
    return node;
  }

  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}
