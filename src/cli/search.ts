import { readFile } from 'node:fs/promises';
import { SearchEngine as Engine, MAX_LIMIT, type SearchEngine, type SearchHit, type Sort } from '../index.js';
import { parseCommandLine, UsageError, wholeNumber } from './args.js';

export const SEARCH_USAGE = `Usage: npm run search -- [--index <dir>] [--limit N] [--json] "<query>"
       npm run search -- --index <dir> --batch <queries.tsv> --trec [--limit 100]

  --index       the index to search (default: index-data/index)
  --limit, -n   hits to show, 1–${MAX_LIMIT} (default 10)
  --from, --to  publication dates, YYYY-MM-DD, inclusive
  --sort        relevance (default) or date
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
  return 0;
}

async function runBatch(engine: SearchEngine, path: string, limit: number): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  let failures = 0;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) {
      process.stderr.write(`${path}:${index + 1}: expected "qid<TAB>query", skipped\n`);
      failures++;
      continue;
    }
    const qid = line.slice(0, tab).trim();
    const response = engine.search({ q: line.slice(tab + 1), limit });
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
  console.log(`${rank}. ${hit.title || '(untitled)'}\n   ${meta}\n   ${snippet}\n`);
}
