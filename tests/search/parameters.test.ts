import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEARCH_FLAGS, SEARCH_USAGE, searchCommand } from '../../src/cli/search.js';
import type { SearchEngine, SearchRequest } from '../../src/index.js';
import {
  ENGINE_PARAMETER_NAMES,
  HIT_FIELDS,
  SEARCH_PARAMETER_NAMES,
  SEARCH_PARAMETERS,
  type SearchParameter,
  type SearchParameterName,
} from '../../src/query/parameters.js';
import { searchHit } from '../../src/server/schemas.js';
import { article, engineOf } from '../helpers.js';
import { quietApp, sampleEngine } from '../http/server-under-test.js';

// The drift test of issue 19: the table of search parameters (src/query/parameters.ts) against
// every face that shows them: what the HTTP app accepts and refuses, /openapi.json, the CLI's
// flags, and the README's table. A parameter added, renamed or re-bounded in one place only fails here.

const declared = (name: SearchParameterName): SearchParameter => SEARCH_PARAMETERS[name];

/** Values the table says a parameter takes, as text. */
function acceptedValues(name: SearchParameterName): string[][] {
  const { type, default: byDefault } = declared(name);
  const withDefault = (values: string[][]) => (byDefault === undefined ? values : [[String(byDefault)], ...values]);
  switch (type.kind) {
    case 'wholeNumber':
      return withDefault([[String(type.min)], ...(type.max === undefined ? [] : [[String(type.max)]])]);
    case 'boolean':
      return [['true'], ['false'], ['1'], ['0']];
    case 'enum':
      return type.values.map((value) => [value]);
    case 'list':
      return type.values === undefined
        ? [['Wire Desk'], ['Wire Desk', 'Mira Holt']]
        : [...type.values.map((value) => [value]), [type.values.join(',')]];
    case 'date':
      return [['2020-01-01'], ['2020-01-01T12:00:00Z']];
    case 'string':
      return withDefault(type.maxLength === undefined ? [] : [['x'.repeat(type.maxLength)]]);
  }
}

/** Values the table says a parameter refuses, as text. */
function refusedValues(name: SearchParameterName): string[][] {
  const { type } = declared(name);
  switch (type.kind) {
    case 'wholeNumber':
      return [['ten'], ['1.5'], [String(type.min - 1)], ...(type.max === undefined ? [] : [[String(type.max + 1)]])];
    case 'boolean':
      return [['yes'], ['true', 'false']];
    case 'enum':
      return [['nonsense'], [type.values[0] ?? '', type.values[0] ?? '']];
    case 'list':
      return type.values === undefined
        ? [Array.from({ length: (type.maxItems ?? 0) + 1 }, (_, i) => `value ${i}`), ['x'.repeat((type.maxItemLength ?? 0) + 1)]]
        : [['nonsense']];
    case 'date':
      return [['yesterday'], ['2021-02-30']];
    case 'string':
      return type.maxLength === undefined ? [] : [['x'.repeat(type.maxLength + 1)]];
  }
}

// What a value needs beside it to be searched at all: hourly buckets over a whole archive would be too many.
const CONTEXT: Partial<Record<SearchParameterName, Record<string, string>>> = { interval: { from: '2020-08-01', to: '2020-08-31' } };

function queryString(name: SearchParameterName, values: string[]): string {
  const context = Object.entries(CONTEXT[name] ?? {}).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return [...values.map((value) => `${name}=${encodeURIComponent(value)}`), ...context].join('&');
}

describe('the table of search parameters', () => {
  it('declares every field of the library’s SearchRequest, filters as author, tag and source', () => {
    // The compiler holds this list to SearchRequest; the test holds the table to the list.
    const requestFields = {
      q: true,
      from: true,
      to: true,
      limit: true,
      offset: true,
      sort: true,
      interval: true,
      snippetLength: true,
      mode: true,
      explain: true,
      highlight: true,
      highlightPreTag: true,
      highlightPostTag: true,
      fragments: true,
      recency: true,
      tz: true,
      facets: true,
      facetSize: true,
      facetFrom: true,
      facetTo: true,
      filters: true,
      typoTolerance: true,
      collapse: true,
    } satisfies Record<keyof SearchRequest, true>;
    const expected = [...Object.keys(requestFields).filter((name) => name !== 'filters'), 'author', 'tag', 'source'];
    expect([...ENGINE_PARAMETER_NAMES].sort()).toEqual(expected.sort());
  });

  it.each(SEARCH_PARAMETER_NAMES)('declares %s consistently: a list repeats, a default is a value it accepts', (name) => {
    const { type, repeatable, default: byDefault, description } = declared(name);
    expect(repeatable).toBe(type.kind === 'list');
    expect(description).toMatch(/^\S.*\.$/);
    if (byDefault === undefined) return;
    if (type.kind === 'wholeNumber') expect(byDefault).toBeGreaterThanOrEqual(type.min);
    if (type.kind === 'wholeNumber' && type.max !== undefined) expect(byDefault).toBeLessThanOrEqual(type.max);
    if (type.kind === 'enum') expect(type.values).toContain(byDefault);
    if (type.kind === 'boolean') expect(typeof byDefault).toBe('boolean');
  });

  it('lets `fields` choose every field of a hit, as the response schema lists them', () => {
    expect(Object.keys(searchHit.shape)).toEqual(['id', ...HIT_FIELDS]);
  });
});

