// Measures the HTTP server's throughput and latency with autocannon at several concurrencies.
//
//   npm run build-index -- --input ../shared/corpora/reuters21578/reuters21578.jsonl --out /tmp/reuters-index
//   npx tsx bench/http.ts --index /tmp/reuters-index [--duration 10] [--concurrency 1,16,64]
//
// The server runs in its own process, as `npm start` runs it (JSON logs at info, to /dev/null),
// on 127.0.0.1 only; autocannon runs here and cycles through a fixed list of queries, so
// responses are full searches (no If-None-Match, so no 304s).

import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { REUTERS_QUERIES } from './reuters-queries.js';
import { freePort, startServer } from './server.js';

const QUERIES = REUTERS_QUERIES;

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/tmp/reuters-index' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,16,64' },
  },
});

const port = await freePort();
const server = await startServer(String(values.index), port);
const articles = ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { articles: number }).articles;
console.log(
  `Index ${values.index}: ${articles} articles; ${QUERIES.length} queries in turn; ${values.duration} s per run; node ${process.version}`,
);
console.log('| connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  // A short warm-up so that the first run does not pay for JIT compilation.
  await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 4,
    amount: 200,
    requests: QUERIES.map((q) => ({ path: `/search?q=${encodeURIComponent(q)}` })),
  });
  for (const connections of String(values.concurrency).split(',').map(Number)) {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: Number(values.duration),
      requests: QUERIES.map((q) => ({ method: 'GET', path: `/search?q=${encodeURIComponent(q)}` })),
    });
    const { latency, requests } = result;
    console.log(
      `| ${connections} | ${requests.average.toFixed(0)} | ${latency.p50} | ${latency.p90} | ${latency.p99} | ${latency.max} | ${result.non2xx} |`,
    );
  }
} finally {
  server.kill('SIGTERM');
}
