import { readFile } from 'node:fs/promises';
import {
  type DateHistogram,
  SearchEngine as Engine,
  type FacetName,
  type Facets,
  GazetteError,
  type Interval,
  MAX_LIMIT,
  type SearchEngine,
  type SearchHit,
  type SearchResponse,
  type Sort,
  type TermFacet,
} from '../index.js';
import { forTerminal, parseCommandLine, UsageError, wholeNumber } from './args.js';

export const SEARCH_USAGE = `Usage: npm run search -- [--index <dir>] [--limit N] [--json] "<query>"
       npm run search -- --index <dir> --batch <queries.tsv> --trec [--limit 100]

  --index       the index to search (default: index-data/index)
  --limit, -n   hits to show, 1–${MAX_LIMIT} (default 10)
  --from, --to  publication dates, YYYY-MM-DD, inclusive
  --sort        relevance (default) or date
  --facets      print facets after the hits: a comma-separated list of date, author, tag, source
  --interval    date buckets: hour, day, week, month (default), quarter, year or auto
  --tz          IANA time zone of the buckets and of date-only --from/--to (default UTC)
  --facet-size  values per term facet, 1–100 (default 10)
  --author, --tag, --source
                only articles with this value (repeat: any of them; across fields: all)
  --json        print the whole response as JSON
  --batch       a file of "qid<TAB>query" lines, searched one after the other
  --trec        with --batch: print TREC run lines "qid Q0 docid rank score gazette"`;

/** `search`: one query printed for a person (or as JSON), or a batch of queries as a TREC run. */
export async function searchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      index: { type: 'string', default: 'index-data/index' },
      limit: { type: 'string', short: 'n' },
      from: { type: 'string' },
      to: { type: 'string' },
      sort: { type: 'string' },
      facets: { type: 'string' },
      interval: { type: 'string' },
      tz: { type: 'string' },
      'facet-size': { type: 'string' },
      author: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      source: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      trec: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    SEARCH_USAGE,
  );
  if (values.help) {
    console.log(SEARCH_USAGE);
    return 0;
  }
  const limit = wholeNumber('limit', values.limit, 10);
  const engine = await Engine.open(values.index ?? 'index-data/index');
  const filters = {
    ...(values.from === undefined ? {} : { from: values.from }),
    ...(values.to === undefined ? {} : { to: values.to }),
    ...(values.sort === undefined ? {} : { sort: values.sort as Sort }),
    ...facetOptions(values),
  };
  if (values.batch !== undefined) {
    if (!values.trec) throw new UsageError('--batch prints a TREC run: add --trec');
    return runBatch(engine, values.batch, limit);
  }
  if (positionals.length === 0) throw new UsageError(`give a query\n\n${SEARCH_USAGE}`);
  const response = engine.search({ q: positionals.join(' '), limit, ...filters });
  if (values.json) {
    console.log(JSON.stringify(response, null, 2));
    return 0;
  }
  console.log(`${response.total} matching articles (${response.tookMs} ms)\n`);
  for (const [index, hit] of response.hits.entries()) printHit(hit, index + 1);
  if (values.facets !== undefined) printFacets(response.facets);
  return 0;
}

interface FacetFlags {
  facets?: string | undefined;
  interval?: string | undefined;
  tz?: string | undefined;
  'facet-size'?: string | undefined;
  author?: string[] | undefined;
  tag?: string[] | undefined;
  source?: string[] | undefined;
}

// Flags become request fields as they are; the engine checks them and names the bad one.
function facetOptions(values: FacetFlags) {
  const filters = {
    ...(values.author === undefined ? {} : { author: values.author }),
    ...(values.tag === undefined ? {} : { tag: values.tag }),
    ...(values.source === undefined ? {} : { source: values.source }),
  };
  return {
    ...(values.facets === undefined ? {} : { facets: values.facets.split(',').map((name) => name.trim()) as FacetName[] }),
    ...(values.interval === undefined ? {} : { interval: values.interval as Interval }),
    ...(values.tz === undefined ? {} : { tz: values.tz }),
    ...(values['facet-size'] === undefined ? {} : { facetSize: wholeNumber('facet-size', values['facet-size'], 10) }),
    ...(Object.keys(filters).length === 0 ? {} : { filters }),
  };
}

