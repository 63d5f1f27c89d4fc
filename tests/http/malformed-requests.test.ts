import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../../src/server/client-errors.js';
import { quietApp, sampleEngine } from './server-under-test.js';

// Requests Node's HTTP parser refuses never reach express: the server answers them itself.
let server: Server;
let port: number;

beforeAll(async () => {
  server = quietApp(await sampleEngine()).listen(0, '127.0.0.1');
  answerClientErrors(server);
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
});

/** Sends raw bytes on a new connection and returns everything the server wrote before closing it. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open; it wrote:\n${answer}`));
    }, 5_000);
    socket.on('data', (chunk) => {
      answer += String(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(bytes);
  });
}

function problemIn(answer: string, status: number) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
  expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
  expect(Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1])).toBe(Buffer.byteLength(body));
  const problem = JSON.parse(body);
  expect(problem).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.any(String) });
  return problem;
}

describe('requests that are not HTTP', () => {
  it('answer a malformed request line with a 400 problem and close the connection', async () => {
    const problem = problemIn(await exchange('HELLO THERE\r\n\r\n'), 400);
    expect(problem.code).toBe('malformed_request');
  });

  it('answer headers larger than Node accepts with a 431 problem', async () => {
    const answer = await exchange(`GET /search?q=minsk HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(problemIn(answer, 431)).toMatchObject({ code: 'headers_too_large', detail: expect.stringMatching(/headers/) });
  });

  it('still answer a well-formed request on the same server', async () => {
    const answer = await exchange('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
