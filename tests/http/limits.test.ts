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
  const server = quietApp(engine, options).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
});
