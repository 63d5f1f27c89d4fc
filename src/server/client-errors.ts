import { maxHeaderSize, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { PROBLEM_TYPE, type ProblemDetails } from './problem.js';

type ClientError = Error & { code?: string; reason?: unknown };

// Node's parser errors that deserve their own status (the ones Node's default handler gives); any other is a 400.
const ANSWERS: Record<string, Pick<ProblemDetails, 'status' | 'code' | 'detail'>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    detail: `the request's headers are larger than the ${maxHeaderSize} bytes the server accepts; send fewer or shorter headers`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    code: 'chunk_extensions_too_large',
    detail: 'the chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'the request did not arrive in time' },
};

/**
 * Answers the requests Node's HTTP parser refuses (a malformed request line or header, headers
 * too large, a request too slow to arrive) with problem+json, like every other error, instead of
 * Node's bare `400 Bad Request`. They never reach express, so this goes on the HTTP server.
 *
 *     const server = createApp(engine).listen(3000);
 *     answerClientErrors(server, logger);
 */
export function answerClientErrors(server: Server, logger?: Logger): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    // Node's own rule: answer only if nothing of a response was written on this connection yet,
    // lest the client read our bytes as the rest of another answer.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const answer = ANSWERS[error.code ?? ''] ?? {
      status: 400,
      code: 'malformed_request',
      detail: `the request is not valid HTTP/1.1${typeof error.reason === 'string' ? ` (${error.reason.toLowerCase()})` : ''}`,
    };
    logger?.debug({ code: error.code, status: answer.status }, 'request refused by the HTTP parser');
    socket.end(rawProblem(answer), () => socket.destroy());
  });
}

function rawProblem({ status, code, detail }: Pick<ProblemDetails, 'status' | 'code' | 'detail'>): string {
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, code } satisfies ProblemDetails);
  return [
    `HTTP/1.1 ${status} ${title}`,
    `Content-Type: ${PROBLEM_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