function printFacets(facets: Facets): void {
  printDateHistogram(facets.date);
  for (const facet of [facets.author, facets.tag, facets.source]) if (facet !== undefined) printTermFacet(facet);
}

const BAR_WIDTH = 40;

function printDateHistogram(histogram: DateHistogram): void {
  console.log(`Published, by ${histogram.interval} (${histogram.timeZone}):`);
  const most = Math.max(1, ...histogram.buckets.map((bucket) => bucket.count));
  const keyWidth = Math.max(0, ...histogram.buckets.map((bucket) => bucket.key.length));
  for (const bucket of histogram.buckets) {
    const bar = '#'.repeat(Math.ceil((bucket.count / most) * BAR_WIDTH));
    console.log(`  ${bucket.key.padEnd(keyWidth)}  ${String(bucket.count).padStart(6)}  ${bar}`);
  }
  if (histogram.undated > 0) console.log(`  ${'undated'.padEnd(keyWidth)}  ${String(histogram.undated).padStart(6)}`);
  console.log('');
}

function printTermFacet(facet: TermFacet): void {
  console.log(`${facet.field} (${facet.distinctValues} values):`);
  for (const { value, count, selected } of facet.values)
    console.log(`  ${String(count).padStart(6)}  ${forTerminal(value)}${selected ? '  [selected]' : ''}`);
  if (facet.missing > 0) console.log(`  ${String(facet.missing).padStart(6)}  (no ${facet.field})`);
  console.log('');
}

/**
 * Searches each "qid<TAB>query" line and prints its TREC run. A line that is not one, or a
 * query the engine refuses (too long, too complex), is reported on stderr with its line,
 * qid and reason, and the rest still run: one bad query does not cost the others' results.
 * Exits 1 when any line was reported.
 */
async function runBatch(engine: SearchEngine, path: string, limit: number): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  let failures = 0;
  const where = (index: number) => `${forTerminal(path)}:${index + 1}`;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) {
      process.stderr.write(`${where(index)}: expected "qid<TAB>query", skipped\n`);
      failures++;
      continue;
    }
    const qid = line.slice(0, tab).trim();
    let response: SearchResponse;
    try {
      response = engine.search({ q: line.slice(tab + 1), limit });
    } catch (error) {
      if (!(error instanceof GazetteError)) throw error;
      process.stderr.write(`${where(index)}: query ${forTerminal(qid)} refused: ${forTerminal(error.message)}\n`);
      failures++;
      continue;
    }
    const run = response.hits.map((hit, rank) => `${qid} Q0 ${hit.id} ${rank + 1} ${hit.score} gazette`);
    if (run.length > 0) process.stdout.write(`${run.join('\n')}\n`);
  }
  return failures === 0 ? 0 : 1;
}

function printHit(hit: SearchHit, rank: number): void {
  const highlight = process.stdout.isTTY ? ['\x1b[1;33m', '\x1b[0m'] : ['', ''];
  const snippet = hit.snippet
    .replaceAll('<mark>', highlight[0] ?? '')
    .replaceAll('</mark>', highlight[1] ?? '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_entity, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
  const meta = [hit.date?.slice(0, 10) ?? 'undated', hit.author, `score ${hit.score}`, `id ${hit.id}`].filter(Boolean).join(' · ');
  // Titles and authors were cleaned at ingest, ids and source paths were not: escaped, like every text from outside.
  console.log(`${rank}. ${forTerminal(hit.title || '(untitled)')}\n   ${forTerminal(meta)}\n   ${snippet}\n`);
}
