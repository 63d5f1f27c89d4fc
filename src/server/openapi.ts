import { z } from 'zod';
import { BOOLEAN_RULE, SEARCH_PARAMETER_NAMES, SEARCH_PARAMETERS, type SearchParameter, WHOLE_NUMBER_RULE } from '../index.js';
import { KEY_SCOPES } from './keys.js';
import { newKeyRequest } from './routes/keys.js';
import {
  articleParameters,
  articleResponse,
  healthResponse,
  problemResponse,
  searchResponse,
  suggestParameters,
  suggestResponse,
} from './schemas.js';

type JsonObject = Record<string, unknown>;

// zod writes JavaScript's safe-integer range onto every .int(); the engine owns the real bounds.
function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ jsonSchema }) => {
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as JsonObject;
  delete json.$schema;
  return json;
}

// One OpenAPI parameter per property of a route's schema; its description moves up beside it.
function parametersOf(schema: z.ZodObject, location: 'query' | 'path'): JsonObject[] {
  const objectSchema = jsonSchemaOf(schema) as { properties: Record<string, JsonObject>; required?: string[] };
  return Object.entries(objectSchema.properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    const parameter: JsonObject = {
      name,
      in: location,
      required: location === 'path' || (objectSchema.required ?? []).includes(name),
      schema: propertySchema,
    };
    if (description !== undefined) parameter.description = description;
    // Lists travel comma-separated in a URL: fields=title,date.
    if (propertySchema.type === 'array') Object.assign(parameter, { style: 'form', explode: false });
    return parameter;
  });
}

// The search parameters come from the one table of them (src/query/parameters.ts): type,
// bounds, allowed values, default and description, for GET's query and POST's body alike.
function schemaOfParameter({ type, default: byDefault }: SearchParameter): JsonObject {
  const schema: JsonObject = schemaOfType(type);
  if (byDefault !== undefined) schema.default = byDefault;
  return schema;
}

function schemaOfType(type: SearchParameter['type']): JsonObject {
  switch (type.kind) {
    case 'string':
      return { type: 'string', ...(type.maxLength === undefined ? {} : { maxLength: type.maxLength }) };
    case 'date':
      return { type: 'string', examples: ['2020-08-10', '2020-08-10T13:10:00Z'] };
    case 'wholeNumber':
      return { type: 'integer', minimum: type.min, ...(type.max === undefined ? {} : { maximum: type.max }) };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...type.values] };
    case 'list': {
      const item =
        type.values === undefined
          ? { type: 'string', ...(type.maxItemLength === undefined ? {} : { maxLength: type.maxItemLength }) }
          : { type: 'string', enum: [...type.values] };
      return { type: 'array', items: item, ...(type.maxItems === undefined ? {} : { maxItems: type.maxItems }) };
    }
  }
}

function searchQueryParameters(): JsonObject[] {
  return SEARCH_PARAMETER_NAMES.map((name) => {
    const declared: SearchParameter = SEARCH_PARAMETERS[name];
    const schema = schemaOfParameter(declared);
    const parameter: JsonObject = { name, in: 'query', required: false, description: declared.description, schema };
    // fields=title,date travels comma-separated; a filter (author=A&author=B) is repeated, as its values may hold commas.
    if (declared.type.kind === 'list') Object.assign(parameter, { style: 'form', explode: !declared.type.commaSeparated });
    return parameter;
  });
}

function searchBody(): JsonObject {
  const properties = Object.fromEntries(
    SEARCH_PARAMETER_NAMES.map((name) => [
      name,
      { ...schemaOfParameter(SEARCH_PARAMETERS[name]), description: SEARCH_PARAMETERS[name].description },
    ]),
  );
  return { 'application/json': { schema: { type: 'object', properties, additionalProperties: false } } };
}

