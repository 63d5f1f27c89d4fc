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
 * editors, sometimes as word play ("Ink helps drive democracy in Asia"), and an engine that
 * rewards the story's exact words gains; titles do not take part, so what an engine does with
 * titles is not measured here; the stories are of five broad desks, not an archive's decades.
 */
export function readBbcHeadlines(dir: string): Collection {
  const stories = readBbcStories(dir);
  const sameStory = new UnionFind(stories.length);
  joinAlike(stories, (story) => story.headline.toLowerCase(), sameStory);
  joinAlike(stories, (story) => story.body.replace(/\s+/g, ' ').trim(), sameStory);
  const documents: EvalDocument[] = stories.map((story) => ({ id: story.id, title: '', body: story.body }));
  const queries: EvalQuery[] = [];
  const qrels = new Map<string, Map<string, number>>();
  const asked = new Set<string>();
  for (const [at, story] of stories.entries()) {
    const text = story.headline.toLowerCase();
    if (asked.has(text)) continue;
    asked.add(text);
    queries.push({ id: story.id, text: story.headline });
    const root = sameStory.find(at);
    qrels.set(story.id, new Map(stories.filter((_, other) => sameStory.find(other) === root).map((same) => [same.id, 1])));
  }
  return { name: 'bbc', documents, queries, qrels };
}

interface BbcStory {
  /** The desk's folder and the file's number: "business/001". */
  id: string;
  headline: string;
  body: string;
}

// One story a file: the headline on the first line, a blank line, then the body.
function readBbcStories(dir: string): BbcStory[] {
  const stories: BbcStory[] = [];
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
function joinAlike(stories: readonly BbcStory[], keyOf: (story: BbcStory) => string, sets: UnionFind): void {
  const first = new Map<string, number>();
  for (const [at, story] of stories.entries()) {
    const seen = first.get(keyOf(story));
    if (seen === undefined) first.set(keyOf(story), at);
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
