// Compares ways of loading a saved index: `npx tsx scripts/bench-index-load.ts <index dir>`.
// Prints the median of 3 runs of each; figures are quoted in src/index/persistence.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { Packr } from 'msgpackr';
import { SearchEngine } from '../src/index.js';

const directory = process.argv[2] ?? 'index-data/index';
const version = join(directory, readFileSync(join(directory, 'CURRENT'), 'utf8').trim());
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

async function median(label: string, run: () => unknown | Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} ${times[1]?.toFixed(0)} ms`);
}

const articlesText = readFileSync(join(version, 'articles.json'), 'utf8');
const indexText = readFileSync(join(version, 'text-index.json'), 'utf8');
const articles = JSON.parse(articlesText);
const textIndex = JSON.parse(indexText);
const articlesPacked = packr.pack(articles);
const indexPacked = packr.pack(textIndex);
const options = { idField: 'n', fields: ['title', 'body', 'author', 'tags'] };
console.log(`json: articles ${articlesText.length} B, text index ${indexText.length} B`);
console.log(`msgpack: articles ${articlesPacked.length} B, text index ${indexPacked.length} B`);

await median('SearchEngine.open (whole path, verified)', () => SearchEngine.open(directory));
await median('JSON.parse articles', () => JSON.parse(articlesText));
await median('msgpackr unpack articles', () => packr.unpack(articlesPacked));
await median('JSON.parse text index', () => JSON.parse(indexText));
await median('msgpackr unpack text index', () => packr.unpack(indexPacked));
await median('MiniSearch.loadJS (already parsed)', () => MiniSearch.loadJS(textIndex.miniSearch, options));
await median('MiniSearch.loadJSON (parse + load)', () => MiniSearch.loadJSON(JSON.stringify(textIndex.miniSearch), options));
await median('MiniSearch.loadJSONAsync (parse + load)', () => MiniSearch.loadJSONAsync(JSON.stringify(textIndex.miniSearch), options));