const json = (schema: z.ZodType) => ({ 'application/json': { schema: jsonSchemaOf(schema) } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const ARTICLE_BODY = {
  type: 'object',
  description: 'An article: id, title, body, date, updated, author, url, tags (or the usual other names of these fields)',
  properties: {
    id: { type: ['string', 'number'] },
    title: { type: 'string' },
    body: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
  },
};
const REFRESH_PARAMETER = {
  name: 'refresh',
  in: 'query',
  required: false,
  description: 'false (default): searchable within half a second; true: searchable at once; wait_for: answer once searchable',
  schema: { type: 'string', enum: ['false', 'true', 'wait_for'] },
};
const WRITE_ANSWER = {
  description: 'Durable: seq is the number of the last write, the items written and the errors by position',
  content: { 'application/json': { schema: { type: 'object', properties: { seq: { type: 'integer' } }, required: ['seq'] } } },
};
const WRITE_FAILURES = {
  '400': problem('No article could be written (errors by position), or a bad parameter'),
  '401': problem('No key, or a wrong one'),
  '403': problem('A key without the articles.write scope'),
  '404': problem('Off: the server was not started with --accept-writes true (or, for DELETE, no article has this id)'),
  '413': problem('The body is over the limit, or holds over 10,000 articles'),
};
const searchAnswers = {
  '200': { description: 'A page of hits and facets over all matches', content: json(searchResponse) },
  '304': { description: 'The client already holds this answer for the current index version (If-None-Match)' },
  '400': problem('A parameter cannot be used; `parameter` names it'),
  '503': problem('No index loaded yet, too many searches in flight, or a timeout; see Retry-After'),
};

// Search needs no credential when the server says so (--public-search, or a loopback address): `{}` is that case.
const SEARCH_SECURITY = [{}, { apiKey: [] }, { adminToken: [] }];
const GUARDED_ANSWERS = {
  '401': problem('No credential, or an unknown or revoked one'),
  '403': problem("A key whose scopes do not include this route's"),
  '404': problem('Off: the server has no GAZETTE_ADMIN_TOKEN and no keys'),
};
const keyInfo = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(KEY_SCOPES)),
  createdAt: z.string(),
  prefix: z.string().describe("The secret's first characters"),
});
const keyList = z.object({ keys: z.array(keyInfo) });
const createdKey = keyInfo.extend({ secret: z.string().describe('Send as Authorization: Bearer <secret>; shown only here') });

