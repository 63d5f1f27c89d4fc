import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/index.js';
import { quietApp, sampleEngine } from './server-under-test.js';

let engine: SearchEngine;
const servers: Server[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  engine = await sampleEngine();
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

async function listening(options: Parameters<typeof quietApp>[1]): Promise<string> {
  return (await listeningServer(options)).base;
}

async function listeningServer(options: Parameters<typeof quietApp>[1]): Promise<{ base: string; server: Server }> {
  const server = quietApp(engine, options).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function openSocket(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

const TOKEN = 'limits-token-0123456789';

async function searchesInFlight(base: string): Promise<number> {
  const metrics = await (await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
  return Number(/^gazette_searches_in_flight (\d+)$/m.exec(metrics)?.[1]);
}

async function until(condition: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

// A POST /search whose body never finishes arriving: it holds a search slot until the socket closes.
async function stalledSearch(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"q":');
  await new Promise((resolve) => setTimeout(resolve, 50));
  return socket;
}

describe('limits', () => {
  it('refuses a search beyond the cap with 503 and Retry-After, and accepts again once a slot frees', async () => {
    const base = await listening({ maxConcurrentSearches: 1 });
    const stalled = await stalledSearch(base);
    const refused = await fetch(`${base}/search?q=minsk`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'too_many_searches', status: 503 });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    stalled.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${base}/search?q=minsk`)).status).toBe(200);
  });

  it('answers 503 to a request not finished within the timeout', async () => {
    const base = await listening({ requestTimeoutMs: 100 });
    const stalled = await stalledSearch(base);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      stalled.on('data', (chunk) => {
        text += String(chunk);
      });
      stalled.on('close', () => resolve(text));
      setTimeout(() => resolve(text), 2_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toContain('"code":"timeout"');
  });

  // A client that pipelines and never reads: its answers cannot leave, so each of its searches
  // would hold a slot until it goes, and every slot it held stayed taken once it had gone.
  it('lets one connection that pipelines searches and reads nothing hold one search slot, and frees it when it goes', async () => {
    const { base, server } = await listeningServer({ maxConcurrentSearches: 4, admin: { token: TOKEN } });
    let requests = 0;
    server.on('request', () => {
      requests += 1;
    });
    const hog = await openSocket(base);
    hog.pause();
    // ~10 MB of a static file first, more than the socket buffers hold: the searches behind it cannot be sent.
    const file = 'GET /search.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n';
    const search = 'GET /search?q=minsk HTTP/1.1\r\nHost: x\r\n\r\n';
    hog.write(file.repeat(600) + search.repeat(8));
    // Until the server stops reading from it (its answers are not going out).
    let seen = -1;
    await until(() => {
      const settled = seen === requests;
      seen = requests;
      return settled;
    }, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await searchesInFlight(base)).toBeLessThanOrEqual(1);
    expect((await fetch(`${base}/search?q=minsk`)).status).toBe(200);
    hog.destroy();
    await until(async () => (await searchesInFlight(base)) === 0, 2_000);
    expect(await searchesInFlight(base)).toBe(0);
  });

  it('answers every search one connection pipelines, in order', async () => {
    const base = await listening({ maxConcurrentSearches: 8 });
    const socket = await openSocket(base);
    const ids = Array.from({ length: 6 }, (_, n) => `pipelined-${n}`);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += String(chunk);
        if ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length === ids.length && text.endsWith('}')) resolve(text);
      });
    });
    socket.write(ids.map((id) => `GET /search?q=minsk&limit=1 HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\n\r\n`).join(''));
    const text = await answer;
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(ids.map(() => 'HTTP/1.1 200'));
    expect(text.match(/^x-request-id: \S+/gim)?.map((line) => line.split(': ')[1])).toEqual(ids);
  });
});
