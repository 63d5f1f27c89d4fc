import type { Server } from 'node:http';
import { type Logger, pino } from 'pino';
import { GazetteError, hasIndex, inThisThread, LiveIndex } from '../index.js';
import { createApp } from '../server/app.js';
import { answerClientErrors } from '../server/client-errors.js';
import { flagOf, loadServerConfig, SERVER_SETTINGS, type ServerConfig, serverUsage } from '../server/config.js';
import { KeyStore } from '../server/keys.js';
import { forTerminal, parseCommandLine } from './args.js';
import { logDestination } from './log-lines.js';
import { ArticlesFolderError, indexArticlesFolder, refuseUnusableArticles } from './serve-articles.js';

/** The port cannot be listened on (in use, or reserved); the message says which and what to do. */
export class PortUnavailableError extends GazetteError {
  constructor(host: string, port: number, code: string | undefined) {
    super(
      'port_unavailable',
      code === 'EACCES'
        ? `no permission to listen on port ${port} (ports below 1024 need privileges): choose another with --port`
        : code === 'EADDRNOTAVAIL'
          ? `${forTerminal(host)} is not an address of this machine: fix --host`
          : `port ${port} on ${forTerminal(host)} is in use by another program: stop it, or choose another with --port`,
    );
  }
}

/** The help text of `npm start`. */
export const SERVE_USAGE = serverUsage();

const FLAG_OPTIONS = Object.fromEntries([
  ...Object.keys(SERVER_SETTINGS).map((name) => [flagOf(name), { type: 'string' as const }]),
  ['config', { type: 'string' as const }],
  ['help', { type: 'boolean' as const, short: 'h', default: false }],
]);

/**
 * `serve`: listens at once (live, not yet ready), opens the index (building it first when there is
 * none; with --articles given, bringing it up to date with that folder first), then serves it until SIGTERM or SIGINT, when it stops accepting connections and lets
 * the requests in flight finish. An index that cannot be opened (or built) ends it with 1.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const values: Record<string, unknown> = parseCommandLine(argv, FLAG_OPTIONS, SERVE_USAGE).values;
  if (values.help === true) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const flags = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const file = flags.config ?? process.env.GAZETTE_CONFIG;
  const config = await loadServerConfig({ flags, env: process.env, ...(file === undefined ? {} : { file }) });
  const logger = pino({ level: config.logLevel }, logDestination());
  // Given (a flag, a variable or the file): the folder is served, and checked before listening.
  const articlesGiven = config.articles !== SERVER_SETTINGS.articles.default;
  if (articlesGiven) await refuseUnusableArticles(config.articles);
  else if (!(await hasIndex(config.index))) await refuseUnusableArticles(config.articles, `there is no index at ${config.index} yet, and `);

  const { adminToken, keys, publicSearch } = await accessRules(config);
  let live: LiveIndex | undefined;
  const app = createApp(() => live?.engine, {
    searchers: (engine) => (live === undefined ? inThisThread(engine) : live.searcherFor(engine)),
    admin: { live: () => live, token: adminToken },
    keys,
    publicSearch,
    // With --accept-writes the server is its index's one writer: the documents API is on.
    ...(config.acceptWrites ? { writes: {} } : {}),
    logger,
    corsOrigins: config.corsOrigins,
    cacheMaxAgeSeconds: config.cacheMaxAge,
    maxConcurrentSearches: config.maxConcurrentSearches,
    requestTimeoutMs: config.requestTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
  });
  const server = app.listen(config.port, config.host);
  answerClientErrors(server, logger);
  // Slow clients cannot hold a connection open forever: headers and whole requests are timed too.
  server.headersTimeout = Math.min(60_000, config.requestTimeoutMs + 1_000);
  server.requestTimeout = config.requestTimeoutMs + 1_000;
  await listening(server, config);
  const stopped = stopOnSignal(server, logger, config.shutdownTimeoutMs);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info({ port, host: config.host }, `Gazette is listening at http://${urlHost(config.host)}:${port}/`);
  const noWayToSearch = !publicSearch && (adminToken === undefined || adminToken === '');
  logger[noWayToSearch ? 'warn' : 'info']({ publicSearch }, searchAccessLine(publicSearch, config.host, adminToken));

  let opened: LiveIndex;
  try {
    opened = await openOrBuild(config, articlesGiven, logger);
  } catch (error) {
    if (error instanceof ArticlesFolderError) {
      logger.fatal({ articles: config.articles }, error.message);
      process.stderr.write(`error: ${error.message}\n`);
      await closeNow(server);
      return 1;
    }
    // Live but never ready helps nobody: exit, so that the supervisor (systemd, Kubernetes)
    // restarts the server, or stops retrying and shows this line.
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    logger.fatal({ index: config.index, err: error }, `cannot open the index: ${reason}`);
    process.stderr.write(`error: cannot open the index ${config.index}: ${reason}\n`);
    await closeNow(server);
    return 1;
  }
  live = opened;
  const engine = opened.engine;
  logger.info(
    { articles: engine.size, version: engine.info().version, searchThreads: opened.searchThreads },
    `serving ${engine.size} articles; ready`,
  );
  // SIGHUP, like POST /admin/reload, swaps in the index's newest version; a failure keeps the old one serving.
  process.on('SIGHUP', () => {
    opened.reload().then(
      (result) => logger.info(result, 'index reloaded'),
      (error: Error) => logger.error({ err: error }, 'reload failed; the previous index keeps serving'),
    );
  });
  await stopped;
  // Opened for writing: what was written goes into a segment, and the lock is given up.
  await opened.close();
  return 0;
}

/** Who may search and write: GAZETTE_ADMIN_TOKEN, the key file, and whether search is open. */
async function accessRules(config: ServerConfig): Promise<{ adminToken: string | undefined; keys: KeyStore; publicSearch: boolean }> {
  return {
    adminToken: process.env.GAZETTE_ADMIN_TOKEN,
    keys: await KeyStore.open(config.keysFile === '' ? `${config.index}.keys.json` : config.keysFile),
    publicSearch: config.publicSearch === 'auto' ? isLoopback(config.host) : config.publicSearch,
  };
}