/** The OpenAPI 3.1 document of the API: the search parameters from their table, the answers from schemas.ts. */
export function openApiDocument(version: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gazette',
      version,
      description: `Full-text search over archives of articles: ranked, highlighted hits with date facets. Errors are RFC 9457 problem details. In a parameter, ${WHOLE_NUMBER_RULE}; ${BOOLEAN_RULE}.`,
    },
    paths: {
      '/search': {
        get: {
          operationId: 'search',
          summary: 'Search the articles',
          security: SEARCH_SECURITY,
          parameters: searchQueryParameters(),
          responses: searchAnswers,
        },
        post: {
          operationId: 'searchWithBody',
          summary: 'Search with the parameters as a JSON body (for long queries)',
          security: SEARCH_SECURITY,
          requestBody: { required: true, content: searchBody() },
          responses: {
            ...searchAnswers,
            '413': problem('The body is larger than the server accepts'),
            '415': problem('The body is not application/json'),
          },
        },
      },
      '/suggest': {
        get: {
          operationId: 'suggest',
          summary: 'Complete what a user is typing: words of the titles, authors, tags and sources',
          security: SEARCH_SECURITY,
          parameters: parametersOf(suggestParameters, 'query'),
          responses: {
            '200': { description: 'The completions, best first', content: json(suggestResponse) },
            '304': searchAnswers['304'],
            '400': searchAnswers['400'],
            '503': searchAnswers['503'],
          },
        },
      },
      '/articles/{id}': {
        get: {
          operationId: 'getArticle',
          summary: 'One whole article',
          security: SEARCH_SECURITY,
          parameters: parametersOf(articleParameters, 'path'),
          responses: {
            '200': { description: 'The article as indexed', content: json(articleResponse) },
            '404': problem('No article has this id'),
          },
        },
        put: {
          operationId: 'putArticle',
          summary: 'Add or replace one article (durable when answered)',
          security: [{ adminToken: [] }, { apiKey: [] }],
          parameters: [...parametersOf(articleParameters, 'path'), REFRESH_PARAMETER],
          requestBody: { required: true, content: { 'application/json': { schema: ARTICLE_BODY } } },
          responses: { '200': WRITE_ANSWER, '201': WRITE_ANSWER, ...WRITE_FAILURES },
        },
        delete: {
          operationId: 'deleteArticle',
          summary: 'Remove one article (durable when answered)',
          security: [{ adminToken: [] }, { apiKey: [] }],
          parameters: [...parametersOf(articleParameters, 'path'), REFRESH_PARAMETER],
          responses: { '200': WRITE_ANSWER, ...WRITE_FAILURES },
        },
      },
      '/articles': {
        post: {
          operationId: 'postArticles',
          summary: 'Add or replace articles: one, a JSON array, or NDJSON; bad ones reported by position, the rest applied',
          security: [{ adminToken: [] }, { apiKey: [] }],
          parameters: [REFRESH_PARAMETER],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: [ARTICLE_BODY, { type: 'array', items: ARTICLE_BODY }] } },
              'application/x-ndjson': { schema: { type: 'string', description: 'One article per line' } },
            },
          },
          responses: { '200': WRITE_ANSWER, ...WRITE_FAILURES },
        },
      },
      '/health': { get: { operationId: 'health', summary: 'Same as /health/ready', responses: healthAnswers() } },
      '/health/live': {
        get: {
          operationId: 'live',
          summary: 'The process is up',
          responses: { '200': { description: 'Alive', content: json(healthResponse) } },
        },
      },
      '/health/ready': { get: { operationId: 'ready', summary: 'An index is loaded and searches can run', responses: healthAnswers() } },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics: requests and latency by route and status, index size, last reload',
          security: [{ adminToken: [] }, { apiKey: [] }],
          responses: {
            '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...GUARDED_ANSWERS,
          },
        },
      },
      '/stats': {
        get: {
          operationId: 'stats',
          summary: "The served index's version, build and load times, reloads, and the process's memory (scope stats)",
          security: [{ adminToken: [] }, { apiKey: [] }],
          responses: {
            '200': { description: 'The statistics', content: { 'application/json': { schema: { type: 'object' } } } },
            ...GUARDED_ANSWERS,
          },
        },
      },
      '/admin/reload': {
        post: {
          operationId: 'reload',
          summary: "Load the index's newest version beside the one served, then swap it in (scope reload)",
          security: [{ adminToken: [] }, { apiKey: [] }],
          responses: {
            '200': { description: 'Reloaded', content: { 'application/json': { schema: { type: 'object' } } } },
            ...GUARDED_ANSWERS,
            '503': problem('The new version cannot be served; the previous one still is'),
          },
        },
      },
      '/keys': {
        get: {
          operationId: 'listKeys',
          summary: 'The search and write keys, without their secrets (admin token only)',
          security: [{ adminToken: [] }],
          responses: { '200': { description: 'The keys, oldest first', content: json(keyList) }, ...GUARDED_ANSWERS },
        },
        post: {
          operationId: 'createKey',
          summary: 'Create a key with scopes; its secret is in this answer only (admin token only)',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: json(newKeyRequest) },
          responses: {
            '201': { description: 'The key, with its secret', content: json(createdKey) },
            '400': problem('A field cannot be used; `parameter` names it'),
            ...GUARDED_ANSWERS,
          },
        },
      },
      '/keys/{id}': {
        delete: {
          operationId: 'revokeKey',
          summary: 'Revoke a key: it is refused from now on (admin token only)',
          security: [{ adminToken: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Revoked' }, ...GUARDED_ANSWERS },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: { Problem: jsonSchemaOf(problemResponse) },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: "The server's GAZETTE_ADMIN_TOKEN: every scope, and /keys" },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: `A key created by POST /keys, with some of the scopes ${KEY_SCOPES.join(', ')}`,
        },
      },
    },
  };
}

function healthAnswers(): JsonObject {
  return { '200': { description: 'Ready, with the index facts', content: json(healthResponse) }, '503': problem('No index loaded yet') };
}
