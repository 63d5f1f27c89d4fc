/**
 * What facets cost, on a real corpus: the facet step (field filters, date
 * histogram, three term facets, all read from the store's columns) against the
 * whole search that contains it, for a query matching everything and narrower ones.
 *
 *     npx tsx bench/facets.ts [articles.jsonl]   (default: the Reuters-21578 corpus in ../shared)
 */
import { collectFacets } from '../src/facets/collect.js';
import { DocumentStore } from '../src/index/document-store.js';
import { type Article, emptyReport, readArticles, SearchEngine, type SearchRequest } from '../src/index.js';
import { resolveRequest } from '../src/search/request.js';

const INPUT = process.argv[2] ?? new URL('../../shared/corpora/reuters21578/reuters21578.jsonl', import.meta.url).pathname;
// Broad (every article), medium, narrow; and the broad one with two filters, so multi-select counts twice.
// Last, days in a zone with daylight saving: the histogram's Intl cost at its highest.
const QUERIES: { q: string; filters?: SearchRequest['filters']; zoned?: true }[] = [
  { q: '' },
  { q: 'oil' },
  { q: 'cocoa' },
  { q: '', zoned: true },
  { q: '', filters: { tag: ['earn', 'acq'], source: ['reuters21578.jsonl'] } },
];
const RUNS = 30;

async function main(): Promise<void> {
  const articles: Article[] = [];
  const seen = new Set<string>();
  for await (const article of readArticles([INPUT], emptyReport())) {
    if (!seen.has(article.id)) articles.push(article);
    seen.add(article.id);
  }
  const engine = await SearchEngine.fromArticles(articles);
  // The same articles in the same order: the same article numbers as the engine's own store.
  const store = DocumentStore.fromArticles(articles);
  console.log(`${INPUT}: ${articles.length} articles; median of ${RUNS} runs after a warm-up\n`);
  console.log('query                      matches  search (date facet)  search (+author,tag,source)  facet step alone  share');
  for (const { q, filters, zoned } of QUERIES) {
    const dates: SearchRequest = zoned ? { q, interval: 'day', tz: 'Europe/Berlin' } : { q, interval: 'auto' };
    const withFacets: SearchRequest = { ...dates, facets: ['author', 'tag', 'source'], ...(filters ? { filters } : {}) };
    const docs = matchingDocs(engine, store, q);
    const plan = resolveRequest(withFacets);
    const dateOnly = median(() => engine.search({ ...dates, ...(filters ? { filters } : {}) }));
    const full = median(() => engine.search(withFacets));
    const facetStep = median(() => collectFacets(docs, store.facetColumns(), plan));
    console.log(
      `${(JSON.stringify(q) + (filters ? ' tag=earn|acq source=…' : '') + (zoned ? ' day, Berlin' : '')).padEnd(26)} ${String(docs.length).padStart(7)}  ${ms(dateOnly).padStart(19)}  ${ms(full).padStart(27)}  ${ms(facetStep).padStart(16)}  ${`${Math.round((facetStep / full) * 100)}%`.padStart(5)}`,
    );
  }
}

// Every article the query matches, by number. An empty query matches them all; others are paged through.
function matchingDocs(engine: SearchEngine, store: DocumentStore, q: string): Int32Array {
  if (q === '') return Int32Array.from(store.numbers());
  const docs: number[] = [];
  for (let offset = 0; ; offset += 100) {
    const { hits, total } = engine.search({ q, offset, limit: 100 });
    for (const hit of hits) docs.push(store.numberOf(hit.id) as number);
    if (offset + 100 >= total) break;
  }
  if (new Set(docs).size !== docs.length) throw new Error(`paging through "${q}" did not give each match once`);
  return Int32Array.from(docs);
}

function median(action: () => unknown): number {
  action();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    action();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

await main();
