import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Collection, EvalDocument, EvalQuery } from './collections.js';

/**
 * A news evaluation built from Reuters-21578 (issue 22), the classic collections being
 * abstracts, not news:
 *
 * - documents: the stories that Reuters' editors gave at least one topic (11,367 of 21,578),
 *   title and body; these are the judged set, since only they were looked at for every topic;
 * - queries: each topic with at least MIN_STORIES labelled stories (78 topics), its name as
 *   Lewis's category list gives it ("Money/Foreign Exchange", "Crude Oil"); the commodity
 *   topics, listed there by code only ("COFFEE", "F-CATTLE"), by the code's words, with the
 *   abbreviations spelled out (COMMODITY_NAMES);
 * - judgements: a story is relevant (gain 1) to the topics it is labelled with, not relevant
 *   to the others.
 *
 * Its weaknesses (docs/relevance.md): the judgements are topic labels given without the
 * query in view, not judgements of the query's words; the queries are short names of one to
 * four words; the big topics ("Earnings", 3,987 stories) have far more relevant stories than
 * ten, so nDCG@10 only asks for ten of them; gains are binary; and Reuters sent many versions
 * of one story, which all count.
 */
export function readReutersTopics(dir: string): Collection {
  const stories = readStories(join(dir, 'reuters21578.jsonl'));
  const names = topicNames(readFileSync(join(dir, 'cat-descriptions_120396.txt'), 'latin1'));
  const counts = new Map<string, number>();
  for (const story of stories) for (const topic of story.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  const topics = [...counts].filter(([, count]) => count >= MIN_STORIES).map(([topic]) => topic);
  const queries: EvalQuery[] = topics.map((topic) => ({ id: topic, text: names.get(topic) ?? topicWords(topic) }));
  const qrels = new Map<string, Map<string, number>>(topics.map((topic) => [topic, new Map()]));
  for (const story of stories) for (const topic of story.topics) qrels.get(topic)?.set(story.document.id, 1);
  return { name: 'reuters', documents: stories.map((story) => story.document), queries, qrels };
}

/** Topics with fewer labelled stories are left out: a query with one or two relevant stories measures little. */
export const MIN_STORIES = 5;

/** Commodity codes that are abbreviations, spelled out as a user would type them. */
const COMMODITY_NAMES: Readonly<Record<string, string>> = {
  alum: 'aluminium',
  'f-cattle': 'feeder cattle',
  'l-cattle': 'live cattle',
  'veg-oil': 'vegetable oil',
  'lin-oil': 'linseed oil',
  'lin-meal': 'linseed meal',
  'soy-meal': 'soybean meal',
  'soy-oil': 'soybean oil',
  'sun-meal': 'sunflower seed meal',
  'sun-oil': 'sunflower seed oil',
  sunseed: 'sunflower seed',
  'rape-meal': 'rapeseed meal',
  'rape-oil': 'rapeseed oil',
  citruspulp: 'citrus pulp',
  cornglutenfeed: 'corn gluten feed',
  palmkernel: 'palm kernel',
  'strategic-metal': 'strategic metal',
};

function topicWords(topic: string): string {
  return COMMODITY_NAMES[topic] ?? topic.replaceAll('-', ' ');
}

/** Names of the topics that the category list describes, "Crude Oil (CRUDE)" -> crude: "Crude Oil". */
function topicNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  // The topics' section runs from its heading to the first rule of underscores.
  const start = text.indexOf('Subject Codes');
  const end = text.indexOf('_____', start);
  const subjects = text.slice(start, end < 0 ? undefined : end);
  for (const line of subjects.split(/\r?\n/)) {
    const match = /^\s*([^*(][^(]*?)\s*\(([A-Za-z0-9.-]+)\)\s*$/.exec(line);
    const code = match?.[2]?.toLowerCase();
    if (match?.[1] !== undefined && code !== undefined && !names.has(code)) names.set(code, match[1]);
  }
  return names;
}

interface Story {
  document: EvalDocument;
  topics: string[];
}

function readStories(path: string): Story[] {
  const stories: Story[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { id: unknown; title?: unknown; body?: unknown; topics?: unknown };
    const topics = Array.isArray(record.topics) ? record.topics.filter((t): t is string => typeof t === 'string') : [];
    if (topics.length === 0) continue;
    const title = typeof record.title === 'string' ? record.title : '';
    const body = typeof record.body === 'string' ? record.body : '';
    stories.push({ document: { id: String(record.id), title, body }, topics });
  }
  return stories;
}
