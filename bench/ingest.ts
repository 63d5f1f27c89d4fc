// Ingest rate and peak memory, without the index: reads every article of the inputs and drops it.
//   npx tsx bench/ingest.ts <file or folder>… [--map title=2,body=3] [--format csv] [--keep-duplicates]
// Prints articles/s, MB/s (bytes as stored on disk) and the process's peak RSS (getrusage maxrss).
import { countsByKind, emptyReport, FORMAT_NAMES, type FormatName, type IngestOptions, parseFieldMap, readArticles } from '../src/index.js';

const args = process.argv.slice(2);
const options: IngestOptions = {};
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (arg === '--map') {
    const map = parseFieldMap(args[++i] ?? '');
    if ('reason' in map) throw new Error(map.reason);
    options.map = map;
  } else if (arg === '--keep-duplicates') options.duplicates = 'keep';
  else if (arg === '--format' && (FORMAT_NAMES as readonly string[]).includes(args[i + 1] ?? '')) options.format = args[++i] as FormatName;
  else inputs.push(arg);
}
const report = emptyReport();
const started = performance.now();
let articles = 0;
for await (const _article of readArticles(inputs, report, options)) articles++;
const seconds = (performance.now() - started) / 1000;
const megabytes = report.bytes / 1024 / 1024;
console.log(
  JSON.stringify({
    articles,
    megabytes: Number(megabytes.toFixed(1)),
    seconds: Number(seconds.toFixed(2)),
    articlesPerSecond: Math.round(articles / seconds),
    megabytesPerSecond: Number((megabytes / seconds).toFixed(1)),
    peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
    counts: countsByKind(report),
  }),
);