describe('the HTTP API against the table', () => {
  let app: ReturnType<typeof quietApp>;
  let engine: SearchEngine;
  beforeAll(async () => {
    engine = await sampleEngine();
    app = quietApp(engine);
  });

  it.each(SEARCH_PARAMETER_NAMES)('accepts every value the table gives %s', async (name) => {
    for (const values of acceptedValues(name)) {
      const response = await request(app).get(`/search?${queryString(name, values)}`);
      expect(response.status, `${name}=${values.join('&')}: ${response.body.detail}`).toBe(200);
    }
  });

  it.each(SEARCH_PARAMETER_NAMES)('refuses, naming it, every value the table refuses for %s', async (name) => {
    for (const values of refusedValues(name)) {
      const response = await request(app).get(`/search?${queryString(name, values)}`);
      expect(response.status, `${name}=${values.join('&').slice(0, 40)}`).toBe(400);
      expect(response.body.parameter).toBe(name);
    }
  });

  it('reads booleans and whole numbers as JSON values in a POST body, by the same rule', async () => {
    const body = { q: 'minsk', explain: 1, highlight: false, limit: 3, facetSize: '5', facets: ['author'] };
    expect((await request(app).post('/search').send(body)).status).toBe(200);
    expect((await request(app).post('/search').send({ q: 'x', limit: 2.5 })).body.parameter).toBe('limit');
    expect((await request(app).post('/search').send({ q: 'x', explain: 'yes' })).body.parameter).toBe('explain');
  });

  it('refuses a parameter the table does not declare', async () => {
    expect((await request(app).get('/search?q=x&colour=red')).body).toMatchObject({ parameter: 'colour' });
  });

  it('answers with the library’s names, plus paging and the deprecated aliases', async () => {
    const library = engine.search({ q: 'minsk', explain: true });
    const { body } = await request(app).get('/search?q=minsk&explain=true&page=1');
    // The library leaves `warnings` out when there are none; HTTP always sends the list.
    const httpOnly = Object.keys(body).filter((key) => !Object.hasOwn(library, key) && key !== 'warnings');
    expect(Object.keys(library).filter((key) => !Object.hasOwn(body, key))).toEqual([]);
    expect(httpOnly.sort()).toEqual(['hitsPerPage', 'page', 'processingTimeMs', 'totalHits', 'totalPages']);
    expect(Object.keys(body.hits[0]).sort()).toEqual(Object.keys(library.hits[0] ?? {}).sort());
  });
});

describe('/openapi.json against the table', () => {
  let document: { paths: Record<string, Record<string, Record<string, unknown>>> };
  beforeAll(async () => {
    document = (await request(quietApp(await sampleEngine())).get('/openapi.json')).body;
  });

  it('lists every parameter of GET /search, in the table’s order, and those of the POST body', () => {
    const get = document.paths['/search']?.get?.parameters as { name: string }[];
    expect(get.map((parameter) => parameter.name)).toEqual(SEARCH_PARAMETER_NAMES);
    const body = document.paths['/search']?.post?.requestBody as { content: Record<string, { schema: { properties: object } }> };
    expect(Object.keys(body.content['application/json']?.schema.properties ?? {})).toEqual(SEARCH_PARAMETER_NAMES);
  });

  it.each(SEARCH_PARAMETER_NAMES)('gives %s the table’s description, values, bounds and default', (name) => {
    const get = document.paths['/search']?.get?.parameters as { name: string; description: string; schema: Record<string, unknown> }[];
    const { description, schema } = get.find((parameter) => parameter.name === name) ?? {
      description: '',
      schema: {} as Record<string, unknown>,
    };
    const { type, default: byDefault } = declared(name);
    expect(description).toBe(declared(name).description);
    expect(schema.default).toEqual(byDefault);
    if (type.kind === 'enum') expect(schema.enum).toEqual(type.values);
    if (type.kind === 'list')
      expect(schema).toMatchObject({ type: 'array', items: type.values === undefined ? { type: 'string' } : { enum: type.values } });
    if (type.kind === 'wholeNumber') expect([schema.type, schema.minimum, schema.maximum]).toEqual(['integer', type.min, type.max]);
    if (type.kind === 'boolean') expect(schema.type).toBe('boolean');
    if (type.kind === 'string') expect(schema.maxLength).toBe(type.maxLength);
  });
});

