import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { familyOf } from '../bench/peers/configurations.js';
import { GazettePeer } from '../bench/peers/gazette.js';
import { allEngines, type PeerEngine, typoEngines } from '../bench/peers/index.js';
import { UsageError } from '../src/cli/args.js';
import { type Collection, type CollectionName, NAMED_COLLECTIONS, readTrecCollection } from './collections.js';
import { buildEngine, type EngineResult, evaluateEngines, RUN_DEPTH, resultsTable } from './harness.js';
import { NEAR_DUPLICATE_JACCARD, nearDuplicateReport } from './near-duplicates.js';
import {
  adoptionVerdict,
  bestOfEachPeer,
  compareWithBestPeer,
  comparisonTable,
  DEVELOPMENT_COLLECTIONS,
  HELD_OUT_COLLECTION,
  type PeerComparison,
  pairedDifference,
  type QueryLoss,
  worstQueries,
} from './protocol.js';
import { evaluateTypos, type TypoResult, typoRatioTable, typoTable } from './typo-eval.js';
import { changedWords, DEFAULT_TYPO_RATE, DEFAULT_TYPO_SEED, typoQueries } from './typos.js';
import { ablationVariants, combinationVariants, methodVariants } from './variant-lists.js';
import { DEFAULT_VARIANT, VariantEngine } from './variants.js';

export const EVAL_USAGE = `Usage: npm run eval -- [--collection cranfield,cacm,lisa,npl,adi,reuters,bbc,ag-news] [--out results.json] [--engines gazette,lunr]
       npm run eval -- --docs docs.jsonl --queries queries.tsv --qrels qrels.txt [--name mine]

  --collection  collections under ../shared/corpora, read in their own formats, comma-separated
                (default: all of them, the held-out one, ag-news, last)
  --docs        documents as JSON lines with id, title, body
  --queries     queries as "qid<TAB>text" lines
  --qrels       judgements as TREC qrels lines "qid 0 docid gain"
  --name        label of a collection given by --docs/--queries/--qrels (default: custom)
  --engines     comma-separated, case-insensitive parts of engine names to run (default: all)
  --out         where to write the JSON results (default: /tmp/gazette-eval/<collection>.json)
  --ablation    instead of the peers, Gazette's ranking choices one at a time, each against the
                defaults per query with the protocol's verdict (default: the development collections
                cranfield,cacm,lisa,npl,adi,reuters,bbc); --engines picks variants by name, --combinations adds
                those measured against the previous defaults, --methods runs RM3, proximity, lede,
                field weights and length priors instead (issue 22)
  --near-duplicates  how many of each engine's first ten hits are near-duplicates of a hit
                above them, and nDCG@10 with them collapsed (default collection: reuters);
                Gazette also with its own collapse=versions
  --typos       every engine on the clean queries and on the same queries with typos (one
                edit in words of 5+ letters, eval/typos.ts), fuzzy peers at their fuzzy setting;
                --collection may list several; --typo-seed (default 21), --typo-rate (chance
                that a word of 5+ letters gets a typo, default 0.5; 0: one typo per query)`;

function loadCollection(values: Record<string, string | boolean | undefined>): Collection {
  const { docs, queries, qrels } = values;
  const given = [docs, queries, qrels].filter((value) => typeof value === 'string').length;
  if (given > 0) {
    if (typeof docs !== 'string' || typeof queries !== 'string' || typeof qrels !== 'string') {
      throw new UsageError(`--docs, --queries and --qrels go together; give all three\n\n${EVAL_USAGE}`);
    }
    return readTrecCollection(typeof values.name === 'string' ? values.name : 'custom', { docs, queries, qrels });
  }
  const name = typeof values.collection === 'string' ? values.collection : 'cranfield';
  if (!(name in NAMED_COLLECTIONS)) {
    throw new UsageError(`--collection must be one of ${Object.keys(NAMED_COLLECTIONS).join(', ')}, got "${name}"`);
  }
  return NAMED_COLLECTIONS[name as CollectionName]();
}

