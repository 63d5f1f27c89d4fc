import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { publicSource, withoutServerPaths } from '../../src/server/disk-paths.js';
import { quietApp, SAMPLE, sampleEngine } from './server-under-test.js';

// What an anonymous client may learn of the server's disk: nothing. Operators' routes need the admin token.
const TOKEN = 'disclosure-token-0123456789';
const WIRE = fileURLToPath(new URL('../fixtures/wire.jsonl', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let engine: SearchEngine;

beforeAll(async () => {
  engine = await sampleEngine();
});

describe('operators-only routes', () => {
  it.each(['/stats', '/metrics'])('%s is off (404) when no admin token is configured', async (path) => {
    const response = await request(quietApp(engine)).get(path).set('Authorization', `Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toMatch(/GAZETTE_ADMIN_TOKEN/);
  });

  it.each(['/stats', '/metrics'])('%s refuses a missing or wrong token with 401, and answers the right one', async (path) => {
    const app = quietApp(engine, { admin: { token: TOKEN } });
    const missing = await request(app).get(path);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect((await request(app).get(path).set('Authorization', 'Bearer wrong')).status).toBe(401);
    expect((await request(app).get(path).set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
  });
});

describe('public answers', () => {
  it('give an article its source as the file name, not the path the index was built from', async () => {
    const app = quietApp(engine);
    const story = await request(app).get('/articles/2020-08-10-minsk-protests-water-cannon');
    expect(story.status).toBe(200);
    expect(story.body.source).toBe('2020-08-10-minsk-protests-water-cannon.txt');
    const { engine: wire } = await SearchEngine.fromFiles([WIRE]);
    const record = await request(quietApp(wire)).get('/articles/w2');
    expect(record.body.source).toBe('wire.jsonl:2');
  });

  it('hold no path of the server in searches, articles, health or the OpenAPI document', async () => {
    const app = quietApp(engine);
    const answers = await Promise.all(
      [
        '/search?q=minsk&explain=true&facets=author,tag,source',
        '/search?q=&limit=100',
        '/articles/2020-08-10-minsk-protests-water-cannon',
        '/health/ready',
        '/openapi.json',
      ].map((path) => request(app).get(path)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(SAMPLE);
      expect(answer.text).not.toContain(ROOT);
    }
  });
});

describe('paths taken out of messages', () => {
  it('shows files inside the index relative to it, and other absolute paths by their names', () => {
    const message =
      "reload of /srv/gazette/index failed, still serving v-1: /srv/gazette/index/v-2/manifest.json: cannot be read (EACCES: permission denied, open '/mnt/other/manifest.json'); rebuild it with npm run build-index";
    expect(withoutServerPaths(message, '/srv/gazette/index')).toBe(
      "reload of the index folder failed, still serving v-1: v-2/manifest.json: cannot be read (EACCES: permission denied, open 'manifest.json'); rebuild it with npm run build-index",
    );
  });

  it('treats a relative index folder as a whole path, never as a word', () => {
    expect(withoutServerPaths('index/v-2/postings.bin: truncated; rebuild it with npm run build-index', 'index')).toBe(
      'v-2/postings.bin: truncated; rebuild it with npm run build-index',
    );
  });

  it('gives a source by its file name and line, whatever the system, and keeps a URL', () => {
    expect(publicSource('/srv/archive/2021/wire.jsonl:14')).toBe('wire.jsonl:14');
    expect(publicSource('C:\\archive\\story.txt')).toBe('story.txt');
    expect(publicSource('story.txt')).toBe('story.txt');
    expect(publicSource('https://news.example/feed.xml')).toBe('https://news.example/feed.xml');
  });
});