// A port in use (or reserved, or an address not this machine's) is one line, not Node's stack trace.
function listening(server: Server, config: ServerConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      const known = ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(error.code ?? '');
      reject(known ? new PortUnavailableError(config.host, config.port, error.code) : error);
    });
  });
}

async function openOrBuild(config: ServerConfig, articlesGiven: boolean, logger: Logger): Promise<LiveIndex> {
  const files = { include: config.include, exclude: config.exclude };
  if (articlesGiven) {
    await indexArticlesFolder(config.index, config.articles, files, logger);
  } else if (!(await hasIndex(config.index))) {
    logger.info({ index: config.index, articles: config.articles }, 'no index yet: building it');
    await indexArticlesFolder(config.index, config.articles, files, logger);
  }
  return LiveIndex.open(config.index, {
    searchBudgetMs: config.searchBudgetMs,
    write: config.acceptWrites,
    searchThreads: config.searchThreads,
    onSearchThreadExit: (detail) => logger.error({ detail }, 'a search thread stopped; a new one replaces it'),
  });
}

// Nothing was served yet: no request deserves to be waited for.
function closeNow(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// Stop accepting, close idle keep-alive connections, let requests in flight end, then give up on
// the stragglers after the timeout.
function stopOnSignal(server: Server, logger: Logger, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: no new connections; finishing requests in flight');
      const forced = setTimeout(() => {
        logger.warn({ timeoutMs }, 'requests still in flight after the shutdown timeout: closing their connections');
        server.closeAllConnections();
      }, timeoutMs);
      forced.unref();
      server.close(() => {
        clearTimeout(forced);
        logger.info('stopped');
        resolve();
      });
      server.closeIdleConnections();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** Whether `host` is an address only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

// Said at every start, so that an operator sees who can search before anyone else does.
function searchAccessLine(publicSearch: boolean, host: string, adminToken: string | undefined): string {
  if (publicSearch) {
    return isLoopback(host)
      ? `search is open without a key on ${host}, which only this machine reaches`
      : `search is open without a key to anyone who reaches ${host} (--public-search true)`;
  }
  return adminToken === undefined || adminToken === ''
    ? 'search needs a key, and none can be created without GAZETTE_ADMIN_TOKEN: set it, or start with --public-search true'
    : 'search needs a key (POST /keys with the admin token creates one), or start with --public-search true';
}
