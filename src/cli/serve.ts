import { hasIndex, LiveIndex, SearchEngine } from '../index.js';
import { createApp } from '../server/app.js';
import { parseCommandLine, wholeNumber } from './args.js';

export const SERVE_USAGE = `Usage: npm start -- [--index <dir>] [--articles <dir>] [--port N]

Serves the search API and page. With no index at --index yet, builds one from --articles first.
  --index      the index to serve (default: index-data/index)
  --articles   articles to index when there is no index (default: index-data/articles, the bundled sample)
  --port       port to listen on (default: $PORT, else 3000)`;

/** `serve`: opens (or first builds) the index and serves it over HTTP until SIGTERM or SIGINT. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    {
      index: { type: 'string', default: 'index-data/index' },
      articles: { type: 'string', default: 'index-data/articles' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    SERVE_USAGE,
  );
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const indexDirectory = values.index ?? 'index-data/index';
  const port = wholeNumber('port', values.port ?? process.env.PORT, 3000);
  if (!(await hasIndex(indexDirectory))) {
    console.log(`No index at ${indexDirectory} yet: building it from ${values.articles}`);
    const { engine, report } = await SearchEngine.fromFiles([values.articles ?? 'index-data/articles']);
    for (const problem of report.rejected) console.log(`  rejected ${problem.path}: ${problem.reason}`);
    await engine.save(indexDirectory);
  }
  const live = await LiveIndex.open(indexDirectory);
  // SIGHUP, like POST /admin/reload, swaps in the index's new version; a failure keeps the old one.
  process.on('SIGHUP', () =>
    live.reload().then(
      (r) => console.log(`reloaded ${r.version} in ${r.loadMs} ms`),
      (e) => console.error(e.message),
    ),
  );
  const server = createApp(() => live.engine, { live, token: process.env.GAZETTE_ADMIN_TOKEN }).listen(port, () => {
    console.log(`Gazette is serving ${live.engine.size} articles at http://localhost:${port}/`);
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