describe('the command line against the table', () => {
  let indexDirectory: string;
  beforeAll(async () => {
    indexDirectory = join(await mkdtemp(join(tmpdir(), 'gazette-test-parameters-')), 'index');
    const engine = await engineOf([
      article({ id: 'p1', title: 'Harbour storm', author: 'Wire Desk', tags: ['weather'], date: '2020-08-10T10:00:00Z' }),
      article({ id: 'p2', title: 'Harbour reopens', author: 'Mira Holt', tags: ['transport'], date: '2020-08-12T10:00:00Z' }),
    ]);
    await engine.save(indexDirectory);
  });
  afterEach(() => vi.restoreAllMocks());

  // Flags of the search parameters: every one the library reads but `q`, which is the words after them.
  const cliParameters = ENGINE_PARAMETER_NAMES.filter((name) => name !== 'q');
  const flagOf = (name: SearchParameterName) => SEARCH_FLAGS.find((flag) => flag.name === name)?.flag ?? '';

  it('has a flag for every parameter the library reads, and lists each in its usage', () => {
    expect(SEARCH_FLAGS.map(({ name }) => name)).toEqual(cliParameters);
    for (const { flag } of SEARCH_FLAGS) expect(SEARCH_USAGE).toMatch(new RegExp(`^  --${flag}\\b`, 'm'));
  });

  function run(name: SearchParameterName, values: string[]): Promise<number> {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // --flag=value: a value may start with a minus sign.
    const context = Object.entries(CONTEXT[name] ?? {}).map(([key, value]) => `--${flagOf(key as SearchParameterName)}=${value}`);
    const flags = values.map((value) => `--${flagOf(name)}=${value}`);
    return searchCommand(['--index', indexDirectory, ...flags, ...context, 'harbour']);
  }

  it.each(cliParameters)('accepts every value the table gives --%s', async (name) => {
    for (const values of acceptedValues(name)) expect(await run(name, values), values.join(' ')).toBe(0);
  });

  it.each(cliParameters)('refuses, naming the flag, every value the table refuses for %s', async (name) => {
    for (const values of refusedValues(name)) {
      await expect(run(name, values), values.join(' ').slice(0, 40)).rejects.toThrow(new RegExp(`^--${flagOf(name)}\\b`));
    }
  });
});

/** The README's table of GET /search parameters: each row's names and, where it shows one, default. */
function readmeParameterRows(readme: string): { names: string[]; defaults: string[] }[] {
  const section = readme.slice(readme.indexOf('### `GET /search` and `POST /search`'));
  const table = section.slice(section.indexOf('| parameter |'), section.indexOf('\n\n', section.indexOf('| parameter |')));
  return table
    .split('\n')
    .slice(2)
    .map((row) => {
      const cells = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      const names = [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
      const last = cells[cells.length - 2] ?? '';
      const defaults = /^(none|all)\b/.test(last) ? [] : last.split(/,\s*/).map((value) => value.replaceAll('`', '').replace(/^""$/, ''));
      return { names, defaults };
    });
}

describe('the README against the table', () => {
  it('lists every search parameter in its table of GET /search parameters, and only those', async () => {
    const rows = readmeParameterRows(await readFile(new URL('../../README.md', import.meta.url), 'utf8'));
    expect(rows.flatMap((row) => row.names).sort()).toEqual([...SEARCH_PARAMETER_NAMES].sort());
  });

  it('shows each parameter’s default as the table declares it', async () => {
    const rows = readmeParameterRows(await readFile(new URL('../../README.md', import.meta.url), 'utf8'));
    for (const { names, defaults } of rows) {
      const expected = names.map((name) => declared(name as SearchParameterName).default);
      if (defaults.length === 0) expect(expected, names.join(', ')).toEqual(names.map(() => undefined));
      else expect(defaults, names.join(', ')).toEqual(expected.map((value) => String(value)));
    }
  });
});