/** `eval`: every engine on one collection, a table on stdout and the full results as JSON. */
export async function evalCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        collection: { type: 'string' },
        docs: { type: 'string' },
        queries: { type: 'string' },
        qrels: { type: 'string' },
        name: { type: 'string' },
        engines: { type: 'string' },
        out: { type: 'string' },
        ablation: { type: 'boolean' },
        combinations: { type: 'boolean' },
        methods: { type: 'boolean' },
        'near-duplicates': { type: 'boolean' },
        typos: { type: 'boolean' },
        'typo-seed': { type: 'string' },
        'typo-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${EVAL_USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return 0;
  }
  if (values.ablation === true) return ablationCommand(values);
  if (values.typos === true) return typosCommand(values);
  if (values['near-duplicates'] === true) return nearDuplicatesCommand(values);
  const names = collectionNames(values);
  const comparisons: PeerComparison[] = [];
  const reports: CollectionReport[] = [];
  for (const name of names) {
    const collection = loadCollection({ ...values, collection: name });
    const report = await evaluateCollection(collection, selectEngines(allEngines(), values.engines));
    reports.push(report);
    const comparison = compareWithBestPeer(collection.name, report.results, familyOf);
    if (comparison !== undefined) {
      comparisons.push(comparison);
      report.worstQueries = printWorstQueries(collection, report.results, comparison);
    }
  }
  if (reports.length > 1) process.stdout.write(`\nnDCG@10 of every configuration:\n\n${matrixTable(reports)}\n`);
  if (comparisons.length > 0) {
    process.stdout.write(`\nGazette against the best configuration of the best peer, nDCG@10 (paired over the judged queries):\n\n`);
    process.stdout.write(`${comparisonTable(comparisons)}\n`);
  }
  const custom = typeof values.docs === 'string';
  const out = typeof values.out === 'string' ? values.out : `/tmp/gazette-eval/${custom || names.length > 1 ? 'eval' : names[0]}.json`;
  mkdirSync(dirname(out), { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, depth: RUN_DEPTH, comparisons, collections: reports };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`results written to ${out}\n`);
  return 0;
}

/** One collection's results, as written to the JSON report. */
interface CollectionReport {
  collection: string;
  documents: number;
  queries: number;
  judgedQueries: number;
  results: EngineResult[];
  /** The ten queries where Gazette falls furthest below the best peer. */
  worstQueries?: QueryLoss[];
}

// One row per engine configuration, one column per collection.
function matrixTable(reports: readonly CollectionReport[]): string {
  const engines = [...new Set(reports.flatMap((report) => report.results.map((result) => result.engine)))];
  const cell = (report: CollectionReport, engine: string) => report.results.find((r) => r.engine === engine)?.ndcg10.toFixed(3) ?? '';
  return [
    `| nDCG@10 | ${reports.map((report) => report.collection).join(' | ')} |`,
    `| --- | ${reports.map(() => '---:').join(' | ')} |`,
    ...engines.map((engine) => `| ${engine} | ${reports.map((report) => cell(report, engine)).join(' | ')} |`),
  ].join('\n');
}

// The failure analysis: the ten queries Gazette loses most on against the best peer, with their text.
function printWorstQueries(collection: Collection, results: readonly EngineResult[], comparison: PeerComparison): QueryLoss[] {
  const gazette = results.find((r) => familyOf(r.engine) === undefined);
  const peer = results.find((r) => r.engine === comparison.bestPeer);
  const worst = worstQueries(gazette?.perQueryNdcg10 ?? {}, peer?.perQueryNdcg10 ?? {});
  const textOf = new Map(collection.queries.map((query) => [query.id, query.text]));
  const lines = worst.map((loss) => {
    const text = (textOf.get(loss.qid) ?? '').slice(0, 90);
    return `| ${loss.qid} | ${loss.gazette.toFixed(3)} | ${loss.peer.toFixed(3)} | ${text.replaceAll('|', '/')} |`;
  });
  process.stdout.write(`\n${collection.name}, the queries Gazette loses most on against ${comparison.bestPeer}:\n\n`);
  process.stdout.write(`| query | Gazette | peer | text (first 90 characters) |\n| --- | ---: | ---: | --- |\n${lines.join('\n')}\n`);
  return worst;
}

// Without --collection: the development collections, then the held-out one, reported last.
function collectionNames(values: Record<string, string | boolean | undefined>): string[] {
  if (typeof values.docs === 'string') return [typeof values.name === 'string' ? values.name : 'custom'];
  if (typeof values.collection === 'string') return values.collection.split(',');
  return [...DEVELOPMENT_COLLECTIONS, HELD_OUT_COLLECTION];
}

