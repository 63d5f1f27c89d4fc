import type { DestinationStream } from 'pino';
import { forTerminal } from './args.js';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// What every line carries and a person reading a terminal does not need.
const LEFT_OUT = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * One of pino's JSON lines as a person reads it on a terminal:
 * `12:04:31 INFO  serving 48 articles; ready  articles=48 version="v-…"`. A request's line
 * reads `GET /search?q=x 200 1.2 ms`. A line that is not JSON passes unchanged.
 */
export function readableLogLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = { ...entry };
  let message = String(entry.msg ?? '');
  if (message === 'request' && typeof entry.method === 'string') {
    message = `${entry.method} ${String(entry.url)} ${String(entry.status)} ${String(entry.ms)} ms`;
    for (const name of ['method', 'url', 'status', 'ms']) delete fields[name];
  }
  const rest = Object.entries(fields)
    .filter(([name]) => !LEFT_OUT.has(name))
    .map(([name, value]) => `${name}=${typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value)}`);
  // A URL or a file name cannot send escapes to the terminal.
  return `${forTerminal(`${time} ${level} ${message}${rest.length > 0 ? `  ${rest.join(' ')}` : ''}`)}\n`;
}

/**
 * Where the server's log goes: readable lines on a terminal, pino's JSON lines otherwise (for
 * journald, Docker, a log shipper). Times on a terminal are UTC, as in the JSON.
 */
export function logDestination(output: NodeJS.WriteStream = process.stdout): DestinationStream {
  if (output.isTTY !== true) return output;
  return { write: (line: string) => void output.write(readableLogLine(line)) };
}
