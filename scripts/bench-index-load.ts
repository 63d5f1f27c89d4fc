// Compares ways of loading the text index of a saved index (format 4):
// `npx tsx scripts/bench-index-load.ts <index dir>`. Prints the median of 3 runs of each;
// the figures are quoted in src/index/postings-codec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { Packr } from 'msgpackr';
import { decodePostingsInto, postingsFromBytes } from '../src/index/postings-codec.js';
import { SearchEngine } from '../src/index.js';

const directory = process.argv[2] ?? 'index-data/index';
const version = join(directory, readFileSync(join(directory, 'CURRENT'), 'utf8').trim());
const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const options = { idField: 'n', fields: ['title', 'body', 'author', 'tags'] };

async function median(label: string, run: () => unknown | Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} ${times[1]?.toFixed(0)} ms`);
}

const articleLines = readFileSync(join(version, 'articles.jsonl'), 'utf8').split('\n').slice(0, -1);
const textIndex = JSON.parse(readFileSync(join(version, 'text-index.json'), 'utf8'));
const postingsBytes = readFileSync(join(version, 'postings.bin'));
const encoded = { terms: textIndex.encoded.terms as string[], postings: postingsFromBytes(postingsBytes) };
const restText = JSON.stringify(textIndex.miniSearch);

// MiniSearch's own JSON form of the same index, for comparison.
const loaded = MiniSearch.loadJS(textIndex.miniSearch, options);
decodePostingsInto(loaded as MiniSearch<unknown>, encoded);
const plain: AsPlainObject = loaded.toJSON();
const plainText = JSON.stringify(plain);
const plainPacked = packr.pack(plain);
console.log(`MiniSearch JSON ${plainText.length} B; msgpack ${plainPacked.length} B; binary postings ${postingsBytes.length} B`);

await median('SearchEngine.open (whole path, verified)', () => SearchEngine.open(directory));
await median('JSON.parse every article (format 2 did, at open)', () => articleLines.map((line) => JSON.parse(line)));
await median('MiniSearch.loadJSON', () => MiniSearch.loadJSON(plainText, options));
await median('MiniSearch.loadJSONAsync', () => MiniSearch.loadJSONAsync(plainText, options));
await median('msgpackr unpack + MiniSearch.loadJS', () => MiniSearch.loadJS(packr.unpack(plainPacked), options));
await median('binary postings (JSON rest + decodePostingsInto, lazy)', () => {
  const miniSearch = MiniSearch.loadJSON(restText, options);
  decodePostingsInto(miniSearch as MiniSearch<unknown>, encoded);
});