// Every engine on one collection: a table of every configuration, then the best of each peer.
async function evaluateCollection(collection: Collection, engines: PeerEngine[]): Promise<CollectionReport> {
  const judged = [...collection.qrels.values()].filter((j) => [...j.values()].some((gain) => gain >= 1)).length;
  const heldOut = collection.name === HELD_OUT_COLLECTION ? ' (held out of every choice)' : '';
  process.stderr.write(
    `${collection.name}${heldOut}: ${collection.documents.length} documents, ${collection.queries.length} queries, ${judged} judged\n`,
  );
  const results = await evaluateEngines(engines, collection, (result) =>
    process.stderr.write(`  ${result.engine}: nDCG@10 ${result.ndcg10.toFixed(4)} (built in ${Math.round(result.buildMs)} ms)\n`),
  );
  process.stdout.write(`\n${collection.name}${heldOut}, every configuration:\n\n${resultsTable(results)}\n`);
  const gazette = results.filter((r) => familyOf(r.engine) === undefined);
  process.stdout.write(`\n${collection.name}, the best configuration of each peer:\n\n`);
  process.stdout.write(`${resultsTable([...gazette, ...bestOfEachPeer(results, familyOf)])}\n`);
  return {
    collection: collection.name,
    documents: collection.documents.length,
    queries: collection.queries.length,
    judgedQueries: judged,
    results,
  };
}

