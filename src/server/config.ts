import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { GazetteError } from '../index.js';
import type { CorsOrigins } from './middleware.js';

/** The server's configuration could not be used; the message names the setting and where it came from. */
export class ConfigError extends GazetteError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}

const whole = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const corsOrigins = z.union([z.array(z.url()), z.string()]).transform((value, context): CorsOrigins => {
  if (Array.isArray(value)) return value;
  if (value === 'none' || value === '*') return value;
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!z.url().safeParse(origin).success) {
      context.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as https://news.example` });
    }
  }
  return origins;
});

// Commas inside braces belong to a pattern: {a,b}.
const globList = z.union([z.array(z.string().min(1)), z.string()]).transform((value) =>
  Array.isArray(value)
    ? value
    : value
        .split(/,(?![^{]*\})/)
        .map((pattern) => pattern.trim())
        .filter(Boolean),
);

/**
 * Every setting of `npm start`: its flag (kebab-case), its environment variables, its type and
 * bounds, its default and its help line. Flags beat environment variables, which beat the file.
 */
export const SERVER_SETTINGS = {
  port: { env: ['GAZETTE_PORT', 'PORT'], schema: whole(0, 65_535), default: 3000, help: 'port to listen on' },
  host: {
    env: ['GAZETTE_HOST'],
    schema: z.string().min(1),
    default: '127.0.0.1',
    help: 'address to listen on (0.0.0.0: every network interface; the default is this machine only)',
  },
  publicSearch: {
    env: ['GAZETTE_PUBLIC_SEARCH'],
    schema: z
      .union([z.boolean(), z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' })])
      .transform((value) => (value === 'auto' ? 'auto' : value === true || value === 'true')),
    default: 'auto',
    help: 'search without a key: true, false, or auto (open only when --host is a loopback address such as 127.0.0.1)',
  },
  acceptWrites: {
    env: ['GAZETTE_ACCEPT_WRITES'],
    schema: z
      .union([z.boolean(), z.enum(['true', 'false'], { error: 'must be true or false' })])
      .transform((value) => value === true || value === 'true'),
    default: false,
    help: "be the index's one writer: take POST, PUT and DELETE /articles (admin token, or a key of scope articles.write); reloads are refused",
  },
  keysFile: {
    env: ['GAZETTE_KEYS_FILE'],
    schema: z.string(),
    default: '',
    shownDefault: '<index>.keys.json',
    help: 'where the search and write keys created with POST /keys are kept (secrets stored as SHA-256 digests)',
  },
  index: { env: ['GAZETTE_INDEX'], schema: z.string().min(1), default: 'index-data/index', help: 'the index to serve' },
  articles: {
    env: ['GAZETTE_ARTICLES'],
    schema: z.string().min(1),
    default: 'index-data/articles',
    help: 'the folder of articles to serve: indexed when there is no index yet, and, when given, brought up to date with the index first',
  },
  include: {
    env: ['GAZETTE_INCLUDE'],
    schema: globList,
    default: '',
    help: 'index only the files under --articles matching these globs, comma-separated (*.txt,*.md)',
  },
  exclude: {
    env: ['GAZETTE_EXCLUDE'],
    schema: globList,
    default: '',
    help: 'leave out the files under --articles matching these globs, comma-separated (README*,LICENSE*)',
  },
  corsOrigins: {
    env: ['GAZETTE_CORS_ORIGINS'],
    schema: corsOrigins,
    default: 'none',
    help: 'pages of other origins allowed to call the API: none, *, or a comma-separated list of origins',
  },
  cacheMaxAge: {
    env: ['GAZETTE_CACHE_MAX_AGE'],
    schema: whole(0, 86_400),
    default: 0,
    help: 'seconds clients may reuse a search or article without asking (the ETag changes with the index)',
  },
  maxConcurrentSearches: {
    env: ['GAZETTE_MAX_CONCURRENT_SEARCHES'],
    schema: whole(1, 10_000),
    default: 64,
    help: 'searches in flight before more are refused with 503 (one per connection at a time)',
  },
  requestTimeoutMs: {
    env: ['GAZETTE_REQUEST_TIMEOUT_MS'],
    schema: whole(100, 600_000),
    default: 10_000,
    help: 'answer 503 to a request not answered within this time',
  },
  searchBudgetMs: {
    env: ['GAZETTE_SEARCH_BUDGET_MS'],
    schema: whole(1, 600_000),
    default: 1_000,
    help: 'a search still running after this many ms is stopped and answered 503, so one costly query cannot hold the server',
  },
  searchThreads: {
    env: ['GAZETTE_SEARCH_THREADS'],
    schema: whole(1, 256),
    default: availableParallelism(),
    shownDefault: 'the number of CPUs',
    help: "threads answering searches over one shared copy of the index; 1: in the server's own thread (always so with --accept-writes)",
  },
  maxBodyBytes: {
    env: ['GAZETTE_MAX_BODY_BYTES'],
    schema: whole(256, 10_485_760),
    default: 16_384,
    help: 'largest POST /search body (413 beyond)',
  },
  shutdownTimeoutMs: {
    env: ['GAZETTE_SHUTDOWN_TIMEOUT_MS'],
    schema: whole(0, 600_000),
    default: 10_000,
    help: 'on SIGTERM, how long to let requests in flight finish before closing their connections',
  },
  logLevel: {
    env: ['GAZETTE_LOG_LEVEL'],
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    help: 'least severe JSON log line written to stdout: fatal, error, warn, info, debug, trace, silent',
  },
} as const;

type Settings = typeof SERVER_SETTINGS;
/** The validated configuration of the server. */
export type ServerConfig = { [Name in keyof Settings]: z.output<Settings[Name]['schema']> };

/** Where each raw value comes from, for an error message that says where to fix it. */
export interface ConfigSources {
  flags: Partial<Record<string, string>>;
  env: NodeJS.ProcessEnv;
  /** The config file's path, if one is given (by --config or GAZETTE_CONFIG). */
  file?: string;
}

/** The kebab-case flag of a setting: maxConcurrentSearches -> max-concurrent-searches. */
export function flagOf(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Reads and checks the configuration from flags, environment and an optional JSON or YAML file. */
export async function loadServerConfig(sources: ConfigSources): Promise<ServerConfig> {
  const fromFile = sources.file === undefined ? {} : await readConfigFile(sources.file);
  const config: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SERVER_SETTINGS) as Array<[keyof Settings, Settings[keyof Settings]]>) {
    const flag = sources.flags[flagOf(name)];
    const envName = setting.env.find((variable) => sources.env[variable] !== undefined);
    const [raw, origin] =
      flag !== undefined
        ? [flag, `--${flagOf(name)}`]
        : envName !== undefined
          ? [sources.env[envName], envName]
          : Object.hasOwn(fromFile, name)
            ? [fromFile[name], `${name} in ${sources.file}`]
            : [setting.default, `the default of ${name}`];
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (!parsed.success)
      throw new ConfigError(`${origin}: ${parsed.error.issues[0]?.message ?? 'is not valid'} (got ${JSON.stringify(raw)})`);
    config[name] = parsed.data;
  }
  return config as ServerConfig;
}

async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let content: unknown;
  try {
    content = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new ConfigError(`the config file ${path} must hold an object of settings such as {"port": 8080}`);
  }
  const unknown = Object.keys(content).filter((name) => !Object.hasOwn(SERVER_SETTINGS, name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `the config file ${path} has unknown settings ${unknown.join(', ')}; known settings are ${Object.keys(SERVER_SETTINGS).join(', ')}`,
    );
  }
  return content as Record<string, unknown>;
}

/** The help text of `npm start`, generated from SERVER_SETTINGS so it never misses one. */
export function serverUsage(): string {
  const lines = Object.entries(SERVER_SETTINGS).map(([name, setting]) => {
    const fallback = 'shownDefault' in setting ? setting.shownDefault : String(setting.default);
    return `  --${flagOf(name).padEnd(24)} ${setting.help}\n  ${' '.repeat(26)} env ${setting.env.join(' or ')}; default ${fallback}`;
  });
  return [
    'Usage: npm start -- [options]',
    '',
    'Serves the search API and page. With no index at --index yet, builds one from --articles first;',
    '/health/ready answers 503 until the index is loaded. SIGTERM or SIGINT stops accepting connections,',
    'lets requests in flight finish, then exits.',
    '',
    `  --${'config'.padEnd(24)} a JSON or YAML file of settings (keys as below, in camelCase: {"port": 8080})`,
    `  ${' '.repeat(26)} env GAZETTE_CONFIG. Flags beat environment variables, which beat the file.`,
    ...lines,
    `  --${'help'.padEnd(24)} this text`,
  ].join('\n');
}
