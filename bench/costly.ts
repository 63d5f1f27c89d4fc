// What the costliest allowed queries cost on an index built from a corpus: the least CPU of 5
// runs of each of the worst queries found by hand (bench/costly-queries.ts).
//
// Usage: npx tsx bench/costly.ts [--corpus ../shared/corpora/reuters21578/reuters21578.jsonl]
import { parseArgs } from 'node:util';
import { SearchEngine } from '../src/index.js';
import { cpuMsOf, worstKnownQueries } from './costly-queries.js';

const { values } = parseArgs({ options: { corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' } } });
const { engine } = await SearchEngine.fromFiles([values.corpus ?? '']);
engine.warm();
console.log(`${engine.size} articles\n| query | CPU ms (least of 5) |\n| --- | ---: |`);
for (const [name, q] of Object.entries(worstKnownQueries())) console.log(`| ${name} | ${cpuMsOf(engine, q).toFixed(1)} |`);