// nDCG@10 of every ranking variant on every collection, in the order of the variants, then each
// variant against the defaults per query and the protocol's verdict (eval/protocol.ts).
async function ablationCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const names = typeof values.collection === 'string' ? values.collection.split(',') : [...DEVELOPMENT_COLLECTIONS];
  const columns: { name: string; results: EngineResult[] }[] = [];
  for (const name of names) {
    const collection = loadCollection({ ...values, collection: name });
    process.stderr.write(`${collection.name}: ${collection.documents.length} documents, ${collection.queries.length} queries\n`);
    const engines = [new VariantEngine(DEFAULT_VARIANT), ...ablationEngines(values)];
    const results = await evaluateEngines(engines, collection, (result) =>
      process.stderr.write(`  ${result.engine}: nDCG@10 ${result.ndcg10.toFixed(4)}\n`),
    );
    columns.push({ name: collection.name, results });
  }
  const rows = columns[0]?.results.map((result) => result.engine) ?? [];
  const lines = [
    `| ranking (nDCG@10) | ${columns.map((c) => c.name).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...rows.map((engine, i) => `| ${engine} | ${columns.map((c) => c.results[i]?.ndcg10.toFixed(3) ?? '').join(' | ')} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(`\nAgainst the defaults, per query (mean difference ± standard error), and the protocol's verdict:\n\n`);
  process.stdout.write(`${protocolTable(columns)}\n`);
  const out = typeof values.out === 'string' ? values.out : '/tmp/gazette-eval/ablation.json';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), collections: columns }, null, 2)}\n`);
  process.stderr.write(`results written to ${out}\n`);
  return 0;
}

function ablationEngines(values: Record<string, string | boolean | undefined>): PeerEngine[] {
  const wanted = typeof values.engines === 'string' ? values.engines.toLowerCase().split(',') : undefined;
  const listed =
    values.methods === true
      ? methodVariants()
      : values.combinations === true
        ? [...ablationVariants(), ...combinationVariants()]
        : ablationVariants();
  const variants = listed.filter((v) => wanted === undefined || wanted.some((part) => v.name.toLowerCase().includes(part)));
  return [...(wanted === undefined && values.methods !== true ? [new GazettePeer()] : []), ...variants.map((v) => new VariantEngine(v))];
}

// Each variant (the first column holds the defaults) against the defaults on each collection, then the verdict.
function protocolTable(columns: readonly { name: string; results: EngineResult[] }[]): string {
  const rows = columns[0]?.results.slice(1).map((result) => result.engine) ?? [];
  const lines = [
    `| against the defaults (nDCG@10 per query) | ${columns.map((c) => c.name).join(' | ')} | verdict |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | --- |`,
    ...rows.map((engine, i) => {
      const differences = columns.map((c) => pairedDifference(c.results[i + 1]?.perQueryNdcg10 ?? {}, c.results[0]?.perQueryNdcg10 ?? {}));
      const cells = differences.map((d) => `${d.mean >= 0 ? '+' : '−'}${Math.abs(d.mean).toFixed(4)} ± ${d.standardError.toFixed(4)}`);
      const verdict = adoptionVerdict(differences);
      return `| ${engine} | ${cells.join(' | ')} | ${verdict.adopt ? 'adopt' : 'reject'}: ${verdict.reason} |`;
    }),
  ];
  return lines.join('\n');
}

// Near-duplicates among each engine's hits, and nDCG@10 with them collapsed (eval/near-duplicates.ts).
async function nearDuplicatesCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const collection = loadCollection({ ...values, collection: typeof values.collection === 'string' ? values.collection : 'reuters' });
  const lines = [
    '| engine | first ten: near-duplicates of a hit above (mean) | queries with any | nDCG@10 | collapsed |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const selected = selectEngines(allEngines(), typeof values.engines === 'string' ? values.engines : 'gazette');
  // Gazette's own collapse (collapse=versions, what the search page shows) beside the collapse measured here.
  const withOwn = selected.flatMap((engine) =>
    engine.name === 'Gazette' ? [engine, new GazettePeer({ collapse: 'versions' })] : [engine],
  );
  for (const engine of withOwn) {
    await buildEngine(engine, collection);
    const rankings = new Map<string, string[]>();
    for (const query of collection.queries) rankings.set(query.id, await engine.search(query.text, RUN_DEPTH));
    const r = nearDuplicateReport(rankings, collection.qrels, collection.documents);
    process.stderr.write(`  ${engine.name}: ${r.duplicatesInFirstTen.toFixed(2)} near-duplicates in the first ten\n`);
    lines.push(
      `| ${engine.name} | ${r.duplicatesInFirstTen.toFixed(2)} | ${r.queriesWithDuplicates} of ${r.queries} | ${r.ndcg10.toFixed(4)} | ${r.collapsedNdcg10.toFixed(4)} |`,
    );
  }
  process.stdout.write(`\n${collection.name}, near-duplicates (3-gram Jaccard ≥ ${NEAR_DUPLICATE_JACCARD}):\n\n${lines.join('\n')}\n`);
  return 0;
}

function selectEngines(engines: PeerEngine[], names: string | boolean | undefined): PeerEngine[] {
  const wanted = typeof names === 'string' ? names.toLowerCase().split(',') : undefined;
  const selected = engines.filter((engine) => wanted === undefined || wanted.some((part) => engine.name.toLowerCase().includes(part)));
  if (selected.length === 0) throw new UsageError(`--engines "${names}" names no engine`);
  return selected;
}

function numberFlag(value: string | boolean | undefined, flag: string, fallback: number, valid: (n: number) => boolean): number {
  if (typeof value !== 'string') return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !valid(parsed)) throw new UsageError(`${flag} got "${value}"\n\n${EVAL_USAGE}`);
  return parsed;
}

// nDCG@10 of every engine on clean and typo'd queries, one table per collection and, for
// several collections, the ratios side by side (issue 21).
async function typosCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const seed = numberFlag(values['typo-seed'], '--typo-seed must be an integer', DEFAULT_TYPO_SEED, Number.isSafeInteger);
  const rate = numberFlag(values['typo-rate'], '--typo-rate must be between 0 and 1', DEFAULT_TYPO_RATE, (n) => n >= 0 && n <= 1);
  const custom = typeof values.docs === 'string' ? [typeof values.name === 'string' ? values.name : 'custom'] : undefined;
  const names = custom ?? (typeof values.collection === 'string' ? values.collection : 'cranfield').split(',');
  const columns: { name: string; typod: { id: string; text: string }[]; results: TypoResult[] }[] = [];
  for (const name of names) {
    const collection = loadCollection({ ...values, collection: name });
    const typod = typoQueries(collection.queries, { seed, rate });
    const typos = collection.queries.reduce((sum, query, i) => sum + changedWords(query.text, typod[i]?.text ?? ''), 0);
    process.stderr.write(
      `${collection.name}: ${collection.documents.length} documents, ${collection.queries.length} queries, ${typos} typos (seed ${seed}, rate ${rate})\n`,
    );
    const results = await evaluateTypos(selectEngines(typoEngines(), values.engines), collection, typod, (r) =>
      process.stderr.write(`  ${r.engine}: nDCG@10 clean ${r.clean.ndcg10.toFixed(4)}, typo'd ${r.typod.ndcg10.toFixed(4)}\n`),
    );
    process.stdout.write(`\n${collection.name}, seed ${seed}, rate ${rate}:\n\n${typoTable(results)}\n`);
    columns.push({ name: collection.name, typod, results });
  }
  if (columns.length > 1) process.stdout.write(`\n${typoRatioTable(columns)}\n`);
  const out = typeof values.out === 'string' ? values.out : `/tmp/gazette-eval/typos-${names.join('-')}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, seed, rate, collections: columns }, null, 2)}\n`,
  );
  process.stderr.write(`results written to ${out}\n`);
  return 0;
}
