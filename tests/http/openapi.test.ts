import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_PARAMETER_NAMES } from '../../src/query/parameters.js';
import { flagOf, SERVER_SETTINGS } from '../../src/server/config.js';
import { articleResponse, problemResponse, searchResponse } from '../../src/server/schemas.js';
import { quietApp, sampleEngine } from './server-under-test.js';

let app: ReturnType<typeof quietApp>;

beforeAll(async () => {
  // With an admin token, so that /metrics is on (it answers 401 here, not 404).
  app = quietApp(await sampleEngine(), { admin: { token: 'openapi-test-token' } });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await request(app).get('/openapi.json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(response.body);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every search parameter, from their table', async () => {
    const document = (await request(app).get('/openapi.json')).body;
    const documented = document.paths['/search'].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(documented).toEqual(SEARCH_PARAMETER_NAMES);
    const limit = document.paths['/search'].get.parameters.find((parameter: { name: string }) => parameter.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } });
    expect(document.paths['/search'].post.requestBody.content['application/json'].schema.properties.fields.type).toBe('array');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/search', '/articles/{id}', '/health/live', '/health/ready', '/metrics', '/openapi.json']),
    );
  });

  it('describes the answers the server really gives', async () => {
    searchResponse.parse((await request(app).get('/search?q=minsk&page=2&hitsPerPage=2')).body);
    searchResponse.parse(
      (
        await request(app)
          .post('/search')
          .send({ q: 'budget', fields: ['title'] })
      ).body,
    );
    articleResponse.parse((await request(app).get('/articles/2020-08-10-minsk-protests-water-cannon')).body);
    problemResponse.parse((await request(app).get('/search?limit=0')).body);
    problemResponse.parse((await request(app).delete('/search')).body);
  });

  it('describes the routes this server answers, and only those', async () => {
    const document = (await request(app).get('/openapi.json')).body;
    for (const path of Object.keys(document.paths)) {
      const concrete = path.replace('{id}', '2020-08-10-minsk-protests-water-cannon');
      expect((await request(app).get(concrete)).status, path).not.toBe(404);
    }
  });
});

describe('the README', () => {
  it('documents every search parameter, and every server setting', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## HTTP API'), readme.indexOf('## Library'));
    for (const name of SEARCH_PARAMETER_NAMES) expect(section, name).toContain(`\`${name}\``);
    for (const name of Object.keys(SERVER_SETTINGS)) expect(section, name).toContain(`\`--${flagOf(name)}\``);
  });
});
