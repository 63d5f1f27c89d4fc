import { readFile } from 'node:fs/promises';
import {
  BOOLEAN_RULE,
  type DateHistogram,
  SearchEngine as Engine,
  type Facets,
  GazetteError,
  InvalidParameterError,
  LONG_QUERY_SIZE,
  parseSearchParameters,
  SEARCH_PARAMETER_NAMES,
  SEARCH_PARAMETERS,
  type SearchEngine,
  type SearchHit,
  type SearchParameter,
  type SearchParameterName,
  type SearchRequest,
  type SearchResponse,
  type TermFacet,
  WHOLE_NUMBER_RULE,
} from '../index.js';
import { forTerminal, parseCommandLine, UsageError } from './args.js';

/** The command line's own options, beside the search parameters. */
const COMMAND_OPTIONS = {
  index: { type: 'string', default: 'index-data/index' },
  json: { type: 'boolean', default: false },
  batch: { type: 'string' },
  trec: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Short forms of search flags. */
const SHORT_FLAGS: Partial<Record<SearchParameterName, string>> = { limit: 'n' };

/**
 * The search parameters the command line offers, from the table: every one the library reads
 * except `q` (the words after the flags), as a kebab-case flag: `facetSize` is `--facet-size`.
 */
export const SEARCH_FLAGS: readonly { name: SearchParameterName; flag: string }[] = SEARCH_PARAMETER_NAMES.filter(
  (name) => name !== 'q' && SEARCH_PARAMETERS[name].reader === 'engine',
).map((name) => ({ name, flag: name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) }));

// "1–100, default 10": what a flag takes, from its declaration.
function valuesOf({ type, default: byDefault }: SearchParameter): string {
  const takes = {
    string: () => (type.kind === 'string' && type.maxLength !== undefined ? `text of at most ${type.maxLength} characters` : 'text'),
    date: () => 'YYYY-MM-DD or an ISO 8601 date-time',
    wholeNumber: () => (type.kind === 'wholeNumber' ? `${type.min}–${type.max ?? 'any'}` : ''),
    boolean: () => 'true or false',
    enum: () => (type.kind === 'enum' ? type.values.join(', ') : ''),
    list: () => (type.kind === 'list' && type.values !== undefined ? `any of ${type.values.join(', ')}` : 'repeatable'),
  }[type.kind]();
  return byDefault === undefined || byDefault === '' ? takes : `${takes}; default ${byDefault}`;
}

function flagLine(name: SearchParameterName, flag: string): string {
  const short = SHORT_FLAGS[name];
  const label = `--${flag}${short === undefined ? '' : `, -${short}`}`;
  const declared: SearchParameter = SEARCH_PARAMETERS[name];
  return `  ${label.padEnd(22)}${declared.description.replaceAll('`', '').replace(/\.$/, '')} (${valuesOf(declared)})`;
}

/** The search command's --help: its own options, then every search flag from the table. */
export const SEARCH_USAGE = `Usage: npm run search -- [--index <dir>] [search flags] [--json] "<query>"
       npm run search -- --index <dir> --batch <queries.tsv> --trec [--limit 100]

  --index               the index to search (default: index-data/index)
  --json                print the whole response as JSON
  --batch               a file of "qid<TAB>query" lines, searched one after the other; a query
                        may be long (20,000 characters, 2,000 terms, not the server's 1,000 and 100)
  --trec                with --batch: print TREC run lines "qid Q0 docid rank score gazette"

Search flags (the parameters of GET /search; --facets also prints the facets after the hits):
${SEARCH_FLAGS.map(({ name, flag }) => flagLine(name, flag)).join('\n')}

In a flag, ${WHOLE_NUMBER_RULE}; ${BOOLEAN_RULE}.`;

/** `search`: one query printed for a person (or as JSON), or a batch of queries as a TREC run. */
export async function searchCommand(argv: string[]): Promise<number> {
  const searchOptions = Object.fromEntries(
    SEARCH_FLAGS.map(({ name, flag }) => {
      const short = SHORT_FLAGS[name];
      // Every flag may be given several times, so that the library (not parseArgs, which keeps
      // the last) refuses a repeated single-valued one, as it does in a URL.
      return [flag, { type: 'string' as const, multiple: true, ...(short === undefined ? {} : { short }) }];
    }),
  );
  const { values, positionals } = parseCommandLine(argv, { ...searchOptions, ...COMMAND_OPTIONS }, SEARCH_USAGE);
  if (values.help) {
    console.log(SEARCH_USAGE);
    return 0;
  }
  // Search flags are built from the table, so parseArgs cannot type them: read by name.
  const flags: Record<string, unknown> = values;
  const request = requestOf(flags, positionals.join(' '));
  const engine = await Engine.open(String(values.index ?? 'index-data/index'));
  if (values.batch !== undefined) {
    if (!values.trec) throw new UsageError('--batch prints a TREC run: add --trec');
    return runBatch(engine, String(values.batch), request.limit);
  }
  if (positionals.length === 0) throw new UsageError(`give a query\n\n${SEARCH_USAGE}`);
  const response = inFlagTerms(() => engine.search(request));
  if (values.json) {
    console.log(JSON.stringify(response, null, 2));
    return 0;
  }
  console.log(`${response.total} matching articles (${response.tookMs} ms)\n`);
  // The correction the engine offers when the query finds nothing or very little; --json carries it as `didYouMean`.
  if (response.didYouMean !== undefined) console.log(`Did you mean: ${forTerminal(response.didYouMean)}?\n`);
  // How the query was read (leniently, with typos forgiven, of stop words only), as /search's `warnings` say.
  for (const warning of response.warnings ?? []) console.log(`Note: ${forTerminal(warning)}\n`);
  for (const [index, hit] of response.hits.entries()) printHit(hit, index + 1);
  if (flags.facets !== undefined) printFacets(response.facets);
  return 0;
}

// The flags become the parameters they stand for, read by the library's parser like a URL's.
function requestOf(flags: Record<string, unknown>, q: string): SearchRequest {
  const parameters: Record<string, unknown> = { q };
  for (const { name, flag } of SEARCH_FLAGS) {
    const given = flags[flag];
    if (given === undefined) continue;
    parameters[name] = Array.isArray(given) && given.length === 1 && !SEARCH_PARAMETERS[name].repeatable ? given[0] : given;
  }
  return inFlagTerms(() => parseSearchParameters(parameters));
}

// A parameter the library refuses is named as the flag the user typed, as a usage error.
function inFlagTerms<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    const flag = error instanceof InvalidParameterError ? SEARCH_FLAGS.find(({ name }) => name === error.parameter)?.flag : undefined;
    if (flag === undefined || !(error instanceof InvalidParameterError)) throw error;
    throw new UsageError(`--${flag}${error.message.slice(error.parameter.length)}`);
  }
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
async function runBatch(engine: SearchEngine, path: string, limit: number | undefined): Promise<number> {
  // Test collections' topics run to paragraphs; the search budget still bounds each one's work.
  engine.querySize = LONG_QUERY_SIZE;
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
      response = engine.search({ q: line.slice(tab + 1), ...(limit === undefined ? {} : { limit }) });
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
  const versions =
    hit.versions === undefined
      ? ''
      : `   ${forTerminal(`${hit.versions.length} more ${hit.versions.length === 1 ? 'version' : 'versions'}: ${hit.versions.join(', ')}`)}\n`;
  console.log(`${rank}. ${forTerminal(hit.title || '(untitled)')}\n   ${forTerminal(meta)}\n   ${snippet}\n${versions}`);
}
